"""Choosing the language text is shown in: the `--lang zh|en` option the commands share, the system
locale as its default, and the words the L key's toast says."""
from __future__ import annotations

import argparse
from collections.abc import Mapping

from engine.i18n import LANGUAGES, _, default_language, language, set_language

# Each language named in itself: a person who cannot read the other one still finds their own.
ENDONYMS = {"zh": "中文", "en": "English"}


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """--lang zh|en; left out, the system locale decides (zh_* gives Chinese)."""
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="the language of names, panels, dates and help: zh (简体中文) or en (English); "
                             "default: the system locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), English "
                             "unless it is Chinese")


def choose_language(lang: str | None, environ: Mapping[str, str]) -> str:
    """Make `lang` current, or the one `environ`'s locale asks for; returns the language shown (English when
    the Chinese catalogue cannot be read)."""
    return set_language(lang if lang is not None else default_language(environ))


def apply_language(args: argparse.Namespace, environ: Mapping[str, str]) -> str:
    """choose_language from a command's parsed --lang."""
    return choose_language(getattr(args, "lang", None), environ)


def switched_text() -> str:
    """The toast after the language changed, in the new language: "Language: English" / "语言：中文"."""
    return _("Language: {name}").format(name=ENDONYMS.get(language(), language()))
