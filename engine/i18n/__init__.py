"""Text in Simplified Chinese or English: message catalogues, the current language, search and dates.

Pure Python (no pygame, no OpenGL): every layer may import it, engine/venue and engine/agenda included.

Marking and translating text (English is the source language; the Chinese lives in
engine/locale/zh/LC_MESSAGES/anting.po)::

    from engine.i18n import _, N_, ngettext, pgettext, lazy_gettext

    _("Go to")                                     # "前往" in Chinese
    _("{hall}: entrance").format(hall=name)        # fields by name, so a translation may move them
    ngettext("{n} person", "{n} people", n).format(n=n)
    pgettext("agenda", "Now")                      # a short word told apart by its context: "正在进行"
    TITLE = N_("Agenda")   # a module-level constant: marked, translated at use with _(TITLE)
    HINT = lazy_gettext("Press L for 中文")          # or translated whenever it is turned into a string

Never build a message from pieces or pass an f-string to `_`: the extraction cannot see it and a translator
cannot reorder it. Names that come from data (a scene file's halls) are translated with `_(hall.name)` when the
default scene's catalogue holds them, or with `localized(name, name_zh)` when the data carries its own Chinese.

Choosing the language::

    set_language(default_language(os.environ))   # the CLI: --lang zh|en, else LC_ALL/LC_MESSAGES/LANG/LANGUAGE
    remove = on_language_change(panel.rebuild)    # called with "zh" or "en" after each change; call remove()
    toggle_language()                             # the L key                 when the panel goes away
    language()                                    # "zh" or "en": what is shown now

A missing or malformed catalogue logs one warning and leaves English: `language()` then says "en".

Signs in the scene carry both languages, Chinese above English: `bilingual("Main Forum")` gives the lines
("主论坛", "Main Forum") whatever the current language is.

Also here: `engine.i18n.search` (matching names by Chinese text, pinyin and pinyin initials) and
`engine.i18n.dates` (venue times in Asia/Shanghai, written the Chinese or the English way); both load their
libraries (pypinyin, Babel) only when imported. After marking new text, run `python scripts/update_catalogue.py`
to add it to the catalogue, translate it in the .po, and run the script again to compile the .mo.
"""
from engine.i18n.catalogues import LANGUAGES, SOURCE_LANGUAGE
from engine.i18n.environ import default_language, language_of
from engine.i18n.messages import (
    N_,
    LazyText,
    _,
    bilingual,
    gettext,
    language,
    lazy_gettext,
    lazy_pgettext,
    localized,
    ngettext,
    npgettext,
    on_language_change,
    pgettext,
    set_language,
    toggle_language,
    translate_to,
)

__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "LazyText",
    "_",
    "bilingual",
    "default_language",
    "gettext",
    "language",
    "language_of",
    "lazy_gettext",
    "lazy_pgettext",
    "localized",
    "ngettext",
    "npgettext",
    "on_language_change",
    "pgettext",
    "set_language",
    "toggle_language",
    "translate_to",
]
