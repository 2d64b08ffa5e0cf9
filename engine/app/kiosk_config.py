"""Kiosk settings: how long until the attract loop returns, and the keys that quit. Read from TOML."""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import UserError

MODIFIERS = ("ctrl", "shift", "alt")


@dataclass(frozen=True)
class KioskConfig:
    idle_seconds: float = 90.0          # with no input this long, back to the attract loop
    quit_keys: str = "ctrl+shift+q"     # Esc must not end a booth's demo
    crowd: int = 60
    controls_card_seconds: float = 10.0

    @property
    def quit_combo(self) -> tuple[frozenset[str], str]:
        """(modifiers, key name) of the quit combination."""
        parts = self.quit_keys.lower().split("+")
        return frozenset(p for p in parts[:-1]), parts[-1]


MAX_BYTES = 64 << 10   # four settings: a bigger file is not a kiosk configuration
LIMITS = {"idle_seconds": (5.0, 86400.0), "crowd": (0, 1000), "controls_card_seconds": (0.0, 120.0)}


def load_kiosk_config(path: Path | None) -> KioskConfig:
    """Defaults, overridden by a TOML file; unknown keys and impossible values are refused."""
    if path is None:
        return KioskConfig()
    data = _read(Path(path))
    table = data.get("kiosk", data)
    if not isinstance(table, dict):
        raise UserError(path, f"kiosk: expected a table of settings ([kiosk]), got {table!r}")
    known = KioskConfig.__dataclass_fields__
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            raise UserError(path, f"unknown key {key!r}" + (f"; did you mean {close[0]!r}?" if close else
                                                            f"; known keys: {', '.join(known)}"))
        values[key] = _check(path, key, value)
    return KioskConfig(**values)


def _read(path: Path) -> dict[str, Any]:
    """The parsed file; every way it can fail is a UserError (a pipe or a device is never opened)."""
    try:
        if not path.exists():
            raise UserError(path, "no such file")
        if not path.is_file():
            raise UserError(path, "not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise UserError(path, f"larger than {MAX_BYTES >> 10} KB: not a kiosk configuration")
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a byte-order mark is fine
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(path, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(path, f"broken TOML: {exc}") from None
    except (ValueError, RecursionError):   # a number of thousands of digits; arrays nested hundreds deep
        raise UserError(path, "broken TOML: a value too large or nested too deeply") from None


def _check(path: Path, key: str, value: object) -> object:
    if key == "quit_keys":
        if not isinstance(value, str) or not value.strip() or len(value) > 40 or not value.isprintable():
            raise UserError(path, f"quit_keys: expected a combination like \"ctrl+shift+q\", got {value!r}")
        parts = value.lower().split("+")
        if any(p not in MODIFIERS for p in parts[:-1]) or not parts[-1] or parts[-1] in MODIFIERS:
            raise UserError(path, f"quit_keys: {value!r} must be modifiers ({', '.join(MODIFIERS)}) and one key")
        if parts[-1] == "escape" or len(parts) < 2:
            raise UserError(path, f"quit_keys: {value!r} is too easy to press by accident: add ctrl or alt")
        return value.lower()
    lo, hi = LIMITS[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UserError(path, f"{key}: expected a number, got {value!r}")
    if not lo <= value <= hi:
        raise UserError(path, f"{key}: {value} is outside {lo:g}..{hi:g}")
    return int(value) if key == "crowd" else float(value)
