"""A frab/pretalx schedule's own Chinese for its events, where the format leaves room for it.

The c3voc schema allows no unknown key in an event, but a conference's `meta` is free, so the Chinese goes
there, keyed by the event's guid::

    "meta": {"translations": {"zh": {"<guid>": {"title": "主旨演讲：工业元宇宙", "abstract": "...",
                                              "persons": ["上海市副市长"]}}}}

`persons` lists the speakers' Chinese names (or roles) in the event's order. Only what the schedule itself gives
is read: nothing is machine-translated, and an event without an entry keeps its own language alone. An entry
that cannot be used (not an object, text that cannot be shown, persons that do not match the speakers) is left
out, counted in one warning per kind of fault.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from engine.agenda.model import MAX_ABSTRACT, MAX_LINE, MAX_SESSIONS, Session, clean_text
from engine.agenda.tally import Tally

LANG = "zh"


def with_chinese(sessions: list[Session], meta: Any) -> tuple[list[Session], list[str]]:
    """The sessions with the Chinese `meta` gives them (`title_zh`, `abstract_zh`, `speakers_zh`), and
    warnings about entries that could not be used."""
    table, warnings = _table(meta)
    if not table:
        return sessions, warnings
    tally = Tally()
    out = [_translated(s, table[s.id], tally) if s.id in table else s for s in sessions]
    return out, warnings + tally.lines()


def _table(meta: Any) -> tuple[Mapping[str, Any], list[str]]:
    translations = meta.get("translations") if isinstance(meta, Mapping) else None
    if translations is None:
        return {}, []
    table = translations.get(LANG) if isinstance(translations, Mapping) else None
    if table is None and isinstance(translations, Mapping):
        return {}, []
    if not isinstance(table, Mapping):
        return {}, [f"conference/meta/translations/{LANG} is not an object of events by guid (ignored)"]
    if len(table) > MAX_SESSIONS:
        return {}, [f"conference/meta/translations/{LANG} has more than {MAX_SESSIONS:,} entries (ignored)"]
    return table, []


def _translated(session: Session, entry: Any, tally: Tally) -> Session:
    label = f"guid {session.id[:40]!r} {session.title[:60]!r}"
    if not isinstance(entry, Mapping):
        tally.add("Chinese translation is not an object (ignored)", label)
        return session
    try:
        title = _text(entry.get("title"), "title", MAX_LINE)
        abstract = _text(entry.get("abstract"), "abstract", MAX_ABSTRACT, multiline=True)
        persons = tuple(_text(p, "persons", MAX_LINE) for p in _list(entry.get("persons")))
    except ValueError:
        tally.add("Chinese translation holds text that cannot be shown or is too long (ignored)", label)
        return session
    if persons and len(persons) != len(session.speakers):
        tally.add("Chinese persons do not match the speakers one for one (ignored)", label)
        persons = ()
    return replace(session, title_zh=title, abstract_zh=abstract, speakers_zh=persons)


def _text(value: Any, what: str, limit: int, multiline: bool = False) -> str:
    if value is None:
        return ""
    return clean_text(value, what, limit, multiline).strip()


def _list(value: Any) -> Sequence[Any]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("persons: expected a list")
    return value


def chinese_meta(sessions: Sequence[Session], guids: Mapping[int, str]) -> dict[str, Any]:
    """{"translations": {"zh": {guid: entry}}} for the sessions that have Chinese (`guids`: {id(session):
    the guid written for it}); {} when none has."""
    entries = {}
    for s in sessions:
        entry = {key: value for key, value in (("title", s.title_zh), ("abstract", s.abstract_zh),
                                               ("persons", list(s.speakers_zh))) if value}
        if entry:
            entries[guids[id(s)]] = entry
    return {"translations": {LANG: entries}} if entries else {}
