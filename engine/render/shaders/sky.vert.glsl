#version 330 core
#include "frame_block.glsl"
out vec3 v_dir;

void main() {
    // One triangle covering the screen, on the far plane so only empty pixels are shaded.
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2)) * 2.0 - 1.0;
    vec4 far_point = u_inv_view_proj * vec4(p, 1.0, 1.0);
    v_dir = far_point.xyz / far_point.w - u_eye.xyz;
    gl_Position = vec4(p, 1.0, 1.0);
}
