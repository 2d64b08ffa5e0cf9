#version 330 core
// The 3D picture onto the target: copied (scaled with linear filtering) or, under FXAA, anti-aliased
// on the way. The FXAA follows Timothy Lottes' FXAA 3.11 (quality form): a luma contrast test on the
// four neighbours, the edge's orientation, a short search along it for its ends, and a blend across
// it by how far the pixel is from the nearer end (or by its sub-pixel contrast). Every read is a
// texelFetch: on a CPU rasterizer a filtered read costs several unfiltered ones. Pixels with no edge
// (most of the picture) stop after five reads and are written unchanged.
uniform sampler2D u_image;    // display values
uniform vec2 u_texel;         // one texel of u_image in texture coordinates
in vec2 v_uv;
out vec4 frag;

#ifdef FXAA
const float EDGE_THRESHOLD = 0.125;      // contrast, relative to the brightest neighbour, worth smoothing
const float EDGE_THRESHOLD_MIN = 0.0312; // ... and never less than this (dark areas)
const float SUBPIXEL = 0.75;             // how much sub-pixel aliasing (lone bright pixels) is softened
const int STEPS = 4;                     // search reads each way along an edge, at 1, 2, 4 and 8 texels

float luma(vec3 c) {
    return dot(c, vec3(0.299, 0.587, 0.114));
}

ivec2 g_last;   // the picture's last texel: reads past the border read the border

vec4 fetch(ivec2 p) {
    return texelFetch(u_image, clamp(p, ivec2(0), g_last), 0);
}

float luma_at(ivec2 p) {
    return luma(fetch(p).rgb);
}

// How far along `along` (at most 8 texels) the edge between p and p + across ends: where the pair's
// mean luma differs from the edge's by `gradient`; `end` gets that difference.
float edge_end(ivec2 p, ivec2 along, ivec2 across, float edge_luma, float gradient, out float end) {
    int step = 1;
    end = 0.0;
    for (int i = 0; i < STEPS; ++i) {
        ivec2 q = p + along * step;
        end = 0.5 * (luma_at(q) + luma_at(q + across)) - edge_luma;
        if (abs(end) >= gradient) return float(step);
        step *= 2;
    }
    return float(step);
}

vec3 fxaa(ivec2 p) {
    g_last = textureSize(u_image, 0) - 1;
    vec4 m = fetch(p);
    float lm = luma(m.rgb);
    float n = luma_at(p + ivec2(0, 1)), s = luma_at(p - ivec2(0, 1));
    float e = luma_at(p + ivec2(1, 0)), w = luma_at(p - ivec2(1, 0));
    float lo = min(lm, min(min(n, s), min(e, w)));
    float hi = max(lm, max(max(n, s), max(e, w)));
    float range = hi - lo;
    if (range < max(EDGE_THRESHOLD_MIN, hi * EDGE_THRESHOLD)) return m.rgb;
    // An edge along x (horizontal) when the vertical second difference is the larger.
    bool horizontal = abs(n + s - 2.0 * lm) >= abs(e + w - 2.0 * lm);
    float l1 = horizontal ? s : w;
    float l2 = horizontal ? n : e;
    bool negative = abs(l1 - lm) >= abs(l2 - lm);
    float gradient = 0.25 * max(abs(l1 - lm), abs(l2 - lm));
    ivec2 step_across = horizontal ? ivec2(0, 1) : ivec2(1, 0);
    ivec2 across = negative ? -step_across : step_across;
    ivec2 along = horizontal ? ivec2(1, 0) : ivec2(0, 1);
    float edge_luma = 0.5 * (lm + (negative ? l1 : l2));
    float end_n, end_p;
    float dist_n = edge_end(p, -along, across, edge_luma, gradient, end_n);
    float dist_p = edge_end(p, along, across, edge_luma, gradient, end_p);
    // Blend only on the side of the edge where the nearer end turns away from this pixel.
    float end = dist_n < dist_p ? end_n : end_p;
    bool good = (end < 0.0) != (lm - edge_luma < 0.0);
    float offset = good ? 0.5 - min(dist_n, dist_p) / (dist_n + dist_p) : 0.0;
    float sub = clamp(abs(0.25 * (n + s + e + w) - lm) / range, 0.0, 1.0);
    sub = sub * sub * (3.0 - 2.0 * sub);
    offset = max(offset, sub * sub * SUBPIXEL);
    return mix(m.rgb, fetch(p + across).rgb, offset);
}
#endif

void main() {
#ifdef FXAA
    // Drawn at the picture's own size (FXAA is not used with a resolution scale; see post.py).
    frag = vec4(fxaa(ivec2(gl_FragCoord.xy)), 1.0);
#else
    frag = vec4(texture(u_image, v_uv).rgb, 1.0);
#endif
}
