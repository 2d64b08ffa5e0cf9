"""How many triangles an OBJ, PLY or STL file holds, found without reading it into memory.

The loader refuses a model above its triangle limit before trimesh reads it: a 10-million-triangle
PLY would otherwise take tens of gigabytes on the way in. PLY and binary STL say their size in the
header; OBJ and ASCII STL are counted in a streaming pass, a few megabytes at a time.
"""
from __future__ import annotations

import re
from pathlib import Path

MAX_HEADER = 64 << 10      # a PLY header longer than this is not one
CHUNK = 4 << 20
_PLY_ELEMENT = re.compile(rb"^element\s+(\w+)\s+(\d{1,20})\s*$", re.MULTILINE)


def triangle_estimate(path: Path) -> int:
    """Faces the file declares or holds (a polygon counts once), or 0 when its header cannot be read:
    trimesh then reports what is wrong with it."""
    ext = path.suffix.lower()
    try:
        if ext == ".ply":
            return _ply(path)
        if ext == ".stl":
            return _stl(path)
        if ext == ".obj":
            return _count(path, b"\nf ") + _count(path, b"\nf\t")
    except OSError:
        return 0
    return 0


def _ply(path: Path) -> int:
    with open(path, "rb") as f:
        head = f.read(MAX_HEADER)
    end = head.find(b"end_header")
    declared = {name: int(n) for name, n in _PLY_ELEMENT.findall(head[:end if end >= 0 else len(head)])}
    # Vertices cost memory too: a file of vertices alone, or of few huge faces, is measured by them.
    return max(declared.get(b"face", 0), declared.get(b"vertex", 0) // 3)


def _stl(path: Path) -> int:
    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(84)
    if len(head) == 84:
        count = int.from_bytes(head[80:84], "little")
        if 84 + 50 * count == size:   # binary: 50 bytes a triangle after an 84-byte header
            return count
    return _count(path, b"endfacet")


def _count(path: Path, token: bytes) -> int:
    """Occurrences of `token` in the file, read a chunk at a time; each chunk is searched with the
    last bytes of the one before, too short to hold a whole token, so one across the seam is found once."""
    found = 0
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            block = tail + chunk
            found += block.count(token)
            tail = block[-(len(token) - 1):]
    return found
