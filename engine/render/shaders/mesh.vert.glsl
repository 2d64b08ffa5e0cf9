#version 330 core
#include "frame_block.glsl"

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec4 a_color;
layout(location = 4) in mat4 a_model;   // per instance, locations 4..7
layout(location = 8) in vec4 a_tint;    // per instance; (1, 1, 1, 1) when the batch has none

out vec3 v_world;
out vec3 v_normal;
out vec2 v_uv;
out vec4 v_color;

void main() {
    vec4 world = a_model * vec4(a_position, 1.0);
    v_world = world.xyz;
    // Normals under rotation and per-axis scale (what node transforms hold): dividing by each
    // axis's squared scale equals the inverse transpose, without a matrix inverse per vertex.
    mat3 m = mat3(a_model);
    vec3 scale2 = vec3(dot(m[0], m[0]), dot(m[1], m[1]), dot(m[2], m[2]));
    v_normal = m * (a_normal / scale2);
    v_uv = a_uv;
    v_color = a_color * a_tint;
    gl_Position = u_view_proj * world;
}
