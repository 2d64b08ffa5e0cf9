"""Output folders written whole or not at all: fill a hidden folder beside the target, then swap it in.

A failure (bad input, a full disk, Ctrl-C) removes the hidden folder, so the target is either the
previous complete output or the new complete output, never half of one. Where the system can swap two
paths in one step (Linux's renameat2 with RENAME_EXCHANGE) there is no moment without an output; else
the old output is renamed aside first, and a run killed between the two renames leaves it as
`.NAME.PID.*.old`, which the next run puts back. Hidden folders of runs that were killed (their process
is gone) are removed by the next run into the same place.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path

from engine.errors import UserError

# Hidden folders written before their names carried a process id: stale once untouched this long.
UNOWNED_STALE_S = 3600.0
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_target(out: Path, owned: Sequence[str], option: str = "--out") -> Path:
    """Refuse a target that is a file, a link or a special file, or a folder holding files this
    command did not write. Leftovers of killed runs into the same place are tidied first."""
    out = Path(out)
    recover(out)
    try:
        mode = out.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UserError(option, f"cannot look at {out}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISLNK(mode):
        raise UserError(option, f"{out} is a symbolic link; give the folder itself")
    if mode is not None and not stat.S_ISDIR(mode):
        raise UserError(option, f"{out} is a file, not a folder")
    if mode is not None:
        _refuse_strangers(out, owned, option)
    parent = out.absolute().parent
    if not parent.is_dir():
        raise UserError(option, f"folder {parent} does not exist")
    return out


def _refuse_strangers(out: Path, owned: Sequence[str], option: str) -> None:
    try:
        strangers = [p.name for p in out.iterdir() if not any(fnmatch(p.name, pat) for pat in owned)]
    except OSError as exc:
        raise UserError(option, f"cannot read folder {out}: {exc.strerror or exc}") from None
    if strangers:
        listed = ", ".join(sorted(strangers)[:3]) + (" ..." if len(strangers) > 3 else "")
        raise UserError(option, f"folder {out} already holds other files ({listed}); "
                                "choose a new or empty folder")


@contextmanager
def staged_folder(out: Path, owned: Sequence[str], option: str = "--out") -> Iterator[Path]:
    """Yield an empty hidden folder beside `out`; when the block succeeds it becomes `out`.

    `owned` are name patterns (fnmatch) of what this command writes: an existing `out` holding only
    such files is replaced; one holding anything else is refused before any work is done.
    """
    out = check_target(Path(out), owned, option)
    parent = out.absolute().parent
    try:
        stage = Path(tempfile.mkdtemp(prefix=_prefix(out), suffix=".partial", dir=parent))
    except OSError as exc:
        raise UserError(option, f"cannot write in {parent}: {exc.strerror or exc}") from None
    try:
        yield stage
        _swap_in(stage, out)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise UserError(option, f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _prefix(out: Path) -> str:
    """Hidden names carry the writer's process id, so a later run can tell a live writer's folder
    from a killed one's."""
    return f".{out.name}.{os.getpid()}."


def _swap_in(stage: Path, out: Path) -> None:
    os.chmod(stage, 0o755)   # mkdtemp makes it private; the output is for sharing
    if not out.exists():
        os.replace(stage, out)
        return
    if _exchange(stage, out):    # one step: `out` is the new output, `stage` holds the old one
        shutil.rmtree(stage, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=_prefix(out), suffix=".old", dir=out.absolute().parent))
    os.rmdir(old)
    os.replace(out, old)
    try:
        os.replace(stage, out)
    except OSError:
        os.replace(old, out)   # put the previous output back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the system or the
    file system cannot, and the caller renames in two steps."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        renameat2 = ctypes.CDLL(libc_name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def recover(out: Path) -> list[str]:
    """Tidy what killed runs into `out` left beside it: put back an old output that was renamed aside
    when `out` is missing, and remove hidden folders whose writer is gone. Returns what was done."""
    parent = out.absolute().parent
    done: list[str] = []
    pattern = re.compile(re.escape(f".{out.name}.") + r"(?:(\d+)\.)?[^/]*\.(partial|old)$")
    try:
        leftovers = sorted(p for p in parent.iterdir() if pattern.match(p.name))
    except OSError:
        return done
    for path in leftovers:
        m = pattern.match(path.name)
        assert m is not None
        if not _abandoned(path, m.group(1)) or not path.is_dir() or path.is_symlink():
            continue
        if m.group(2) == "old" and not os.path.lexists(out):
            with contextlib.suppress(OSError):
                os.replace(path, out)
                done.append(f"put back {out} from {path.name}")
                continue
        shutil.rmtree(path, ignore_errors=True)
        done.append(f"removed {path.name}")
    return done


def _abandoned(path: Path, pid: str | None) -> bool:
    """Whether the run that made `path` is gone: its process no longer exists (or, for a name without
    a process id, the folder has not changed for an hour)."""
    if pid is None:
        try:
            return time.time() - path.lstat().st_mtime > UNOWNED_STALE_S
        except OSError:
            return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False   # alive under another user, or not a process id at all
    return False
