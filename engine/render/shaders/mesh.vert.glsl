#version 330 core
// Lighting is worked out per vertex (except under NORMAL_MAP): the venue is built of flat faces,
// where that is exact, and it keeps the per-pixel work small enough for a CPU rasterizer at full HD.
// Only the shadow map is read per pixel (SHADOWED), choosing between colours made here.
#include "mesh_variants.glsl"
#include "frame_block.glsl"
#include "color.glsl"
#include "lighting.glsl"
#include "interiors.glsl"
#include "sky_color.glsl"

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec4 a_color;
layout(location = 4) in mat4 a_model;   // per instance, locations 4..7
layout(location = 8) in vec4 a_tint;    // per instance; (1, 1, 1, 1) when the batch has none
#ifdef NORMAL_MAP
layout(location = 9) in vec4 a_tangent; // xyz along +u, w: handedness of the bitangent
#endif
#ifdef AO
layout(location = 10) in float a_ao;    // baked ambient occlusion; 1 for meshes without it
#endif

uniform vec4 u_base_color;
uniform vec3 u_emissive;
uniform bool u_blend;
#ifdef REFLECT
uniform float u_reflect_sky;
uniform float u_metallic;
out vec4 v_reflect;   // rgb: the sky seen in the surface, a: how much of it (Fresnel-weighted)
#endif

#ifdef PER_PIXEL
out vec4 v_color;     // linear base colour (UNLIT: display-encoded)
out vec2 v_uv;
  #ifdef NORMAL_MAP
out vec3 v_world;
out vec3 v_normal;
out vec4 v_tangent;
out vec4 v_indoor;    // rgb: interior light, a: how far indoors
out float v_ao;
  #else
out vec3 v_light;     // what lights the texture's colour (under SHADOWED: all but the sun)
    #ifdef SHADOWED
out vec3 v_sun;
    #endif
  #endif
#else
out vec4 v_color;     // the finished display colour (under SHADOWED: in full sun)
  #ifdef SHADOWED
out vec3 v_shade;     // the finished display colour in the shadow
  #endif
#endif
#ifdef SHADOWED
out vec4 v_shadow;    // xyz: shadow map coordinates, w: how much the map counts (fades at its edges)
#endif
#ifdef FOG
out float v_depth;    // view depth: exact per pixel once interpolated, unlike a per-vertex fog amount
#endif

vec3 display(vec3 c) {
    return linear_to_srgb(tonemap(c * u_zenith.w));
}

void main() {
    // The bottom row of an instance's (affine) transform carries its room code; the matrix is the rest.
    mat4 model = a_model;
    float room = model[0][3];
    model[0][3] = 0.0;
    vec4 world = model * vec4(a_position, 1.0);
    // Normals under rotation and per-axis scale (what node transforms hold): dividing by each
    // axis's squared scale equals the inverse transpose, without a matrix inverse per vertex.
    mat3 m = mat3(model);
    vec3 scale2 = vec3(dot(m[0], m[0]), dot(m[1], m[1]), dot(m[2], m[2]));
    vec3 normal = m * (a_normal / scale2);
    vec4 base = u_base_color * a_color * a_tint;
    float alpha = u_blend ? base.a : 1.0;
    vec3 n = normalize(normal);
    vec3 to_eye = u_eye.xyz - world.xyz;
    if (dot(n, to_eye) < 0.0) n = -n;   // double-sided faces light from the side seen
#ifdef AO
    float ao = a_ao;
#else
    float ao = 1.0;
#endif
    vec3 indoor;
    float inside = indoor_light(world.xyz, n, room, indoor);
    vec3 rest = mix(sky_light(n), indoor, inside) * ao;
#if defined(UNLIT) || defined(NORMAL_MAP)
    vec3 sun = vec3(0.0);
#else
    vec3 sun = sun_light(n, to_eye) * ((1.0 - inside) * (0.5 + 0.5 * ao));
#endif
#ifdef REFLECT
    vec3 v = normalize(to_eye);
    float f0 = mix(0.15, 0.7, u_metallic);
    float fresnel = f0 + (1.0 - f0) * pow(1.0 - max(dot(n, v), 0.0), 5.0);
    v_reflect = vec4(sky_color(reflect(-v, n)), u_reflect_sky * fresnel * (1.0 - inside));
#endif
#ifdef PER_PIXEL
    v_uv = a_uv;
  #ifdef UNLIT
    v_color = vec4(linear_to_srgb(min(base.rgb, vec3(1.0))), base.a);
  #else
    v_color = base;
  #endif
  #ifdef NORMAL_MAP
    v_world = world.xyz;
    v_normal = normal;
    // Tangents turn with the surface (no inverse transpose); a mirroring transform flips the bitangent.
    v_tangent = vec4(m * a_tangent.xyz, determinant(m) < 0.0 ? -a_tangent.w : a_tangent.w);
    v_indoor = vec4(indoor, inside);
    v_ao = ao;
  #elif defined(SHADOWED)
    v_light = rest;
    v_sun = sun;
  #else
    v_light = rest + sun;
  #endif
#else
  #ifdef UNLIT
    v_color = vec4(linear_to_srgb(min(base.rgb + u_emissive, vec3(1.0))), alpha);
  #else
    vec3 lit = base.rgb * (rest + sun) + u_emissive;
    #ifdef SHADOWED
    vec3 shade = base.rgb * rest + u_emissive;
    #endif
    #ifdef REFLECT
    lit = mix(lit, v_reflect.rgb, v_reflect.a);
      #ifdef SHADOWED
    shade = mix(shade, v_reflect.rgb, v_reflect.a);
      #endif
    #endif
    v_color = vec4(display(lit), alpha);
    #ifdef SHADOWED
    v_shade = display(shade);
    #endif
  #endif
#endif
#ifdef SHADOWED
    // Offset along the normal by about a texel: no surface shadows itself (acne), at any slope.
    vec4 s = u_shadow_matrix * vec4(world.xyz + n * u_shadow.y, 1.0);
    vec2 edge = abs(s.xy * 2.0 - 1.0);
    // Indoors the sun does not light (see `sun` above), so its shadow needs no lookup there.
    v_shadow = vec4(s.xyz, (1.0 - smoothstep(1.0 - u_shadow.z, 1.0, max(edge.x, edge.y))) * (1.0 - inside));
#endif
#ifdef FOG
    v_depth = -(u_view * world).z;
#endif
    gl_Position = u_view_proj * world;
}
