"""Writing files so that a failure never leaves a half-written one behind."""
from __future__ import annotations

import io
import os
import stat
import tempfile
from pathlib import Path

import numpy as np

from engine.errors import UserError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes, private: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place; `-` writes it to
    standard output instead.

    The file gets the usual permissions (0666 less the umask), or 0600 when private. A symbolic link
    or a special file (a device, a pipe) at `path` is refused rather than replaced: renaming over it
    would silently swap a link or, run as root, a device node for a plain file. Problems are raised
    as UserError(path, what).
    """
    if str(path) == "-":
        _write_stdout(data)
        return
    path = Path(path)
    check_output_file(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(path, f"cannot write: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o600 if private else 0o666 & ~_umask())   # mkstemp makes every file private
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(path, f"cannot write: {exc.strerror or exc}") from None


def input_problem(path: Path) -> str | None:
    """Why `path` cannot be read as an input file, or None: missing, not a regular file (a folder, a
    device or a pipe, which could block or never end), or a name the system refuses (too long)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is a device, a pipe or another special file, not a file"
    return None


def check_output_file(path: Path) -> None:
    """Refuse an output path that is a symbolic link, a folder or a special file (UserError)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(path, f"cannot write: {exc.strerror or exc}") from None
    if stat.S_ISLNK(mode):
        raise UserError(path, "is a symbolic link; refusing to replace it (give the file it points to, or -)")
    if stat.S_ISDIR(mode):
        raise UserError(path, "is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise UserError(path, "is a device, a pipe or another special file; refusing to replace it "
                              "(use - for standard output)")


def _write_stdout(data: bytes) -> None:
    import sys
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def write_png(image: np.ndarray, out: str | Path) -> None:
    """Write an (h, w, 3 or 4) uint8 image as PNG, atomically (never a half-written file); `-` writes
    it to standard output."""
    from PIL import Image  # Pillow on first use: most commands never write a picture
    out = Path(out)
    if str(out) != "-" and out.suffix.lower() != ".png":
        raise UserError(out, "the output must be a .png file")
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image[..., :3])).save(buffer, format="PNG")
    write_atomic(out, buffer.getvalue())
