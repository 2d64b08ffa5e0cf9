"""Output folders written whole or not at all: fill a hidden folder beside the target, then rename it.

A failure (bad input, a full disk, Ctrl-C) removes the hidden folder, so the target is either the
previous complete output or the new complete output, never half of one.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path

from engine.errors import UserError


def check_target(out: Path, owned: Sequence[str], option: str = "--out") -> Path:
    """Refuse a target that is a file, or a folder holding files this command did not write."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(option, f"{out} is a file, not a folder")
    if out.is_dir():
        try:
            strangers = [p.name for p in out.iterdir() if not any(fnmatch(p.name, pat) for pat in owned)]
        except OSError as exc:
            raise UserError(option, f"cannot read folder {out}: {exc.strerror or exc}") from None
        if strangers:
            listed = ", ".join(sorted(strangers)[:3]) + (" ..." if len(strangers) > 3 else "")
            raise UserError(option, f"folder {out} already holds other files ({listed}); "
                                    "choose a new or empty folder")
    parent = out.absolute().parent
    if not parent.is_dir():
        raise UserError(option, f"folder {parent} does not exist")
    return out


@contextmanager
def staged_folder(out: Path, owned: Sequence[str], option: str = "--out") -> Iterator[Path]:
    """Yield an empty hidden folder beside `out`; when the block succeeds it becomes `out`.

    `owned` are name patterns (fnmatch) of what this command writes: an existing `out` holding only
    such files is replaced; one holding anything else is refused before any work is done.
    """
    out = check_target(Path(out), owned, option)
    parent = out.absolute().parent
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=parent))
    except OSError as exc:
        raise UserError(option, f"cannot write in {parent}: {exc.strerror or exc}") from None
    try:
        yield stage
        _swap_in(stage, out, option)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise UserError(option, f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _swap_in(stage: Path, out: Path, option: str) -> None:
    os.chmod(stage, 0o755)   # mkdtemp makes it private; the output is for sharing
    if not out.exists():
        os.replace(stage, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.absolute().parent))
    os.rmdir(old)
    os.replace(out, old)
    try:
        os.replace(stage, out)
    except OSError:
        os.replace(old, out)   # put the previous output back
        raise
    shutil.rmtree(old, ignore_errors=True)
