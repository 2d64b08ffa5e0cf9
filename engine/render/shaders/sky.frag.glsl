#version 330 core
#include "frame_block.glsl"
#include "color.glsl"
#include "output.glsl"
in vec3 v_color;
out vec4 frag;

void main() {
    frag = vec4(display(v_color), 1.0);
}
