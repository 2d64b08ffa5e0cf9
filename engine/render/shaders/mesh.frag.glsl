#version 330 core
// Variants (#define, set by the renderer): TEXTURED, UNLIT, MASK, FOG. Untextured surfaces only
// copy the colour their vertices worked out; textured ones light and encode each texel.
#include "frame_block.glsl"
#include "color.glsl"

uniform bool u_blend;
#ifdef TEXTURED
uniform sampler2D u_texture;   // UNLIT: plain display values; lit: sRGB, sampled as linear
uniform float u_alpha_cutoff;
uniform vec3 u_emissive;
in vec4 v_color;
in vec3 v_light;
in vec2 v_uv;
#else
in vec4 v_color;
#endif
#ifdef FOG
in float v_depth;
#endif
out vec4 frag;

void main() {
#ifdef TEXTURED
    vec4 base = v_color * texture(u_texture, v_uv);
  #ifdef MASK
    if (base.a < u_alpha_cutoff) discard;
  #endif
  #ifdef UNLIT
    vec4 c = vec4(base.rgb, u_blend ? base.a : 1.0);
  #else
    vec4 c = vec4(linear_to_srgb(tonemap((base.rgb * v_light + u_emissive) * u_zenith.w)), u_blend ? base.a : 1.0);
  #endif
#else
    vec4 c = v_color;
#endif
#ifdef FOG
    // Haze towards the horizon colour, mixed in display values: close enough for haze, and cheap.
    c.rgb = mix(c.rgb, u_haze.rgb, 1.0 - exp2(-1.442695 * u_horizon.w * v_depth));
#endif
    frag = c;
}
