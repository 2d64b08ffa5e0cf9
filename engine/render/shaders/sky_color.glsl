// The sky dome's colour in direction d (unit, world): horizon to zenith above, horizon to ground
// below, with a glow around the sun. Needs frame_block.glsl before it.
vec3 sky_color(vec3 d) {
    vec3 sky = d.y >= 0.0 ? mix(u_horizon.rgb, u_zenith.rgb, sqrt(d.y))
                          : mix(u_horizon.rgb, u_ground_color.rgb * 1.2, min(-d.y * 6.0, 1.0));
    float sun = max(dot(d, -u_sun_dir.xyz), 0.0);
    return sky + u_sun_color.rgb * pow(sun, 24.0) * 0.25;
}
