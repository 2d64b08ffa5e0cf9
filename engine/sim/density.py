"""Local density on a grid over the walkable floor, and Fruin's levels of service.

Density at a cell is the number of people in the 3 m x 3 m window around it divided by the walkable
area in that window, so walls and obstacles do not dilute it; windows with less than MIN_WINDOW_M2
of floor (a gap behind a booth) are left out.

Levels of service for walkways, J. J. Fruin, "Pedestrian Planning and Design", Metropolitan
Association of Urban Designers and Environmental Planners, New York, 1971: by area per person,
A above 3.3 m² (0.31 persons/m²), B 2.3-3.3, C 1.4-2.3, D 0.9-1.4, E 0.46-0.9, F below 0.46 m²
(above 2.17 persons/m²).
"""
from __future__ import annotations

import numpy as np
import shapely
from scipy.ndimage import uniform_filter
from shapely.geometry import Polygon

LEVELS = ("A", "B", "C", "D", "E", "F")
LIMITS = np.array([0.31, 0.43, 0.72, 1.08, 2.17])      # persons/m² where B, C, D, E, F begin
# sRGB colours from free flow (green) to jammed (dark red), for pictures and the viewer.
COLOURS = np.array([[46, 160, 67], [140, 200, 60], [240, 220, 60], [245, 150, 40], [220, 50, 40], [120, 20, 40]],
                   np.uint8)
CELL_M = 1.0
WINDOW = 3
MIN_WINDOW_M2 = 4.0


def level_index(density: np.ndarray | float) -> np.ndarray:
    """0 (A) .. 5 (F) for densities in persons/m² (NaN counts as A)."""
    return np.searchsorted(LIMITS, np.nan_to_num(np.asarray(density, float)), side="right")


def level(density: float) -> str:
    return LEVELS[int(level_index(density))]


class DensityGrid:
    """A grid of CELL_M cells over `area`'s bounds: `density(xz)` gives (rows, cols) persons/m² (NaN
    where the window holds too little floor); row i, column j covers z0 + i, x0 + j."""

    def __init__(self, area: Polygon, cell: float = CELL_M) -> None:
        x0, z0, x1, z1 = area.bounds
        self.cell = cell
        self.origin = np.array([x0, z0])
        self.shape = (int(np.ceil((z1 - z0) / cell)) + 1, int(np.ceil((x1 - x0) / cell)) + 1)
        rows, cols = self.shape
        # Walkable share of each cell from 2 x 2 samples.
        offs = (np.array([0.25, 0.75]) * cell)
        fx = (x0 + np.arange(cols)[None, :, None, None] * cell + offs[None, None, None, :])
        fz = (z0 + np.arange(rows)[:, None, None, None] * cell + offs[None, None, :, None])
        fx, fz = np.broadcast_arrays(fx, fz)
        inside = shapely.contains_xy(area, fx.ravel(), fz.ravel()).reshape(rows, cols, 4)
        self.floor = inside.mean(axis=2) * cell * cell                       # m² of floor per cell
        self.window_m2 = uniform_filter(self.floor, WINDOW, mode="constant") * WINDOW * WINDOW
        self.valid = (self.window_m2 >= MIN_WINDOW_M2) & (self.floor > 0)

    def cells(self, xz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of each point (k, 2), clipped to the grid."""
        ij = np.floor((np.asarray(xz, float).reshape(-1, 2) - self.origin) / self.cell).astype(int)
        return (np.clip(ij[:, 1], 0, self.shape[0] - 1), np.clip(ij[:, 0], 0, self.shape[1] - 1))

    def density(self, xz: np.ndarray) -> np.ndarray:
        counts = np.zeros(self.shape)
        if len(xz):
            r, c = self.cells(xz)
            np.add.at(counts, (r, c), 1.0)
        around = uniform_filter(counts, WINDOW, mode="constant") * WINDOW * WINDOW
        with np.errstate(divide="ignore", invalid="ignore"):
            out = around / self.window_m2
        out[~self.valid] = np.nan
        return out

    def at(self, grid: np.ndarray, xz: np.ndarray) -> np.ndarray:
        """The grid's values at points (k, 2)."""
        r, c = self.cells(xz)
        return np.nan_to_num(grid[r, c])

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """x (cols,) and z (rows,) of the cell centres."""
        rows, cols = self.shape
        x0, z0 = self.origin
        return x0 + (np.arange(cols) + 0.5) * self.cell, z0 + (np.arange(rows) + 0.5) * self.cell

    def mask(self, area: Polygon) -> np.ndarray:
        """Cells (rows, cols) whose centre lies in `area` and that count."""
        x, z = self.centres()
        gx, gz = np.meshgrid(x, z)
        return shapely.contains_xy(area, gx, gz) & self.valid
