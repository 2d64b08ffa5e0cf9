"""Sign boards in the venue: the texts the scene shows (for the atlas) and the quads that show them."""
from __future__ import annotations

import numpy as np

from engine.venue.geometry import MeshBuilder
from engine.venue.model import XYZ, XZ, SceneSpec
from engine.venue.signs import Atlas, SignRequest

WMC_LINE = "2nd World Metaverse Conference  |  Anting, Shanghai  |  20-22 Sept 2023"


def sign_requests(spec: SceneSpec) -> list[SignRequest]:
    """Every text the scene shows, in file order."""
    reqs = []
    for h in spec.halls:
        reqs.append(SignRequest(f"hall:{h.id}", "hall", h.signage, color=h.color))
        if h.stage_depth:
            reqs.append(SignRequest(f"screen:{h.id}", "screen", h.name, WMC_LINE, color="#0b2a5b"))
    for b in spec.booths:
        reqs.append(SignRequest(f"booth:{b.id}", "booth", b.name, color=b.color))
    for e in spec.experiences:
        reqs.append(SignRequest(f"exp:{e.id}", "exp", e.name, e.description, color="#234e52"))
    reqs.append(SignRequest("label:registration", "label", "Registration  |  WMC 2023", color="#c0392b"))
    reqs.append(SignRequest("label:welcome", "hall", "2nd World Metaverse Conference  -  Anting 2023",
                            color="#0b2a5b"))
    if spec.circuit is not None:
        for n in range(1, 17):
            reqs.append(SignRequest(f"turn:{n}", "marker", f"T{n}", color="#ffffff"))
        reqs.append(SignRequest("label:circuit", "hall", "Shanghai International Circuit", color="#b3261e"))
    return reqs


class SignBoards:
    """Collects sign quads textured from one atlas (one mesh for every sign in the venue)."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.b = MeshBuilder()

    def add(self, key: str, center: XYZ | np.ndarray, width: float, height: float, facing_xz: XZ) -> None:
        """A sign whose front faces `facing_xz` (unit x/z), centred at `center` (x, y, z); a key the
        atlas lacks draws nothing."""
        if key not in self.atlas.rects:
            return
        f = np.array([facing_xz[0], 0.0, facing_xz[1]])
        right = np.array([f[2], 0.0, -f[0]])  # the right-hand side of someone reading the sign
        c = np.asarray(center, dtype=np.float64)
        hw, hh = width / 2, height / 2
        bl, br = c - right * hw - [0, hh, 0], c + right * hw - [0, hh, 0]
        tr, tl = c + right * hw + [0, hh, 0], c - right * hw + [0, hh, 0]
        u0, vt, u1, vb = self.atlas.uv(key)
        self.b.quad([bl, br, tr, tl], (1, 1, 1, 1), uvs=[[u0, vb], [u1, vb], [u1, vt], [u0, vt]], outward=f)
