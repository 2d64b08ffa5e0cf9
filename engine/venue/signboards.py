"""Sign boards in the venue: the texts the scene shows (for the atlas) and the quads that show them."""
from __future__ import annotations

import numpy as np

from engine.i18n import N_, bilingual, translate_to
from engine.venue.geometry import MeshBuilder
from engine.venue.model import XYZ, XZ, SceneSpec
from engine.venue.signs import Atlas, SignRequest

# Signs the venue itself puts up, in English: their Chinese comes from the catalogue.
CONFERENCE = N_("2nd World Metaverse Conference")
PLACE = N_("Anting, Jiading District, Shanghai")
WELCOME = N_("2nd World Metaverse Conference - Anting 2023")
REGISTRATION = N_("Registration")
CIRCUIT = N_("Shanghai International Circuit")
TURN = N_("Turn {number}")


def _zh(message: str) -> str:
    """The catalogue's Chinese for a sign's English, "" when it has none."""
    zh = translate_to("zh", message)
    return "" if zh == message else zh


def _chinese(item: object, field: str = "name") -> str:
    """The Chinese of a scene item's text: its own (`name_zh` and the like) or the catalogue's; "" if none."""
    sign_lines = getattr(item, "sign_lines", None)
    lines = sign_lines(field) if sign_lines is not None else bilingual(getattr(item, field))
    return lines[0] if len(lines) == 2 else ""


def sign_requests(spec: SceneSpec) -> list[SignRequest]:
    """Every text the scene shows, in file order, each with its Chinese where one is known."""
    reqs = []
    conference = (f"{_zh(CONFERENCE)}  |  {_zh(PLACE)}", f"{CONFERENCE}  |  {PLACE}")
    for h in spec.halls:
        reqs.append(SignRequest(f"hall:{h.id}", "hall", h.signage, color=h.color, text_zh=_chinese(h, "signage")))
        if h.stage_depth:
            reqs.append(SignRequest(f"screen:{h.id}", "screen", h.name, conference[1], "#0b2a5b",
                                    _chinese(h), conference[0]))
    for b in spec.booths:
        reqs.append(SignRequest(f"booth:{b.id}", "booth", b.name, color=b.color, text_zh=_chinese(b)))
    for e in spec.experiences:
        reqs.append(SignRequest(f"exp:{e.id}", "exp", e.name, e.description, "#234e52", _chinese(e),
                                _chinese(e, "description")))
    reqs.append(SignRequest("label:registration", "label", REGISTRATION, color="#c0392b",
                            text_zh=_zh(REGISTRATION)))
    reqs.append(SignRequest("label:welcome", "hall", WELCOME, color="#0b2a5b", text_zh=_zh(WELCOME)))
    if spec.circuit is not None:
        for n in range(1, 17):
            reqs.append(SignRequest(f"turn:{n}", "marker", f"T{n}", color="#ffffff",
                                    text_zh=_zh(TURN).format(number=n)))
        reqs.append(SignRequest("label:circuit", "hall", CIRCUIT, color="#b3261e", text_zh=_zh(CIRCUIT)))
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
