"""The current language, translated text, listeners, signs in both languages, the locale default, and English
when a catalogue is missing or broken."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from engine.i18n import (
    LANGUAGES,
    N_,
    _,
    bilingual,
    default_language,
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
from engine.i18n.catalogues import LOCALE_DIR, catalogue_path, forget


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en", locale_dir=LOCALE_DIR)
    forget()


def _write_catalogue(locale_dir: Path, data: bytes) -> Path:
    path = catalogue_path("zh", locale_dir)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return path


def _small_catalogue() -> bytes:
    cat = Catalog(locale="zh_Hans_CN", domain="anting", fuzzy=False)
    cat.add("Door", "门")
    cat.add("{name} is open", "{name}已开放")
    cat.add("Now", "正在进行", context="agenda")
    cat.add("Now", "现在", context="clock")
    cat.add(("{n} person", "{n} people"), ("{n} 人",))
    cat.add(("{n} seat", "{n} seats"), ("{n} 个座位",), context="hall")
    buf = io.BytesIO()
    write_mo(buf, cat)
    return buf.getvalue()


def test_the_shipped_catalogue_translates_venue_names_and_ui_words():
    assert set_language("zh") == "zh" and language() == "zh"
    assert _("Main Forum Hall") == "主论坛"
    assert _("Sub-forum 7: Foundation Models") == "分论坛七：大模型"
    assert _("Go to") == "前往" and _("Agenda") == "议程" and _("Search") == "搜索"
    assert pgettext("agenda", "Now") == "正在进行" and pgettext("agenda", "Next") == "下一场"
    assert _("Virtual and real generate each other, empowering industry") == "虚实相生、产业赋能"
    assert _("{name}: entrance").format(name=_("Exhibition Hall")) == "展览馆入口"
    assert _("Text nobody translated") == "Text nobody translated"   # English stands in
    set_language("en")
    assert _("Main Forum Hall") == "Main Forum Hall" and pgettext("agenda", "Now") == "Now"


def test_contexts_and_plurals(tmp_path):
    _write_catalogue(tmp_path, _small_catalogue())
    set_language("zh", locale_dir=tmp_path)
    assert _("Door") == "门"
    assert pgettext("agenda", "Now") == "正在进行" and pgettext("clock", "Now") == "现在"
    assert ngettext("{n} person", "{n} people", 1).format(n=1) == "1 人"
    assert ngettext("{n} person", "{n} people", 7).format(n=7) == "7 人"
    assert npgettext("hall", "{n} seat", "{n} seats", 3).format(n=3) == "3 个座位"
    set_language("en")
    assert ngettext("{n} person", "{n} people", 1) == "{n} person"
    assert ngettext("{n} person", "{n} people", 2) == "{n} people"


def test_lazy_text_follows_the_language_and_n_marks_only(tmp_path):
    _write_catalogue(tmp_path, _small_catalogue())
    door, now, marked = lazy_gettext("Door"), lazy_pgettext("clock", "Now"), N_("Door")
    assert str(door) == "Door" and f"{now:>5}" == "  Now" and marked == "Door"
    set_language("zh", locale_dir=tmp_path)
    assert str(door) == "门" and f"{now}" == "现在" and _(marked) == "门"
    assert marked == "Door"   # N_ leaves the constant English: it is translated where it is used
    assert lazy_gettext("{name} is open").format(name="门") == "门已开放"
    assert door == lazy_gettext("Door") and door != lazy_pgettext("x", "Door")
    assert len({door, lazy_gettext("Door")}) == 1


def test_listeners_hear_each_change_once_and_can_be_removed():
    heard: list[str] = []
    remove = on_language_change(heard.append)
    set_language("zh")
    set_language("zh")     # no change, no call
    assert toggle_language() == "en"
    assert heard == ["zh", "en"]
    remove()
    remove()               # twice is harmless
    set_language("zh")
    assert heard == ["zh", "en"]
    assert LANGUAGES == ("zh", "en")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        set_language("fr")
    assert language() == "en"


@pytest.mark.parametrize("data", [b"", b"not a catalogue at all", b"\xde\x12\x04\x95" + b"\xff" * 40,
                                  _small_catalogue()[:30]])
def test_a_malformed_catalogue_falls_back_to_english_with_one_warning(tmp_path, caplog, data):
    path = _write_catalogue(tmp_path, data)
    heard: list[str] = []
    remove = on_language_change(heard.append)
    with caplog.at_level(logging.WARNING, logger="engine.i18n"):
        assert set_language("zh", locale_dir=tmp_path) == "en"
        assert set_language("zh", locale_dir=tmp_path) == "en"
        assert toggle_language() == "en"
        assert bilingual("Door") == ("Door",)
    remove()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0].getMessage() and "English" in warnings[0].getMessage()
    assert language() == "en" and _("Door") == "Door" and heard == []


def test_a_missing_catalogue_falls_back_to_english_with_one_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="engine.i18n"):
        assert set_language("zh", locale_dir=tmp_path) == "en"
        assert translate_to("zh", "Door") == "Door"
    assert [r.getMessage() for r in caplog.records] == [
        f"{catalogue_path('zh', tmp_path)}: message catalogue missing; text stays in English"]


def test_signs_carry_chinese_above_english_whatever_the_language():
    for lang in ("en", "zh"):
        set_language(lang)
        assert bilingual("Exhibition Hall") == ("展览馆", "Exhibition Hall")
        assert bilingual("Main Forum", "主论坛 ") == ("主论坛", "Main Forum")
        assert bilingual("Untranslated sign") == ("Untranslated sign",)
        assert bilingual("WMC 2023", "WMC 2023") == ("WMC 2023",)
    assert translate_to("zh", "Now", "agenda") == "正在进行" and translate_to("en", "Now", "agenda") == "Now"


def test_data_with_its_own_chinese():
    assert localized("Hall A", "甲馆") == "Hall A"
    set_language("zh")
    assert localized("Hall A", "甲馆") == "甲馆"
    assert localized("Exhibition Hall") == "展览馆"      # no name_zh: the catalogue's
    assert localized("Hall A", "") == "Hall A"


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "zh"}, "zh"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "", "LANG": "zh_SG.UTF-8"}, "zh"),                   # empty counts as unset
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh"),         # LANGUAGE comes first...
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:de:zh"}, "zh"),         # ...its first language we have
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "fr:de"}, "zh"),            # none: the locale decides
    ({"LANG": "C", "LANGUAGE": "zh_CN"}, "en"),                      # ...except in the C locale
    ({"LANGUAGE": "zh_CN"}, "en"),                                   # unset is the C locale
    ({"LC_ALL": "zh_CN.GB18030@stroke"}, "zh"),
    ({"LANG": "zh-Hans"}, "zh"),
])
def test_default_language_from_the_locale(environ, expected):
    assert default_language(environ) == expected
