// The lighting model of every lit mesh, per vertex or (normal-mapped) per pixel: a sky / ground
// hemisphere, the sun (kept apart, so a shadow can scale it alone), and a highlight on glossy
// surfaces. Needs frame_block.glsl before it.
uniform float u_roughness;

// n: unit normal, already turned towards the side seen.
vec3 sky_light(vec3 n) {
    return mix(u_ground_color.rgb, u_sky_color.rgb, n.y * 0.5 + 0.5);
}

// What the sun adds where it is not shadowed; to_eye: from the surface to the camera.
vec3 sun_light(vec3 n, vec3 to_eye) {
    vec3 to_sun = -u_sun_dir.xyz;
    float ndl = max(dot(n, to_sun), 0.0);
    vec3 light = u_sun_color.rgb * ndl;
    float gloss = 1.0 - u_roughness;
    if (gloss > 0.25) {
        vec3 h = normalize(to_sun + normalize(to_eye));
        light += u_sun_color.rgb * (pow(max(dot(n, h), 0.0), exp2(10.0 * gloss + 1.0)) * gloss * 0.6 * ndl);
    }
    return light;
}
