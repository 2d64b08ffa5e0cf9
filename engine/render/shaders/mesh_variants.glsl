// Mesh shader variants (#define, set by the renderer): TEXTURED, EMISSIVE_MAP, NORMAL_MAP, UNLIT,
// MASK, FOG. A surface with any texture finishes its colour per pixel (PER_PIXEL); the others only
// copy the colour their vertices worked out. NORMAL_MAP also lights per pixel.
#if defined(TEXTURED) || defined(EMISSIVE_MAP) || defined(NORMAL_MAP)
#define PER_PIXEL
#endif
