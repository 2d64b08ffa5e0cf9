#version 330 core
#include "frame_block.glsl"
#include "color.glsl"
in vec3 v_dir;
out vec4 frag;

void main() {
    vec3 d = normalize(v_dir);
    float up = clamp(d.y, 0.0, 1.0);
    vec3 sky = mix(u_horizon.rgb, u_zenith.rgb, pow(up, 0.6));
    if (d.y < 0.0) sky = mix(u_horizon.rgb, u_ground_color.rgb * 1.5, clamp(-d.y * 4.0, 0.0, 1.0));
    float sun = max(dot(d, -u_sun_dir.xyz), 0.0);
    sky += u_sun_color.rgb * (pow(sun, 800.0) * 4.0 + pow(sun, 12.0) * 0.08);
    frag = vec4(linear_to_srgb(tonemap(sky * u_zenith.w)), 1.0);
}
