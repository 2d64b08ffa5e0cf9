"""Names and titles from the data, shown in the current language: places (a scene's `name_zh`, else the
catalogue's Chinese for the default scene's names), session titles (`title_for`), and the short forms the
maps use ("Sub-forum 4" / "分论坛四" and "4")."""
from __future__ import annotations

import re

from engine.i18n import N_, _, language, localized, translate_to

# A hall's kind (engine.venue.model.HallKind) as tables and captions name it
KIND_NAMES = {"forum": N_("forum"), "subforum": N_("sub-forum"), "exhibition": N_("exhibition")}

_NUMERALS = dict(zip("一二三四五六七八九十", map(str, range(1, 11))))
_SUB_FORUM = re.compile(r"(sub-?forum\s*(\d+))", re.IGNORECASE)
_SUB_FORUM_ZH = re.compile(r"(分论坛\s*([一二三四五六七八九十]|\d+))")


def chinese_name(item: object) -> str | None:
    """The Chinese name a place carries in its data (`name_zh`), else the catalogue's; None when neither
    has one."""
    own = getattr(item, "name_zh", None)
    if own:
        return str(own)
    name = str(getattr(item, "name", "") or "")
    zh = translate_to("zh", name) if name else ""
    return zh if zh and zh != name else None


def display_name(item: object) -> str:
    """A hall's, booth's, experience's or waypoint's name in the current language."""
    name = str(getattr(item, "name", "") or "")
    return localized(name, getattr(item, "name_zh", None)) if name else ""


def kind_name(kind: object) -> str:
    """A hall's kind in the current language: "sub-forum" / "分论坛"."""
    return _(KIND_NAMES[str(kind)]) if str(kind) in KIND_NAMES else str(kind)


def search_names(item: object) -> tuple[str, ...]:
    """Every name a place is found by, in either language: English, Chinese (its pinyin follows) and id."""
    names = (str(getattr(item, "name", "") or ""), chinese_name(item) or "", str(getattr(item, "id", "") or ""))
    return tuple(n for n in dict.fromkeys(names) if n)


def split_title(name: str) -> tuple[str, str]:
    """ "Sub-forum 4: Medical Treatment" -> ("Sub-forum 4", "Medical Treatment"); the Chinese full-width
    colon too ("分论坛四：医疗"); ("Main Forum", "") without one."""
    for colon in (": ", "："):
        title, found, rest = name.partition(colon)
        if found:
            return title.strip(), rest.strip()
    return name, ""


def short_names(name: str) -> tuple[str, str]:
    """What fits a small hall on a map: ("Sub-forum 4", "4") / ("分论坛四", "4"); a name without a
    sub-forum number gives its title twice."""
    for pattern in (_SUB_FORUM, _SUB_FORUM_ZH):
        m = pattern.match(name)
        if m:
            return m.group(1), _NUMERALS.get(m.group(2), m.group(2))
    title = split_title(name)[0]
    return title, title


def session_title(session: object) -> str:
    """The session's title in the current language where it has one (`title_for`), else as given."""
    title_for = getattr(session, "title_for", None)
    return str(title_for(language())) if callable(title_for) else str(getattr(session, "title", ""))


def session_speakers(session: object) -> tuple[str, ...]:
    """The speakers as written in the current language where the schedule gives both (`speakers_for`)."""
    speakers_for = getattr(session, "speakers_for", None)
    if callable(speakers_for):
        return tuple(speakers_for(language()))
    return tuple(getattr(session, "speakers", ()))


def session_titles(session: object) -> tuple[str, ...]:
    """Every title a session is found by: English and Chinese."""
    titles = [str(getattr(session, "title", ""))]
    title_for = getattr(session, "title_for", None)
    if callable(title_for):
        titles += [str(title_for("zh")), str(title_for("en"))]
    titles.append(str(getattr(session, "title_zh", "") or ""))
    return tuple(t for t in dict.fromkeys(titles) if t)


def language_tag(session: object) -> str:
    """ "[de] " before an imported session's title when it is held in a language other than the one shown
    (the schedule's `language` field); "" otherwise."""
    lang = str(getattr(session, "language", "") or "").strip()
    if not lang:
        return ""
    shown = language()
    if lang.lower().split("-")[0].split("_")[0] == shown:
        return ""
    return f"[{lang[:8]}] "
