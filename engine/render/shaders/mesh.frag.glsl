#version 330 core
#include "mesh_variants.glsl"
#include "frame_block.glsl"
#include "color.glsl"
#include "lighting.glsl"
#ifdef SHADOWED
#include "shadow_lookup.glsl"
#endif

uniform bool u_blend;
#ifdef REFLECT
in vec4 v_reflect;
#endif
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
in vec4 v_indoor;
in float v_ao;
  #else
in vec3 v_light;
    #ifdef SHADOWED
in vec3 v_sun;
    #endif
  #endif
#else
in vec4 v_color;
  #ifdef SHADOWED
in vec3 v_shade;
  #endif
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

#if defined(PER_PIXEL) && !defined(UNLIT)
// What lights the surface colour here: everything but the sun, plus the sun where it is not shadowed.
vec3 pixel_light() {
  #ifdef NORMAL_MAP
    vec3 to_eye = u_eye.xyz - v_world;
    vec3 n = mapped_normal(to_eye);
    vec3 light = mix(sky_light(n), v_indoor.rgb, v_indoor.a) * v_ao;
    vec3 sun = sun_light(n, to_eye) * ((1.0 - v_indoor.a) * (0.5 + 0.5 * v_ao));
  #else
    vec3 light = v_light;
    #ifdef SHADOWED
    vec3 sun = v_sun;
    #endif
  #endif
  #ifdef SHADOWED
    light += sun * sun_visibility();
  #elif defined(NORMAL_MAP)
    light += sun;
  #endif
    return light;
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
    vec3 emitted = u_emissive;
    #ifdef EMISSIVE_MAP
    emitted *= texture(u_emissive_map, v_uv).rgb;
    #endif
    vec3 lit = base.rgb * pixel_light() + emitted;
    #ifdef REFLECT
    lit = mix(lit, v_reflect.rgb, v_reflect.a);
    #endif
    vec4 c = vec4(linear_to_srgb(tonemap(lit * u_zenith.w)), u_blend ? base.a : 1.0);
  #endif
#else
    vec4 c = v_color;
  #ifdef SHADOWED
    c.rgb = mix(v_shade, c.rgb, sun_visibility());
  #endif
#endif
#ifdef FOG
    // Haze towards the horizon colour, mixed in display values: close enough for haze, and cheap.
    c.rgb = mix(c.rgb, u_haze.rgb, 1.0 - exp2(-1.442695 * u_horizon.w * v_depth));
#endif
    frag = c;
}
