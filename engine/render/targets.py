"""Where frames go: the window's own framebuffer, optionally through a multisampled one.

Render targets are GL objects, so they are made here, beside the renderer, and not by the window.
"""
from __future__ import annotations

from engine.gfx.objects import MultisampleWindowTarget, WindowTarget

WindowLike = WindowTarget | MultisampleWindowTarget


def is_software(renderer: str) -> bool:
    """Mesa's CPU rasterizers (llvmpipe, softpipe) and other software GL."""
    name = renderer.lower()
    return any(word in name for word in ("llvmpipe", "softpipe", "swrast", "software"))


def default_samples(renderer: str) -> int:
    """4x multisampling on a GPU; none on a software rasterizer, where it would multiply the cost
    of every pixel."""
    return 0 if is_software(renderer) else 4


def window_target(size: tuple[int, int], samples: int) -> WindowLike:
    """The target a window's frames are drawn into; call resize() when the window's size changes."""
    return MultisampleWindowTarget(*size, samples) if samples > 1 else WindowTarget(*size)
