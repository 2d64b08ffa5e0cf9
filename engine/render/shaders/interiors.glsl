// Rooms lit from their ceilings (Lighting.interiors, std140, binding 1). Inside a box the sun and
// the sky give way to a light from above and a stage light; over half a metre outside the box the
// two blend, so a doorway shows no seam. Each surface is tested a little way out along its normal:
// a wall's outer face on the box's edge is outdoors, its inner face and the floor up to it indoors.
#define MAX_INTERIORS 16
layout(std140) uniform Interiors {
    vec4 u_interior_count;        // x: boxes in use
    vec4 u_indoor_min;            // xyz: bounds of all the boxes, for a quick test
    vec4 u_indoor_max;
    vec4 u_box_min[MAX_INTERIORS];
    vec4 u_box_max[MAX_INTERIORS];
    vec4 u_ceiling[MAX_INTERIORS];      // rgb: light from above
    vec4 u_stage[MAX_INTERIORS];        // xyz: stage light position, w: its radius (0: none)
    vec4 u_stage_color[MAX_INTERIORS];
};

const float INDOOR_BLEND = 0.5;   // metres
const float NORMAL_PROBE = 0.6;   // metres: past the blend, so an outer face on the edge is all outdoors

// How far inside an interior p is (0 outside .. 1 inside), and the light there on normal n.
// `room` is worked out per instance by the renderer (Renderer's room codes): -1 when the instance is
// clear of every room, k + 1 when only room k can reach it, 0 when it may be in several (then every
// room is tried). Most vertices (seats, trees, the circuit) thus test one room or none, not all.
float indoor_light(vec3 p, vec3 n, float room, out vec3 light) {
    light = vec3(0.0);
    if (room < -0.5) return 0.0;
    vec3 q = p + n * NORMAL_PROBE;
    if (any(lessThan(q, u_indoor_min.xyz)) || any(greaterThan(q, u_indoor_max.xyz))) return 0.0;
    int first = 0;
    int count = int(u_interior_count.x);
    if (room > 0.5) {
        first = int(room + 0.5) - 1;
        count = first + 1;
    }
    // Find the room first, light it once after: the loop stays a few operations a room.
    float weight = 0.0;
    int best = -1;
    for (int i = first; i < count; ++i) {
        vec3 inside = clamp(min(q - u_box_min[i].xyz, u_box_max[i].xyz - q) / INDOOR_BLEND + 1.0, 0.0, 1.0);
        float w = inside.x * inside.y * inside.z;
        if (w > weight) {
            weight = w;
            best = i;
        }
    }
    if (best < 0) return 0.0;
    // Ceiling panels: full on floors, half on walls, a little on what faces down.
    light = u_ceiling[best].rgb * (0.3 + 0.7 * (n.y * 0.5 + 0.5));
    vec4 stage = u_stage[best];
    if (stage.w > 0.0) {
        vec3 to_stage = stage.xyz - p;
        float d2 = dot(to_stage, to_stage);
        float falloff = max(1.0 - d2 / (stage.w * stage.w), 0.0);
        float facing = 0.5 + 0.5 * max(dot(n, to_stage * inversesqrt(max(d2, 1e-6))), 0.0);
        light += u_stage_color[best].rgb * (falloff * falloff * facing);
    }
    return weight;
}
