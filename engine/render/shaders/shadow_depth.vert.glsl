#version 330 core
// The shadow map pass: depth only, seen from the sun.
layout(location = 0) in vec3 a_position;
layout(location = 4) in mat4 a_model;
uniform mat4 u_light_view_proj;

void main() {
    gl_Position = u_light_view_proj * (a_model * vec4(a_position, 1.0));
}
