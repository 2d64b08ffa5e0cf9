#version 330 core
#include "frame_block.glsl"
#include "color.glsl"
#include "output.glsl"
in vec3 v_dir;
out vec4 frag;

// Kept cheap on purpose: it shades every empty pixel. No pow and no tone mapping (the sky's
// colours are already in range); the sun's halo by repeated squaring.
void main() {
    vec3 d = normalize(v_dir);
    vec3 sky = d.y >= 0.0 ? mix(u_horizon.rgb, u_zenith.rgb, sqrt(d.y))
                          : mix(u_horizon.rgb, u_ground_color.rgb * 1.2, min(-d.y * 6.0, 1.0));
    float sun = max(dot(d, -u_sun_dir.xyz), 0.0);
    float halo = sun * sun;
    halo *= halo;
    halo *= halo;
    sky += u_sun_color.rgb * (halo * halo * 0.06 + smoothstep(0.9994, 0.9997, sun) * 3.0);
    frag = vec4(display(min(sky, vec3(1.0))), 1.0);
}
