"""Looking at a model (or a venue from above): orbit and fly cameras, no avatar."""
from __future__ import annotations

from engine.app.controllers import FlyController, OrbitController
from engine.scene.camera import Camera, frame_bounds


class ModelMode:
    """Orbit by default; C switches to a fly camera and back."""

    name = "model"
    help_sections = ("move", "fly", "view", "general")

    def __init__(self, viewer, camera: Camera | None = None) -> None:
        self.viewer = viewer
        w, h = viewer.window.size
        self.camera = camera or viewer.venue.default_camera(w / h)
        self.controller = OrbitController(self.camera)

    def action(self, name: str) -> bool:
        if name == "toggle_camera":
            self.switch_camera()
        elif name == "frame_all":
            self.frame_all()
        else:
            return False
        return True

    def switch_camera(self) -> None:
        toasts = self.viewer.toasts
        if isinstance(self.controller, OrbitController):
            self.controller = FlyController(self.camera, speed=max(self.controller.distance / 10, 2.0))
            toasts.show("Fly camera: WASD to move, drag to look")
        else:
            self.controller = OrbitController(self.camera)
            toasts.show("Orbit camera: drag to rotate, wheel to zoom")

    def frame_all(self) -> None:
        w, h = self.viewer.window.size
        framed = frame_bounds(self.viewer.venue.scene.bounds(), self.camera.fov_y, w / h)
        for slot in ("eye", "target", "near", "far"):
            setattr(self.camera, slot, getattr(framed, slot))
        self.controller = OrbitController(self.camera)

    def drag(self, button: int, dx: float, dy: float) -> None:
        if button == 1:
            self.controller.rotate(dx, dy)
        else:
            self.controller.pan(dx, dy, self.viewer.window.size[1])

    def wheel(self, steps: float) -> None:
        self.controller.zoom(steps)

    def click(self, pos: tuple[int, int], double: bool) -> bool:
        return False

    def text(self, event) -> bool:
        return False

    def update(self, dt: float, held: set[str]) -> None:
        self.controller.update(dt, held)

    def dynamic(self) -> list:
        return []

    def overlays(self, size: tuple[int, int]) -> list:
        return []
