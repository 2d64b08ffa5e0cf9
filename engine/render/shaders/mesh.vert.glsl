#version 330 core
// Variants (#define, set by the renderer): TEXTURED, UNLIT, MASK, FOG.
// Lighting is worked out per vertex: the venue is built of flat faces, where that is exact, and it
// keeps the per-pixel work small enough for a CPU rasterizer at full HD.
#include "frame_block.glsl"
#include "color.glsl"

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec4 a_color;
layout(location = 4) in mat4 a_model;   // per instance, locations 4..7
layout(location = 8) in vec4 a_tint;    // per instance; (1, 1, 1, 1) when the batch has none

uniform vec4 u_base_color;
uniform float u_roughness;
uniform vec3 u_emissive;
uniform bool u_blend;

#ifdef TEXTURED
out vec4 v_color;     // linear base colour (UNLIT: display-encoded)
out vec3 v_light;     // what lights the texture's colour
out vec2 v_uv;
#else
out vec4 v_color;     // the finished display colour
#endif
#ifdef FOG
out float v_depth;    // view depth: exact per pixel once interpolated, unlike a per-vertex fog amount
#endif

vec3 lighting(vec3 world, vec3 normal) {
    vec3 n = normalize(normal);
    vec3 to_eye = u_eye.xyz - world;
    if (dot(n, to_eye) < 0.0) n = -n;   // double-sided faces light from the side seen
    vec3 to_sun = -u_sun_dir.xyz;
    float ndl = max(dot(n, to_sun), 0.0);
    vec3 light = mix(u_ground_color.rgb, u_sky_color.rgb, n.y * 0.5 + 0.5) + u_sun_color.rgb * ndl;
    float gloss = 1.0 - u_roughness;
    if (gloss > 0.25) {
        vec3 h = normalize(to_sun + normalize(to_eye));
        light += u_sun_color.rgb * (pow(max(dot(n, h), 0.0), exp2(10.0 * gloss + 1.0)) * gloss * 0.6 * ndl);
    }
    return light;
}

void main() {
    vec4 world = a_model * vec4(a_position, 1.0);
    // Normals under rotation and per-axis scale (what node transforms hold): dividing by each
    // axis's squared scale equals the inverse transpose, without a matrix inverse per vertex.
    mat3 m = mat3(a_model);
    vec3 scale2 = vec3(dot(m[0], m[0]), dot(m[1], m[1]), dot(m[2], m[2]));
    vec3 normal = m * (a_normal / scale2);
    vec4 base = u_base_color * a_color * a_tint;
    float alpha = u_blend ? base.a : 1.0;
#ifdef UNLIT
    vec3 light = vec3(1.0);
#else
    vec3 light = lighting(world.xyz, normal);
#endif
#ifdef TEXTURED
    v_uv = a_uv;
    v_light = light;
  #ifdef UNLIT
    v_color = vec4(linear_to_srgb(min(base.rgb, vec3(1.0))), base.a);
  #else
    v_color = base;
  #endif
#else
    vec3 c = base.rgb * light + u_emissive;
  #ifdef UNLIT
    v_color = vec4(linear_to_srgb(min(c, vec3(1.0))), alpha);
  #else
    v_color = vec4(linear_to_srgb(tonemap(c * u_zenith.w)), alpha);
  #endif
#endif
#ifdef FOG
    v_depth = -(u_view * world).z;
#endif
    gl_Position = u_view_proj * world;
}
