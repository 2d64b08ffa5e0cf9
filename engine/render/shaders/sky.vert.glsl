#version 330 core
#include "frame_block.glsl"
#include "color.glsl"
#include "sky_color.glsl"

layout(location = 0) in vec3 a_position;   // a unit direction on the sky dome
out vec3 v_color;

// The sky's colour is worked out per vertex of a dome, so each sky pixel costs next to nothing:
// on a CPU rasterizer a per-pixel sky cost as much as the rest of the frame.
void main() {
    vec3 d = normalize(a_position);
    v_color = linear_to_srgb(min(sky_color(d), vec3(1.0)));
    vec4 p = u_proj * vec4(mat3(u_view) * d, 1.0);
    gl_Position = p.xyww;   // on the far plane, drawn first as the background
}
