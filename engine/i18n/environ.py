"""The language a person's system asks for, read from the locale variables the caller passes in (only the CLI
reads the real environment)."""
from __future__ import annotations

from collections.abc import Mapping

from engine.i18n.catalogues import LANGUAGES, SOURCE_LANGUAGE

_C_LOCALES = {"C", "POSIX"}


def language_of(locale_name: str) -> str | None:
    """"zh" or "en" for a locale name such as "zh_CN.UTF-8", "zh-Hans", "en_GB" or "en"; None for one of a
    language without a catalogue here (or "C")."""
    code = locale_name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()
    return code if code in LANGUAGES else None


def default_language(environ: Mapping[str, str]) -> str:
    """"zh" or "en" as GNU gettext would choose from LC_ALL, LC_MESSAGES and LANG (the first one set), where
    LANGUAGE, a colon-separated list of preferences, comes first unless the locale is "C" or unset. zh_* gives Chinese;
    a language without a catalogue, or none at all, gives English."""
    locale_name = next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    if locale_name and locale_name.split(".")[0] not in _C_LOCALES:   # unset is "C" too
        for preference in environ.get("LANGUAGE", "").split(":"):
            lang = language_of(preference)
            if lang is not None:
                return lang
    if not locale_name:
        return SOURCE_LANGUAGE
    return language_of(locale_name) or SOURCE_LANGUAGE
