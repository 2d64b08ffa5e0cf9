// How much of the sun reaches this pixel, from the shadow map: each lookup compares and filters 2x2
// texels in the driver; SHADOW_TAPS of them (1, 4 or 9) widen and smooth the edge.
uniform sampler2DShadow u_shadow_map;
in vec4 v_shadow;

float sun_visibility() {
    if (v_shadow.w <= 0.0) return 1.0;   // indoors or past the map: whole blocks of pixels skip the reads
    vec3 p = v_shadow.xyz;
#if SHADOW_TAPS >= 9
    float s = texture(u_shadow_map, p)
        + textureOffset(u_shadow_map, p, ivec2(-1, -1)) + textureOffset(u_shadow_map, p, ivec2(0, -1))
        + textureOffset(u_shadow_map, p, ivec2(1, -1)) + textureOffset(u_shadow_map, p, ivec2(-1, 0))
        + textureOffset(u_shadow_map, p, ivec2(1, 0)) + textureOffset(u_shadow_map, p, ivec2(-1, 1))
        + textureOffset(u_shadow_map, p, ivec2(0, 1)) + textureOffset(u_shadow_map, p, ivec2(1, 1));
    s *= 1.0 / 9.0;
#elif SHADOW_TAPS >= 4
    float h = 0.5 * u_shadow.x;
    float s = 0.25 * (texture(u_shadow_map, p + vec3(-h, -h, 0.0)) + texture(u_shadow_map, p + vec3(h, -h, 0.0))
                      + texture(u_shadow_map, p + vec3(-h, h, 0.0)) + texture(u_shadow_map, p + vec3(h, h, 0.0)));
#else
    float s = texture(u_shadow_map, p);
#endif
    return mix(1.0, s, v_shadow.w);
}
