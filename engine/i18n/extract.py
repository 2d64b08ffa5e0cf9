"""Keeping the catalogue whole: find the marked text in the code and the names in scene files, add what is new
to the .po, compile the .mo, and list what has no Chinese translation.

Used by scripts/update_catalogue.py and tests/test_i18n_catalogue.py; nothing at run time needs it.
"""
from __future__ import annotations

import copy
import gettext
import io
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from engine.i18n.catalogues import DOMAIN

# The functions of engine.i18n that take text to translate, and where the text is among their arguments.
KEYWORDS = {
    "_": None, "gettext": None, "N_": None, "lazy_gettext": None,
    "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "lazy_pgettext": ((1, "c"), 2),
}
# Fields of a scene file that people read; a table giving `<field>_zh` brings its own Chinese.
SCENE_FIELDS = ("name", "theme", "description", "signage")
BABEL_LOCALE = {"zh": "zh_Hans_CN"}
_PO_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)(\s|$)")
_PO_STRING_LINE = re.compile(r'((msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+)?"([^"\\]|\\.)*"')
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")


def source_template(root: Path, package: str = "engine") -> Catalog:
    """Every message marked in the Python files under root/package, with its file:line (paths from root)."""
    template = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
            root / package, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True):
        where = (Path(package, filename).as_posix(), lineno)
        template.add(message, None, [where], auto_comments=comments, context=context)
    return template


def add_scene_names(template: Catalog, scene: Path, root: Path) -> None:
    """Add the names, themes, descriptions and signage of a scene file to `template`."""
    text = scene.read_text(encoding="utf-8")
    lines = text.splitlines()
    rel = scene.resolve().relative_to(root.resolve()).as_posix()
    for where, value in _scene_texts(tomllib.loads(text), ""):
        template.add(value, None, [(rel, _line_of(lines, value))], auto_comments=[where])


