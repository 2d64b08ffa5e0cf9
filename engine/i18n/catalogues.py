"""Finding and loading the compiled message catalogues (engine/locale/<lang>/LC_MESSAGES/anting.mo).

The .po file beside each .mo is the source a person edits; `python scripts/update_catalogue.py` rebuilds the
.mo from it (tests/test_i18n_catalogue.py fails when the two disagree). Start-up reads only the .mo through
the standard library, which takes well under a millisecond; parsing the .po with Babel would cost more and
pull Babel into every layer. A missing or malformed catalogue gives one warning and English text.
"""
from __future__ import annotations

import gettext
import logging
import struct
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "anting"
SOURCE_LANGUAGE = "en"       # msgids are English: English needs no catalogue
LANGUAGES = ("zh", "en")     # what set_language accepts, in the order the L key cycles through
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_loaded: dict[tuple[str, Path], gettext.NullTranslations | None] = {}


def catalogue_path(lang: str, locale_dir: Path = LOCALE_DIR, suffix: str = ".mo") -> Path:
    """Where the catalogue of `lang` lives: <locale_dir>/<lang>/LC_MESSAGES/anting<suffix>."""
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def load(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations | None:
    """The translations of `lang`, read once and kept; None (after one logged warning) when its catalogue is
    missing or unreadable. English, the source language, is always an empty NullTranslations."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    key = (lang, locale_dir)
    if key not in _loaded:
        _loaded[key] = _read(catalogue_path(lang, locale_dir))
    return _loaded[key]


def forget() -> None:
    """Drop every loaded catalogue, so the next load reads the files again (after they were rebuilt)."""
    _loaded.clear()


def _read(path: Path) -> gettext.NullTranslations | None:
    try:
        with path.open("rb") as f:
            return gettext.GNUTranslations(f)
    except FileNotFoundError:
        log.warning("%s: message catalogue missing; text stays in English", path)
    # A damaged file can fail anywhere in the standard library's parser: a bad magic number (OSError), offsets
    # past the end (struct.error, IndexError), an unknown or wrong charset (LookupError, UnicodeDecodeError).
    except (OSError, ValueError, LookupError, struct.error, IndexError) as exc:
        log.warning("%s: message catalogue unreadable (%s); text stays in English", path, exc or type(exc).__name__)
    return None
