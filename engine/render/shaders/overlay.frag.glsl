#version 330 core
#include "color.glsl"
uniform sampler2D u_image;   // sRGB texture: sampled as linear light
uniform float u_opacity;
uniform bool u_encode_srgb;  // the target stores plain values: encode here
in vec2 v_uv;
out vec4 frag;

void main() {
    vec4 c = texture(u_image, v_uv);
    frag = vec4(u_encode_srgb ? linear_to_srgb(c.rgb) : c.rgb, c.a * u_opacity);
}