def _scene_texts(node: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name in SCENE_FIELDS:
            value = node.get(name)
            if isinstance(value, str) and value.strip() and not node.get(f"{name}_zh"):
                yield f"{path}.{name}".lstrip("."), value
        for key, child in node.items():
            yield from _scene_texts(child, f"{path}.{key}".lstrip("."))
    elif isinstance(node, list):
        for child in node:
            yield from _scene_texts(child, path)


def _line_of(lines: list[str], value: str) -> int:
    """The line (from 1) the value is written on; 0, which the .po leaves out, when it cannot be told."""
    quoted = (f'"{value}"', f"'{value}'")
    return next((i + 1 for i, line in enumerate(lines) if any(q in line for q in quoted)), 0)


def template_for(root: Path, scenes: Iterable[Path] = ()) -> Catalog:
    """What the catalogue must hold: the code's marked text plus the given scene files' names."""
    template = source_template(root)
    for scene in scenes:
        add_scene_names(template, scene, root)
    return template


def read_catalogue(po: Path, lang: str = "zh") -> Catalog:
    """The .po at `po`; an empty catalogue for `lang` when there is none yet. Raises PoFileError when the file
    is malformed (a person must fix it: the update would lose what it cannot read)."""
    if not po.exists():
        return Catalog(locale=BABEL_LOCALE.get(lang, lang), domain=DOMAIN, project="anting-venue", fuzzy=False)
    data = po.read_bytes()
    catalogue = read_po(io.BytesIO(data), locale=BABEL_LOCALE.get(lang, lang), domain=DOMAIN, abort_invalid=True)
    _check_po(data.decode("utf-8", errors="replace"), catalogue)
    return catalogue


def _check_po(text: str, catalogue: Catalog) -> None:
    """What Babel's reader lets through: a string that lacks its closing quote (read cut short) and a message
    given twice (the second one lost)."""
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if (s.startswith('"') or _PO_KEYWORD.match(s)) and not _PO_STRING_LINE.fullmatch(s):
            raise PoFileError("a string without its closing quote", catalogue, line, n)
    ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
    headers = sum(lines[i] == 'msgid ""' and lines[i + 1:i + 2] != [] and lines[i + 1].startswith("msgstr")
                  for i in ids)   # an empty msgid on its own: the header, which len() leaves out
    if len(ids) != len(catalogue) + headers:
        raise PoFileError("a message given twice", catalogue, "", 0)


@dataclass
class Update:
    """What an update did: the messages it added (untranslated) and those no longer found in the sources."""
    added: list[Message] = field(default_factory=list)
    unused: list[Message] = field(default_factory=list)


def merge(catalogue: Catalog, template: Catalog, prune: bool = False) -> Update:
    """Bring `catalogue` up to date with `template`: new messages are added untranslated, known ones get their
    current locations and comments. Messages the sources no longer hold lose their locations and stay (so
    text translated ahead of its wiring survives) unless `prune` removes them."""
    update = Update()
    wanted = set()
    for msg in _messages(template):
        wanted.add(_key(msg))
        known = catalogue.get(msg.id, msg.context)
        if known is None:
            update.added.append(catalogue.add(msg.id, None, msg.locations, auto_comments=msg.auto_comments,
                                              context=msg.context))
        else:
            known.id = msg.id   # a plural message may have changed its plural form
            known.locations, known.auto_comments = list(msg.locations), list(msg.auto_comments)
    for msg in list(_messages(catalogue)):
        if _key(msg) not in wanted:
            update.unused.append(msg)
            if prune:
                catalogue.delete(msg.id, msg.context)
            else:
                msg.locations = []
    return update


def _messages(catalogue: Catalog) -> Iterator[Message]:
    return (m for m in catalogue if m.id)   # the header is the message with an empty id


def _key(msg: Message) -> tuple[str, str | None]:
    return (msg.id if isinstance(msg.id, str) else msg.id[0], msg.context)


def is_translated(msg: Message) -> bool:
    """A translation that will be used: not fuzzy, and no form left empty."""
    forms = _forms(msg)
    return not msg.fuzzy and bool(forms) and all(form.strip() for form in forms)


def _forms(msg: Message) -> tuple[str, ...]:
    if not msg.string:
        return ()
    return (msg.string,) if isinstance(msg.string, str) else tuple(msg.string)


def fields(text: str) -> set[str]:
    """The replacement fields of a message: "{hall}" and "%(n)d" by name, "%s" by position."""
    found = set()
    for i, m in enumerate(_FIELD.finditer(text)):
        if m.group(0) in ("{{", "}}") or m.group(3) == "%":
            continue
        name = m.group(1) if m.group(1) is not None else m.group(2)
        found.add(name if name else f"#{i}")
    return found


def problems(template: Catalog, catalogue: Catalog, lang: str = "zh") -> list[str]:
    """One line per message of `template` that `catalogue` does not translate, or whose translation has other
    replacement fields than the English (a field it invents would crash `.format`, one it drops loses text)."""
    found = []
    for msg in _messages(template):
        where = ", ".join(f"{f}:{n}" if n else f for f, n in msg.locations) or "?"
        label = repr(msg.id if isinstance(msg.id, str) else msg.id[0])
        if msg.context:
            label += f" (context {msg.context!r})"
        known = catalogue.get(msg.id, msg.context)
        if known is None or not is_translated(known):
            found.append(f"{where}: {label} has no {lang} translation")
            continue
        expected = fields(msg.id if isinstance(msg.id, str) else msg.id[-1])
        forms = _forms(known)
        if any(fields(form) != expected for form in forms):
            found.append(f"{where}: {label}: the {lang} translation has fields {sorted(fields(forms[0]))}, "
                         f"the English {sorted(expected)}")
    return found


def compile_mo(catalogue: Catalog) -> bytes:
    """The .mo of `catalogue`, holding only what is translated (an empty form would show as blank text)."""
    complete = copy.deepcopy(catalogue)
    for msg in list(_messages(complete)):
        if not is_translated(msg):
            complete.delete(msg.id, msg.context)
    buf = io.BytesIO()
    write_mo(buf, complete)
    return buf.getvalue()


def mo_table(data: bytes) -> dict[object, str]:
    """What a compiled catalogue maps, as the standard library reads it (the header left out): two .mo files
    that give the same table translate the same, whichever Babel wrote them."""
    table = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)   # type: ignore[attr-defined]
    table.pop("", None)
    return table


def write_catalogue(po: Path, catalogue: Catalog) -> None:
    """Write the .po and its compiled .mo beside it, each whole or not at all."""
    buf = io.BytesIO()
    write_po(buf, catalogue, width=120, ignore_obsolete=True)
    mo = compile_mo(catalogue)
    _replace(po, buf.getvalue())
    _replace(po.with_suffix(".mo"), mo)


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
