"""A digest of the code that builds something, so generated files are rebuilt when that code changes.

`code_digest(build_props)` follows what a function uses in this project's modules (the functions and
classes its code names, and the constants it reads with their values) and hashes their source, whole-line
comments and blank lines left out. Moving a function to another module or rewording a comment keeps the
digest; changing the code, or a constant it reads, changes it. Annotations are not followed (with
`from __future__ import annotations` they are never evaluated): they do not change what the code computes.
"""
from __future__ import annotations

import ast
import hashlib
import inspect
import sys
from functools import cache
from types import CodeType, FunctionType, ModuleType
from typing import TypeGuard

import numpy as np

PACKAGE = "engine"


class _Digest:
    """The texts gathered so far: the source of each function and class, `name = value` of each constant."""

    def __init__(self) -> None:
        self.visited: set[int] = set()
        self.texts: set[str] = set()

    def hexdigest(self) -> str:
        return hashlib.sha256("\n\n".join(sorted(self.texts)).encode("utf-8")).hexdigest()[:16]


def code_digest(*roots: object) -> str:
    """16 hex digits over the code reachable from `roots` (functions or classes of this project)."""
    d = _Digest()
    for root in roots:
        _visit(root, d)
    return d.hexdigest()


def _ours(obj: object) -> TypeGuard[FunctionType | type]:
    """A function or class defined in this project (not a library's, not a builtin)."""
    module = getattr(obj, "__module__", None) or ""
    return (inspect.isfunction(obj) or inspect.isclass(obj)) and module.split(".")[0] == PACKAGE


def _visit(obj: object, d: _Digest) -> None:
    if id(obj) in d.visited or not _ours(obj):
        return
    d.visited.add(id(obj))
    d.texts.add(_source(obj))
    _defaults(obj, d)
    scope = vars(sys.modules[obj.__module__])
    names = sorted(_names(obj))
    for name in names:
        value = scope.get(name)
        if isinstance(value, ModuleType):
            if value.__name__.split(".")[0] == PACKAGE:   # `geo.point_at`: follow what the module holds
                for attr in names:
                    _visit_value(attr, getattr(value, attr, None), d)
        elif name in scope:
            _visit_value(name, value, d)


def _visit_value(name: str, value: object, d: _Digest) -> None:
    if _ours(value):
        _visit(value, d)
    elif value is not None and not callable(value) and not isinstance(value, ModuleType):
        d.texts.add(f"{name} = {_describe(value, d)}")


def _functions(obj: FunctionType | type) -> list[FunctionType]:
    """The function itself, or a class's methods (plain, static, class and property getters)."""
    if isinstance(obj, FunctionType):
        return [obj]
    out = []
    for member in vars(obj).values():
        for fn in (member, getattr(member, "__func__", None), getattr(member, "fget", None)):
            if isinstance(fn, FunctionType):
                out.append(fn)
    return out


def _defaults(obj: FunctionType | type, d: _Digest) -> None:
    """Default argument values are evaluated once, at definition: their values, not just their names."""
    for fn in _functions(obj):
        if fn.__defaults__ or fn.__kwdefaults__:
            d.texts.add(f"{fn.__qualname__} defaults = {_describe(fn.__defaults__, d)} "
                        f"{_describe(fn.__kwdefaults__, d)}")


def _names(obj: FunctionType | type) -> set[str]:
    """Every global and attribute name the code of a function, or of a class's methods, refers to."""
    stack = [fn.__code__ for fn in _functions(obj)]
    names: set[str] = set()
    while stack:   # nested code: comprehensions, lambdas, inner functions
        code = stack.pop()
        names.update(code.co_names)
        stack.extend(c for c in code.co_consts if isinstance(c, CodeType))
    return names


def _source(obj: FunctionType | type) -> str:
    """The definition's source without blank lines and whole-line comments."""
    text = _top_level_sources(obj.__module__).get(obj.__qualname__) or inspect.getsource(obj)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@cache
def _top_level_sources(module_name: str) -> dict[str, str]:
    """{name: source} of a module's top-level functions and classes (one parse per module, not one per
    definition as inspect.getsource does for classes)."""
    source = inspect.getsource(sys.modules[module_name])
    lines = source.splitlines()
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno] + [dec.lineno for dec in node.decorator_list])
            out[node.name] = "\n".join(lines[start - 1:node.end_lineno])
    return out


def _describe(value: object, d: _Digest) -> str:
    """A constant's value as text that is the same on every run; functions and classes inside it are
    named and followed."""
    if _ours(value):
        _visit(value, d)
        return value.__qualname__
    if isinstance(value, float):   # 12 digits: the same on every machine, whatever its last bits
        return format(value, ".12g")
    if value is None or isinstance(value, (bool, int, complex, str, bytes)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_describe(v, d) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_describe(v, d) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_describe(k, d)}: {_describe(v, d)}" for k, v in value.items()) + "}"
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return f"array({data.dtype}, {data.shape}, {hashlib.sha256(data.tobytes()).hexdigest()[:16]})"
    return type(value).__qualname__   # an object whose contents the builders do not read as data
