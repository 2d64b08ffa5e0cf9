#version 330 core
// The shadow map pass: depth only, seen from the sun.
layout(location = 0) in vec3 a_position;
layout(location = 4) in mat4 a_model;
uniform mat4 u_light_view_proj;

void main() {
    mat4 model = a_model;
    model[0][3] = 0.0;   // the room code the colour pass reads (see mesh.vert.glsl)
    gl_Position = u_light_view_proj * (model * vec4(a_position, 1.0));
}
