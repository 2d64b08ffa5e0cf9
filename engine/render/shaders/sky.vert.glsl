#version 330 core
#include "frame_block.glsl"
#include "color.glsl"

layout(location = 0) in vec3 a_position;   // a unit direction on the sky dome
out vec3 v_color;

// The sky's colour is worked out per vertex of a dome, so each sky pixel costs next to nothing:
// on a CPU rasterizer a per-pixel sky cost as much as the rest of the frame.
void main() {
    vec3 d = normalize(a_position);
    vec3 sky = d.y >= 0.0 ? mix(u_horizon.rgb, u_zenith.rgb, sqrt(d.y))
                          : mix(u_horizon.rgb, u_ground_color.rgb * 1.2, min(-d.y * 6.0, 1.0));
    float sun = max(dot(d, -u_sun_dir.xyz), 0.0);
    sky += u_sun_color.rgb * pow(sun, 24.0) * 0.25;
    v_color = linear_to_srgb(min(sky, vec3(1.0)));
    vec4 p = u_proj * vec4(mat3(u_view) * d, 1.0);
    gl_Position = p.xyww;   // on the far plane, drawn first as the background
}
