#version 330 core
// The 3D picture onto the target: copied (scaled with linear filtering) or, under FXAA, anti-aliased
// on the way. The FXAA takes Timothy Lottes' FXAA 3.11 luma contrast test on the four neighbours, the
// edge's orientation and its sub-pixel blend, and leaves out the search along the edge for its ends:
// on a CPU rasterizer that search's loops cost twice the rest of the frame's anti-aliasing, for a
// smoother long edge that a 720p picture barely shows. Every read is a texelFetch (a filtered read
// costs several unfiltered ones there); pixels with no edge are written unchanged.
uniform sampler2D u_image;    // display values
uniform vec2 u_texel;         // one texel of u_image in texture coordinates
in vec2 v_uv;
out vec4 frag;

#ifdef FXAA
const float EDGE_THRESHOLD = 0.125;      // contrast, relative to the brightest neighbour, worth smoothing
const float EDGE_THRESHOLD_MIN = 0.0312; // ... and never less than this (dark areas)
const float SUBPIXEL = 0.75;             // how much sub-pixel aliasing (lone bright pixels) is softened

float luma(vec3 c) {
    return dot(c, vec3(0.299, 0.587, 0.114));
}

ivec2 g_last;   // the picture's last texel: reads past the border read the border

vec4 fetch(ivec2 p) {
    return texelFetch(u_image, clamp(p, ivec2(0), g_last), 0);
}

vec3 fxaa(ivec2 p) {
    g_last = textureSize(u_image, 0) - 1;
    vec4 m = fetch(p);
    vec4 cn = fetch(p + ivec2(0, 1)), cs = fetch(p - ivec2(0, 1));
    vec4 ce = fetch(p + ivec2(1, 0)), cw = fetch(p - ivec2(1, 0));
    float lm = luma(m.rgb);
    float n = luma(cn.rgb), s = luma(cs.rgb), e = luma(ce.rgb), w = luma(cw.rgb);
    float lo = min(lm, min(min(n, s), min(e, w)));
    float hi = max(lm, max(max(n, s), max(e, w)));
    float range = hi - lo;
    if (range < max(EDGE_THRESHOLD_MIN, hi * EDGE_THRESHOLD)) return m.rgb;
    // Across the edge: towards the neighbour (of the pair across it) that differs the more.
    bool horizontal = abs(n + s - 2.0 * lm) >= abs(e + w - 2.0 * lm);
    float l1 = horizontal ? s : w, l2 = horizontal ? n : e;
    vec3 c1 = horizontal ? cs.rgb : cw.rgb, c2 = horizontal ? cn.rgb : ce.rgb;
    bool first = abs(l1 - lm) >= abs(l2 - lm);
    // How strongly: FXAA's sub-pixel blend from the neighbours' mean contrast.
    float sub = clamp(abs(0.25 * (n + s + e + w) - lm) / range, 0.0, 1.0);
    sub = sub * sub * (3.0 - 2.0 * sub);
    float amount = max(0.25, sub * sub * SUBPIXEL);
    return mix(m.rgb, first ? c1 : c2, amount);
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
