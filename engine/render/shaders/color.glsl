// Filmic tone mapping (Narkowicz's ACES fit) and the sRGB transfer function. Every target stores
// sRGB-encoded RGBA8 written by the shaders: on a CPU rasterizer an sRGB colour buffer doubles the
// cost of each depth-tested pixel.
vec3 tonemap(vec3 c) {
    return clamp((c * (2.51 * c + 0.03)) / (c * (2.43 * c + 0.59) + 0.14), 0.0, 1.0);
}

vec3 linear_to_srgb(vec3 c) {
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}
