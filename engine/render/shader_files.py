"""Shader sources live in shaders/*.glsl and are loaded by name, with #include, through one cache."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SHADER_DIR = Path(__file__).resolve().parent / "shaders"
_INCLUDE = re.compile(r'^\s*#include\s+"([\w.]+)"\s*$', re.MULTILINE)


@cache
def shader_source(filename: str) -> str:
    """The text of shaders/<filename> with its #include lines expanded (one level deep is enough)."""
    text = (SHADER_DIR / filename).read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: (SHADER_DIR / m.group(1)).read_text(encoding="utf-8"), text)


def program_sources(name: str, defines: tuple[str, ...] = ()) -> tuple[str, str]:
    """(vertex, fragment) sources of the program `name` (name.vert.glsl, name.frag.glsl), with a
    `#define` line for each of `defines` right after the #version line (compile-time variants)."""
    return (_with_defines(shader_source(f"{name}.vert.glsl"), defines),
            _with_defines(shader_source(f"{name}.frag.glsl"), defines))


def _with_defines(source: str, defines: tuple[str, ...]) -> str:
    if not defines:
        return source
    first, _, rest = source.partition("\n")
    return "\n".join([first, *(f"#define {d}" for d in defines), rest])
