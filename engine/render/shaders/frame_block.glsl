// Per-frame camera and light data, shared by every program (std140, binding 0).
layout(std140) uniform Frame {
    mat4 u_view;
    mat4 u_proj;
    mat4 u_view_proj;
    mat4 u_inv_view_proj;
    vec4 u_eye;          // xyz: camera position (world)
    vec4 u_sun_dir;      // xyz: unit vector from the sun towards the scene
    vec4 u_sun_color;    // rgb: colour * intensity
    vec4 u_sky_color;    // rgb: hemisphere sky term (already * ambient)
    vec4 u_ground_color; // rgb: hemisphere ground term (already * ambient)
    vec4 u_horizon;      // rgb: horizon / fog colour, w: fog density per metre
    vec4 u_zenith;       // rgb: sky colour straight up, w: exposure
    vec4 u_haze;         // rgb: the horizon colour display-encoded, for fog mixed in display values
    mat4 u_shadow_matrix; // world to shadow map (xy: texture coordinates, z: depth), all in [0, 1]
    vec4 u_shadow;       // x: one texel in texture coordinates, y: normal offset (m), z: fade width
};
