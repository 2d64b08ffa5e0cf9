#version 330 core
uniform sampler2D u_image;   // display values, drawn as they are
uniform float u_opacity;
in vec2 v_uv;
out vec4 frag;

void main() {
    vec4 c = texture(u_image, v_uv);
    frag = vec4(c.rgb, c.a * u_opacity);
}
