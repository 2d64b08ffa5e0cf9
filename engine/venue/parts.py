"""What the venue's builders gather before it becomes scene nodes.

Draw budget: static geometry is merged into one mesh per surface (the walls of every hall are one mesh,
coloured per vertex); seats, lamps, trees, booths and kiosks are one shared mesh each, placed by a
transform per instance, so the renderer draws each with one instanced call.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.venue.geometry import MeshBuilder
from engine.venue.signboards import SignBoards


@dataclass
class VenueParts:
    """Static surfaces (venue frame), sign quads, instance transforms (4, 4) of each shared prop, and
    obstacle outlines (k, 2) x/z that people walk around."""

    signs: SignBoards
    walls: MeshBuilder = field(default_factory=MeshBuilder)      # painted: walls, desks, arches, posts
    floors: MeshBuilder = field(default_factory=MeshBuilder)     # hall carpets
    stages: MeshBuilder = field(default_factory=MeshBuilder)
    glass: MeshBuilder = field(default_factory=MeshBuilder)      # door canopies (see-through)
    glass_panels: MeshBuilder = field(default_factory=MeshBuilder)   # facade glazing (opaque, mirrors the sky)
    metal: MeshBuilder = field(default_factory=MeshBuilder)      # fins, coping, trusses: brushed metal
    lights: MeshBuilder = field(default_factory=MeshBuilder)     # ceiling panels, lenses: glowing
    ceilings: MeshBuilder = field(default_factory=MeshBuilder)
    paving: MeshBuilder = field(default_factory=MeshBuilder)
    ground: MeshBuilder = field(default_factory=MeshBuilder)     # the lawn round the paving
    seats: list[np.ndarray] = field(default_factory=list)
    lamps: list[np.ndarray] = field(default_factory=list)
    trees: list[np.ndarray] = field(default_factory=list)
    booths: list[np.ndarray] = field(default_factory=list)
    kiosks: list[np.ndarray] = field(default_factory=list)
    obstacles: list[np.ndarray] = field(default_factory=list)

    def instances(self) -> dict[str, list[np.ndarray]]:
        """{prop name: its transforms}, in the order the scene lists their groups. A booth's and a
        kiosk's screens are props of their own (drawn glowing) placed with them."""
        return {"seat": self.seats, "lamp": self.lamps, "tree": self.trees, "booth": self.booths,
                "booth-screen": self.booths, "kiosk": self.kiosks, "kiosk-screen": self.kiosks}
