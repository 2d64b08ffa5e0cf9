"""The current language and translated text: `_`, `ngettext`, `pgettext`, lazy text, signs in both languages.

One language is current for the whole program (the CLI sets it from --lang or the environment; the L key
toggles it). Listeners registered with `on_language_change` hear every change, so views rebuild their text.
"""
from __future__ import annotations

import gettext as _gettext
import logging
from collections.abc import Callable
from pathlib import Path

from engine.i18n.catalogues import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, load

log = logging.getLogger(__name__)

Listener = Callable[[str], None]


class _State:
    """What is current: the language actually shown, its translations, where catalogues are read from."""

    def __init__(self) -> None:
        self.lang = SOURCE_LANGUAGE
        self.translations: _gettext.NullTranslations = _gettext.NullTranslations()
        self.locale_dir = LOCALE_DIR
        self.listeners: list[Listener] = []


_state = _State()


def set_language(lang: str, *, locale_dir: Path | None = None) -> str:
    """Make `lang` ("zh" or "en") current and tell the listeners when it changed; returns the language now
    shown. A missing or malformed catalogue leaves English (one warning is logged), and `language()` says so.
    `locale_dir` reads catalogues from elsewhere than the package (tests)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    if locale_dir is not None:
        _state.locale_dir = locale_dir
    translations = load(lang, _state.locale_dir)
    if translations is None:
        lang, translations = SOURCE_LANGUAGE, _gettext.NullTranslations()
    changed = lang != _state.lang
    _state.lang, _state.translations = lang, translations
    if changed:
        for listener in list(_state.listeners):
            listener(lang)
    return lang


def language() -> str:
    """The language text is shown in now: "zh" or "en"."""
    return _state.lang


def toggle_language() -> str:
    """Switch to the next language (what the L key does); returns the language now shown."""
    i = LANGUAGES.index(_state.lang)
    return set_language(LANGUAGES[(i + 1) % len(LANGUAGES)])


def on_language_change(listener: Listener) -> Callable[[], None]:
    """Call `listener(lang)` after each change of language. Returns a function that removes it again: an
    object that goes away (a panel, a window) must call it, or the listener keeps the object alive."""
    _state.listeners.append(listener)

    def remove() -> None:
        if listener in _state.listeners:
            _state.listeners.remove(listener)
    return remove


def gettext(message: str) -> str:
    """`message` (English) in the current language; itself where the catalogue has no translation."""
    return _state.translations.gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for the count `n` in the current language (Chinese has one form for every count)."""
    return _state.translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, told apart from the same English words elsewhere by `context`
    (a short word such as "Now" means different things on the agenda and on a clock)."""
    return _state.translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """ngettext with a context, as pgettext."""
    return _state.translations.npgettext(context, singular, plural, n)


def translate_to(lang: str, message: str, context: str | None = None) -> str:
    """`message` in `lang` whatever the current language is (signs carry both languages)."""
    translations = load(lang, _state.locale_dir) or _gettext.NullTranslations()
    return translations.gettext(message) if context is None else translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it: for module-level constants, which are made
    before a language is chosen. Translate at use: `_(TITLE)`."""
    return message


class LazyText:
    """Text translated each time it is turned into a string (str(), f-strings, format), so a constant made at
    import time follows the current language. Pass `str(text)` to code that needs a real str."""

    __slots__ = ("context", "message")

    def __init__(self, message: str, context: str | None = None) -> None:
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return gettext(self.message) if self.context is None else pgettext(self.context, self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"LazyText({self.message!r})" if self.context is None else \
            f"LazyText({self.message!r}, context={self.context!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyText) and (self.message, self.context) == (other.message, other.context)

    def __hash__(self) -> int:
        return hash((self.message, self.context))

    def format(self, *args: object, **kwargs: object) -> str:
        """str(self).format(...): the translation with its fields filled in."""
        return str(self).format(*args, **kwargs)


def lazy_gettext(message: str) -> LazyText:
    """`message`, translated when used (see LazyText)."""
    return LazyText(message)


def lazy_pgettext(context: str, message: str) -> LazyText:
    """`message` with a context, translated when used (see LazyText)."""
    return LazyText(message, context)


def localized(text_en: str, text_zh: str | None = None) -> str:
    """Text from data that may carry its own Chinese (a scene's `name_zh`): that in Chinese when given,
    else the catalogue's translation of the English."""
    if _state.lang == "zh" and text_zh:
        return text_zh
    return gettext(text_en)


def bilingual(text_en: str, text_zh: str | None = None) -> tuple[str, ...]:
    """The lines of a sign that carries both languages, top to bottom: Chinese above English, as signs in
    Shanghai are written. `text_zh` defaults to the catalogue's Chinese for `text_en`; a single line when there
    is no Chinese (or it is the English itself)."""
    zh = translate_to("zh", text_en) if text_zh is None else text_zh
    zh, en = zh.strip(), text_en.strip()
    if not zh or zh == en:
        return (en,) if en else ()
    return (zh, en) if en else (zh,)
