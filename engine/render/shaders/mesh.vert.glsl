#version 330 core
// Lighting is worked out per vertex (except under NORMAL_MAP): the venue is built of flat faces,
// where that is exact, and it keeps the per-pixel work small enough for a CPU rasterizer at full HD.
#include "mesh_variants.glsl"
#include "frame_block.glsl"
#include "color.glsl"
#include "lighting.glsl"

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec4 a_color;
layout(location = 4) in mat4 a_model;   // per instance, locations 4..7
layout(location = 8) in vec4 a_tint;    // per instance; (1, 1, 1, 1) when the batch has none
#ifdef NORMAL_MAP
layout(location = 9) in vec4 a_tangent; // xyz along +u, w: handedness of the bitangent
#endif

uniform vec4 u_base_color;
uniform vec3 u_emissive;
uniform bool u_blend;

#ifdef PER_PIXEL
out vec4 v_color;     // linear base colour (UNLIT: display-encoded)
out vec2 v_uv;
  #ifdef NORMAL_MAP
out vec3 v_world;
out vec3 v_normal;
out vec4 v_tangent;
  #else
out vec3 v_light;     // what lights the texture's colour
  #endif
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
    return surface_light(n, to_eye);
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
#if defined(UNLIT) || defined(NORMAL_MAP)
    vec3 light = vec3(1.0);
#else
    vec3 light = lighting(world.xyz, normal);
#endif
#ifdef PER_PIXEL
    v_uv = a_uv;
  #ifdef UNLIT
    v_color = vec4(linear_to_srgb(min(base.rgb, vec3(1.0))), base.a);
  #else
    v_color = base;
  #endif
  #ifdef NORMAL_MAP
    v_world = world.xyz;
    v_normal = normal;
    // Tangents turn with the surface (no inverse transpose); a mirroring transform flips the bitangent.
    v_tangent = vec4(m * a_tangent.xyz, determinant(m) < 0.0 ? -a_tangent.w : a_tangent.w);
  #else
    v_light = light;
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
