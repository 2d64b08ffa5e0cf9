#version 330 core
#include "frame_block.glsl"
#include "color.glsl"
#include "output.glsl"

uniform vec4 u_base_color;
uniform sampler2D u_texture;
uniform bool u_has_texture;
uniform int u_alpha_mode;      // 0 opaque, 1 mask, 2 blend
uniform float u_alpha_cutoff;
uniform float u_roughness;
uniform vec3 u_emissive;
uniform bool u_unlit;

in vec3 v_world;
in vec3 v_normal;
in vec2 v_uv;
in vec4 v_color;
out vec4 frag;

void main() {
    vec4 base = u_base_color * v_color;
    if (u_has_texture) base *= texture(u_texture, v_uv);
    if (u_alpha_mode == 1 && base.a < u_alpha_cutoff) discard;
    vec3 color = base.rgb;
    if (!u_unlit) {
        vec3 n = normalize(v_normal);
        if (!gl_FrontFacing) n = -n;   // double-sided surfaces light from the side we see
        vec3 to_sun = -u_sun_dir.xyz;
        float ndl = max(dot(n, to_sun), 0.0);
        vec3 hemi = mix(u_ground_color.rgb, u_sky_color.rgb, n.y * 0.5 + 0.5);
        color = base.rgb * (hemi + u_sun_color.rgb * ndl);
        float gloss = 1.0 - u_roughness;
        if (gloss > 0.25) {   // matte materials skip the highlight: pow is dear on a CPU rasterizer
            vec3 h = normalize(to_sun + normalize(u_eye.xyz - v_world));
            float spec = pow(max(dot(n, h), 0.0), exp2(10.0 * gloss + 1.0)) * gloss * 0.6;
            color += u_sun_color.rgb * (spec * ndl);
        }
    }
    color += u_emissive;
    color = apply_fog(color, v_world);
    frag = vec4(display(tonemap(color * u_zenith.w)), u_alpha_mode == 2 ? base.a : 1.0);
}
