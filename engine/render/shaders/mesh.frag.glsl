#version 330 core
#include "mesh_variants.glsl"
#include "frame_block.glsl"
#include "color.glsl"
#include "lighting.glsl"

uniform bool u_blend;
#ifdef PER_PIXEL
uniform float u_alpha_cutoff;
uniform vec3 u_emissive;
in vec4 v_color;
in vec2 v_uv;
  #ifdef TEXTURED
uniform sampler2D u_texture;       // UNLIT: plain display values; lit: sRGB, sampled as linear
  #endif
  #ifdef EMISSIVE_MAP
uniform sampler2D u_emissive_map;  // sRGB, sampled as linear
  #endif
  #ifdef NORMAL_MAP
uniform sampler2D u_normal_map;    // tangent space, linear: x right, y up the image, z out
uniform float u_normal_scale;
in vec3 v_world;
in vec3 v_normal;
in vec4 v_tangent;
  #else
in vec3 v_light;
  #endif
#else
in vec4 v_color;
#endif
#ifdef FOG
in float v_depth;
#endif
out vec4 frag;

#ifdef NORMAL_MAP
// The normal map's normal in world space, turned towards the side seen as the vertex lighting does.
vec3 mapped_normal(vec3 to_eye) {
    vec3 n = normalize(v_normal);
    // Interpolation bends the tangent off the surface: take its part along it again.
    vec3 t = v_tangent.xyz - n * dot(n, v_tangent.xyz);
    t *= inversesqrt(max(dot(t, t), 1e-20));
    vec3 b = cross(n, t) * (v_tangent.w < 0.0 ? -1.0 : 1.0);
    vec3 s = texture(u_normal_map, v_uv).xyz * 2.0 - 1.0;
    s.xy *= u_normal_scale;
    vec3 mapped = normalize(mat3(t, b, n) * s);
    return dot(n, to_eye) < 0.0 ? -mapped : mapped;   // a double-sided face seen from behind
}
#endif

void main() {
#ifdef PER_PIXEL
    vec4 base = v_color;
  #ifdef TEXTURED
    base *= texture(u_texture, v_uv);
  #endif
  #ifdef MASK
    if (base.a < u_alpha_cutoff) discard;
  #endif
  #ifdef UNLIT
    vec4 c = vec4(base.rgb, u_blend ? base.a : 1.0);
  #else
    #ifdef NORMAL_MAP
    vec3 to_eye = u_eye.xyz - v_world;
    vec3 light = surface_light(mapped_normal(to_eye), to_eye);
    #else
    vec3 light = v_light;
    #endif
    vec3 emitted = u_emissive;
    #ifdef EMISSIVE_MAP
    emitted *= texture(u_emissive_map, v_uv).rgb;
    #endif
    vec4 c = vec4(linear_to_srgb(tonemap((base.rgb * light + emitted) * u_zenith.w)), u_blend ? base.a : 1.0);
  #endif
#else
    vec4 c = v_color;
#endif
#ifdef FOG
    // Haze towards the horizon colour, mixed in display values: close enough for haze, and cheap.
    c.rgb = mix(c.rgb, u_haze.rgb, 1.0 - exp2(-1.442695 * u_horizon.w * v_depth));
#endif
    frag = c;
}
