#version 330 core
// Variants (#define, set by the renderer): TEXTURED, UNLIT, MASK. Untextured surfaces only copy
// the colour their vertices worked out; textured ones light and encode each texel.
#include "frame_block.glsl"
#include "color.glsl"

uniform bool u_blend;
#ifdef TEXTURED
uniform sampler2D u_texture;   // UNLIT: plain display values; lit: sRGB, sampled as linear
uniform float u_alpha_cutoff;
uniform vec3 u_emissive;
in vec4 v_color;
in vec3 v_light;
in float v_fog;
in vec2 v_uv;
#else
in vec4 v_color;
#endif
out vec4 frag;

void main() {
#ifdef TEXTURED
    vec4 base = v_color * texture(u_texture, v_uv);
  #ifdef MASK
    if (base.a < u_alpha_cutoff) discard;
  #endif
  #ifdef UNLIT
    vec3 c = mix(base.rgb, linear_to_srgb(u_horizon.rgb), v_fog);
  #else
    vec3 c = linear_to_srgb(tonemap(mix(base.rgb * v_light + u_emissive, u_horizon.rgb, v_fog) * u_zenith.w));
  #endif
    frag = vec4(c, u_blend ? base.a : 1.0);
#else
    frag = v_color;
#endif
}
