"""Looking at a model (or a venue from above): orbit and fly cameras, no avatar.

A model on its own has no floor or walls to keep to, so the cameras move freely (under it too).
"""
from __future__ import annotations

from engine.app.controllers import FlyController, OrbitController
from engine.app.mode import Handlers, QuietMode, Services
from engine.scene.camera import Camera, frame_bounds


class ModelMode(QuietMode):
    """Orbit by default; C switches to a fly camera and back."""

    name: str = "model"
    help_sections: tuple[str, ...] = ("move", "fly", "view", "general")

    def __init__(self, services: Services, camera: Camera | None = None) -> None:
        self.services = services
        w, h = services.size
        self._camera = camera or services.venue.default_camera(w / h)
        self.controller: OrbitController | FlyController = OrbitController(self._camera)

    @property
    def camera(self) -> Camera:
        return self._camera

    def handlers(self) -> Handlers:
        return {"toggle_camera": self.switch_camera, "frame_all": self.frame_all}

    def switch_camera(self) -> None:
        toasts = self.services.toasts
        if isinstance(self.controller, OrbitController):
            self.controller = FlyController(self._camera, speed=max(self.controller.distance / 10, 2.0))
            toasts.show("Fly camera: WASD to move, E up, Q down, drag to look")
        else:
            self.controller = OrbitController(self._camera)
            toasts.show("Orbit camera: drag to rotate, wheel to zoom")

    def frame_all(self) -> None:
        w, h = self.services.size
        framed = frame_bounds(self.services.venue.scene.bounds(), self._camera.fov_y, w / h)
        for slot in ("eye", "target", "near", "far"):
            setattr(self._camera, slot, getattr(framed, slot))
        self.controller = OrbitController(self._camera)

    def drag(self, button: int, dx: float, dy: float) -> None:
        if button == 1:
            self.controller.rotate(dx, dy)
        else:
            self.controller.pan(dx, dy, self.services.size[1])

    def wheel(self, steps: float) -> None:
        self.controller.zoom(steps)

    def update(self, dt: float, held: frozenset[str]) -> None:
        self.controller.update(dt, held)
