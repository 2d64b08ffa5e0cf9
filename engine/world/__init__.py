"""What moves: the nav mesh and paths, avatars, the crowd, the venue clock.

Pure logic: numpy, shapely and mapbox_earcut only; no OpenGL, no pygame.
Plan coordinates are (x, z) in metres (x east, z south); headings are compass bearings in radians
(0 faces north, i.e. -z; pi/2 faces east, +x), matching the fly camera's yaw.
"""
from engine.world.navmesh import NavMesh
from engine.world.paths import Path, Unreachable, find_path

__all__ = ["NavMesh", "Path", "Unreachable", "find_path"]
