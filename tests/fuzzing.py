"""What the property-based tests (test_fuzz_*.py) share: the property itself, with its bounds, and
strategies for documents to mutate.

The property: any input gives a result or the project's own error type, within a time and memory
bound, and writes nothing outside its target. `bounded` enforces the bounds as guards against hangs
and blow-ups, far above what any input needs (they measure nothing): a CPU-time alarm and a cap on how
far the address space may grow while one example runs.

Budgets: `tests/conftest.py` registers the profiles (`ci`, the default, and `long` for
`--hypothesis-profile=long`); `budget(share)` scales an expensive test's examples down from the
profile's number, so the long profile deepens every test alike.
"""
from __future__ import annotations

import contextlib
import json
import math
import resource
import signal
import string
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from engine.errors import UserError

CPU_LIMIT_S = 60          # far above any example; only a hang reaches it
MEMORY_GROWTH = 3 << 30   # bytes of address space one example may add (the budget is 2 GB of use)


class Hang(Exception):
    """An example used more CPU time than any input should: an endless loop."""


def budget(share: float) -> settings:
    """Settings for a test that costs more per example: `share` of the profile's examples (at least 5)."""
    return settings(max_examples=max(5, int(settings.default.max_examples * share)))


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Run a block under a CPU-time alarm and a cap on address-space growth (Linux)."""
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"more than {CPU_LIMIT_S} s of CPU time: a hang")

    previous = signal.signal(signal.SIGVTALRM, alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, CPU_LIMIT_S)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + MEMORY_GROWTH
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (min(cap, hard) if hard != resource.RLIM_INFINITY else cap, hard))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def result_or_user_error(run: Callable[[], Any], *allowed: type[BaseException]) -> Any:
    """run() within the bounds; returns its result, or the UserError (or an `allowed` error) it raised.
    Anything else, MemoryError, Hang and a numeric RuntimeWarning included, fails the test. A UserError
    must be one line."""
    try:
        with bounded(), warnings.catch_warnings():
            # A numeric warning on the way (an overflow, a division by zero) is a value nobody checked.
            warnings.simplefilter("error", RuntimeWarning)
            return run()
    except (UserError, *allowed) as exc:
        if isinstance(exc, UserError):
            assert "\n" not in str(exc) and "\r" not in str(exc), f"error over several lines: {exc!r}"
            str(exc).encode("utf-8")   # printable: no lone surrogates
        return exc


# ---------------------------------------------------------------------------------------- values
# Text a hostile file may hold: control characters, line breaks, wide and astral characters.
awkward_text = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["", "\n", "a\rb", "\x00", "\u2028", "名字", "x" * 5000, "../../etc/passwd", "\t", "#ffffff", "hall-a"])
big_ints = st.integers() | st.integers(min_value=-(10 ** 400), max_value=10 ** 400) | st.sampled_from(
    [0, -1, 1, 2 ** 31, 2 ** 63, 10 ** 400, -(10 ** 400)])
floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([1e308, -1e308, 5e-324, 0.0, -0.0])
scalars = st.one_of(st.booleans(), big_ints, floats, awkward_text)


def values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Nested lists and tables of scalars (deeply nested ones now and then)."""
    nested = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=8), inner, max_size=4),
                          max_leaves=max_leaves)
    deep = st.integers(1, 150).map(lambda n: json.loads("[" * n + "]" * n))
    return nested | deep


def paths(doc: Any) -> list[tuple[Any, ...]]:
    """Every key path into a document of dicts and lists (the places a mutation can land)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc)]
    while stack:
        path, value = stack.pop()
        found.append(path)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
        stack.extend((path + (k,), v) for k, v in items)
    return sorted(found, key=repr)


def replace_at(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A deep copy of `doc` with the value at `path` replaced (the root when the path is empty)."""
    if not path:
        return value
    copy = json.loads(json.dumps(doc))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


@st.composite
def mutated(draw: st.DrawFn, doc: Any, extra: st.SearchStrategy[Any] | None = None, root: bool = False) -> Any:
    """`doc` with one to three of its values replaced by arbitrary ones (or deleted); the whole
    document too when `root`."""
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in paths(doc) if p or root] or [()]
        path = draw(st.sampled_from(places))
        new = draw(values() | (extra if extra is not None else st.nothing()))
        if path and draw(st.integers(0, 5)) == 0 and isinstance(_parent(doc, path), dict):
            doc = replace_at(doc, path[:-1], {k: v for k, v in _parent(doc, path).items() if k != path[-1]})
        else:
            doc = replace_at(doc, path, new)
    return doc


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few bytes inserted, deleted, overwritten or a slice repeated."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "set", "repeat", "cut"]))
        if kind == "insert":
            data = data[:at] + draw(st.binary(max_size=8) | st.sampled_from([b"\r", b"\n", b"[", b"{", b"\x00"]))\
                + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 16)):]
        elif kind == "set" and at < len(data):
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
        elif kind == "repeat":
            data = data[:at] + data[at:at + 64] * draw(st.integers(2, 50)) + data[at:]
        else:
            data = data[:at]
    return data


# ------------------------------------------------------------------------------------------ TOML
def toml_value(value: Any) -> str:
    """A value as TOML inline syntax (inline tables and arrays, every string escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10 ** 4000 else "9" * 4000
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_string(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    return toml_string(str(value))


def toml_string(text: str) -> str:
    """A TOML basic string; characters TOML cannot carry (lone surrogates) become U+FFFD."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        elif ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_document(doc: dict[str, Any]) -> str:
    """A whole document: one `key = value` line per top-level key."""
    return "".join(f"{toml_string(str(k))} = {toml_value(v)}\n" for k, v in doc.items())
