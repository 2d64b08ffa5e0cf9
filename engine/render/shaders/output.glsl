// Final colour steps that read the Frame block: fog and display encoding.
// Targets with sRGB storage encode on write (cheaper than pow per pixel); others get it here.
vec3 display(vec3 linear) {
    return u_flags.x > 0.5 ? linear_to_srgb(linear) : linear;
}

vec3 apply_fog(vec3 color, vec3 world) {
    if (u_horizon.w <= 0.0) return color;
    float d = length(u_eye.xyz - world);
    return mix(color, u_horizon.rgb, 1.0 - exp(-u_horizon.w * d));
}
