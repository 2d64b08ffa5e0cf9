"""Surface textures of the venue, generated (deterministic numpy noise and patterns, no files to license).

Each is small, tiles seamlessly (the noise is built from whole periods of the tile) and is nearly white on
average, so the vertex colour of a surface still chooses its tone and the texture only adds grain: one
carpet texture serves every hall, one stone texture every slab. Images are (h, w, 4) uint8 sRGB, row 0
at the top; the renderer makes their mipmaps.
"""
from __future__ import annotations

from functools import cache

import numpy as np

from engine.scene.material import Sampler


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def tiling_noise(size: int, cells: int, seed: int) -> np.ndarray:
    """Smooth value noise (size, size) in [0, 1] that tiles: a periodic grid of `cells` random values,
    interpolated with a smoothstep."""
    grid = _rng(seed).random((cells, cells))
    t = np.arange(size) * cells / size
    i0 = np.floor(t).astype(int)
    f = t - i0
    f = f * f * (3 - 2 * f)
    i1 = (i0 + 1) % cells
    rows0 = grid[i0][:, i0] * (1 - f)[None, :] + grid[i0][:, i1] * f[None, :]
    rows1 = grid[i1][:, i0] * (1 - f)[None, :] + grid[i1][:, i1] * f[None, :]
    return rows0 * (1 - f)[:, None] + rows1 * f[:, None]


def fractal_noise(size: int, seed: int, octaves: tuple[int, ...] = (4, 8, 16, 32)) -> np.ndarray:
    """Several octaves of tiling noise summed (weights halving), rescaled to [0, 1]."""
    total = np.zeros((size, size))
    for k, c in enumerate(octaves):
        total += tiling_noise(size, c, seed + k) * 0.5 ** k
    lo, hi = total.min(), total.max()
    return (total - lo) / max(hi - lo, 1e-9)


def _rgba(grey_or_rgb: np.ndarray) -> np.ndarray:
    """Values in [0, 1], (h, w) or (h, w, 3), to an opaque uint8 image."""
    rgb = grey_or_rgb if grey_or_rgb.ndim == 3 else np.repeat(grey_or_rgb[..., None], 3, axis=2)
    out = np.empty(rgb.shape[:2] + (4,), np.uint8)
    out[..., :3] = np.clip(np.rint(rgb * 255), 0, 255)
    out[..., 3] = 255
    return out


@cache
def carpet() -> np.ndarray:
    """Loop-pile carpet, 256 px for 1 m: fine fleck over a faint cloud, light grey around 0.85."""
    size = 256
    fleck = _rng(11).random((size, size))
    cloud = fractal_noise(size, 12, (4, 8))
    value = 0.86 + (fleck - 0.5) * 0.16 + (cloud - 0.5) * 0.08
    return _rgba(value)


@cache
def stone() -> np.ndarray:
    """One paving slab, 256 px: granite speckle, a soft cloud and a dark joint round its edge (the
    texture repeats once per slab)."""
    size = 256
    rng = _rng(21)
    speck = rng.random((size, size))
    grain = 0.9 + (fractal_noise(size, 22, (8, 16, 32)) - 0.5) * 0.12
    value = grain + np.where(speck > 0.97, 0.08, 0.0) - np.where(speck < 0.04, 0.1, 0.0)
    edge = np.minimum(np.arange(size), np.arange(size)[::-1])
    joint = np.minimum(edge[:, None], edge[None, :])
    value = np.where(joint < 2, 0.5, value)
    rgb = np.stack([value, value * 0.985, value * 0.96], axis=-1)
    return _rgba(rgb)


@cache
def grass() -> np.ndarray:
    """Lawn, 256 px for 4 m: blades as fine noise, patches of lighter and darker green."""
    size = 256
    blades = _rng(31).random((size, size))
    patches = fractal_noise(size, 32, (4, 8, 16))
    value = 0.8 + (patches - 0.5) * 0.3 + (blades - 0.5) * 0.14
    rgb = np.stack([value * 1.02, value, value * 0.9], axis=-1)
    return _rgba(np.clip(rgb, 0, 1))


@cache
def brushed_metal() -> np.ndarray:
    """Brushed aluminium, 256 px: streaks along u (noise stretched one way), bright on average."""
    size = 256
    rng = _rng(41)
    streaks = rng.random((size, 1)) * 0.6 + rng.random((size, size)) * 0.4
    soft = (streaks + np.roll(streaks, 1, axis=1) + np.roll(streaks, -1, axis=1)) / 3
    value = 0.85 + (soft - 0.5) * 0.12
    return _rgba(value)


# Repeating, filtered, mip-mapped: what every venue surface texture is read with.
TILING = Sampler(min_nearest=True)
