// Mesh shader variants (#define, set by the renderer): TEXTURED, EMISSIVE_MAP, NORMAL_MAP, UNLIT,
// MASK, FOG, REFLECT (mirrors the sky), and from the quality level AO (baked ambient occlusion) and
// SHADOWS with SHADOW_TAPS (1, 4 or 9). A surface with any texture finishes its colour per pixel
// (PER_PIXEL); the others copy the colour their vertices worked out, or under SHADOWS mix the two
// colours worked out with and without the sun by the shadow map. NORMAL_MAP also lights per pixel.
#if defined(TEXTURED) || defined(EMISSIVE_MAP) || defined(NORMAL_MAP)
#define PER_PIXEL
#endif
#if defined(SHADOWS) && !defined(UNLIT)
#define SHADOWED
#endif
