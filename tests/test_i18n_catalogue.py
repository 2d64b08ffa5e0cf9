"""Every text marked for translation in engine/, and every name of the default scene, has a Chinese translation
in engine/locale/zh/LC_MESSAGES/anting.po, with the same fields; the compiled .mo says what the .po says."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from babel.dates import format_datetime
from babel.messages.catalog import Catalog

from engine.i18n.catalogues import catalogue_path
from engine.i18n.extract import (
    compile_mo,
    fields,
    merge,
    mo_table,
    problems,
    read_catalogue,
    template_for,
    write_catalogue,
)

ROOT = Path(__file__).resolve().parent.parent
SCENE = ROOT / "scenes" / "anting.toml"
PO = catalogue_path("zh", suffix=".po")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return template_for(ROOT, [SCENE])


@pytest.fixture(scope="module")
def zh() -> Catalog:
    return read_catalogue(PO)   # strict: a malformed .po fails here


def test_every_marked_text_and_scene_name_has_a_chinese_translation(template, zh):
    assert not problems(template, zh), "\n".join(
        ["translate these in engine/locale/zh/LC_MESSAGES/anting.po (python scripts/update_catalogue.py "
         "adds them):", *problems(template, zh)])


def test_the_extraction_finds_code_and_scene_text(template):
    ids = {(m.context, m.id) for m in template if m.id}
    assert ("CLDR date pattern", "EEE d MMM HH:mm") in ids and (None, "in {duration}") in ids
    assert (None, "Sub-forum 9: Digital Twins") in ids and (None, "Exhibition Hall") in ids
    assert (None, "metaverse enterprises and hands-on experiences") in ids        # a hall's theme
    assert (None, "Talk with a real-time digital human host") in ids              # an experience's description
    assert (None, "exhibition-hall") not in ids and (None, "#00897b") not in ids   # ids and colours are not text


def test_the_compiled_catalogue_is_up_to_date_with_the_po(zh):
    mo = catalogue_path("zh").read_bytes()
    assert mo_table(mo) == mo_table(compile_mo(zh)), \
        "anting.mo is older than anting.po: run python scripts/update_catalogue.py"


def test_translated_date_patterns_are_valid_cldr_patterns(zh):
    from datetime import datetime
    from zoneinfo import ZoneInfo
    moment = datetime(2023, 9, 21, 14, 40, tzinfo=ZoneInfo("Asia/Shanghai"))
    patterns = [m for m in zh if m.context == "CLDR date pattern"]
    assert patterns
    for m in patterns:
        text = format_datetime(moment, m.string, locale="zh_Hans_CN")
        assert "'" not in text and text.strip(), m.id


def _sources(tmp_path: Path, code: str) -> Path:
    pkg = tmp_path / "engine" / "ui"
    pkg.mkdir(parents=True)
    (pkg / "panel.py").write_text(textwrap.dedent(code), encoding="utf-8")
    return tmp_path


def _catalogue(*entries: tuple) -> Catalog:
    """A catalogue of (id, string[, context[, fuzzy]]) entries."""
    cat = Catalog(locale="zh_Hans_CN", domain="anting", fuzzy=False)
    for msgid, string, *rest in entries:
        context, fuzzy = (rest + [None, False])[:2]
        cat.add(msgid, string, context=context, flags=["fuzzy"] if fuzzy else [])
    return cat


def test_a_marked_text_without_translation_is_reported(tmp_path):
    root = _sources(tmp_path, '''
        from engine.i18n import _, N_, ngettext, pgettext, lazy_pgettext
        TITLE = N_("Agenda")
        def label(n, hall):
            return [_("Go to"), pgettext("agenda", "Now"), ngettext("{n} person", "{n} people", n),
                    _("{hall}: entrance").format(hall=hall), lazy_pgettext("quality", "High"), str(n)]
        ''')
    template = template_for(root)
    assert len([m for m in template if m.id]) == 6
    translated = _catalogue(("Agenda", "议程"), ("Go to", "前往"), ("Now", "正在进行", "agenda"),
                            (("{n} person", "{n} people"), ("{n} 人",)), ("{hall}: entrance", "{hall}入口"),
                            ("High", "高", "quality"))
    assert problems(template, translated) == []
    untranslated = _catalogue(("Agenda", "议程"), ("Go to", ""), ("Now", "现在"),
                              (("{n} person", "{n} people"), ("",)), ("{hall}: entrance", "{hall}入口", None, True))
    assert problems(template, untranslated) == [
        "engine/ui/panel.py:5: 'Go to' has no zh translation",
        "engine/ui/panel.py:5: 'Now' (context 'agenda') has no zh translation",
        "engine/ui/panel.py:5: '{n} person' has no zh translation",
        "engine/ui/panel.py:6: '{hall}: entrance' has no zh translation",
        "engine/ui/panel.py:6: 'High' (context 'quality') has no zh translation",
    ]


def test_a_translation_with_other_fields_is_reported(tmp_path):
    root = _sources(tmp_path, '''
        from engine.i18n import _
        a = _("{hall}: entrance")
        b = _("%(n)d min")
        c = _("{{literal}} braces {x}")
        ''')
    template = template_for(root)
    wrong = _catalogue(("{hall}: entrance", "{name}入口"), ("%(n)d min", "几分钟"),
                       ("{{literal}} braces {x}", "{x}括号"))
    assert [p.split(": ", 1)[0] for p in problems(template, wrong)] == ["engine/ui/panel.py:3", "engine/ui/panel.py:4"]
    assert fields("{a} {b:>3} %(n)d %s 100%% {{c}}") == {"a", "b:>3", "n", "#3"}


def test_scene_names_with_their_own_chinese_need_no_catalogue_entry(tmp_path):
    scene = tmp_path / "venue.toml"
    scene.write_text('[[halls]]\nid = "a"\nname = "Hall A"\nname_zh = "甲馆"\ntheme = "games"\n'
                     '[[booths]]\nid = "b"\nname = "Booth B"\ncolor = "#ffffff"\n', encoding="utf-8")
    template = template_for(_sources(tmp_path, "x = 1\n"), [scene])
    assert [(m.id, m.locations, m.auto_comments) for m in template if m.id] == [
        ("games", [("venue.toml", 5)], ["halls.theme"]), ("Booth B", [("venue.toml", 8)], ["booths.name"])]


def test_an_update_adds_new_text_keeps_translations_and_compiles(tmp_path):
    root = _sources(tmp_path, 'from engine.i18n import _\nx = [_("Go to"), _("Help")]\n')
    po = tmp_path / "zh" / "LC_MESSAGES" / "anting.po"
    catalogue = read_catalogue(po)
    catalogue.add("Go to", "前往")
    catalogue.add("Later text", "以后的文字")
    update = merge(catalogue, template_for(root))
    assert [m.id for m in update.added] == ["Help"] and [m.id for m in update.unused] == ["Later text"]
    write_catalogue(po, catalogue)
    again = read_catalogue(po)
    assert again.get("Go to").string == "前往" and again.get("Later text").string == "以后的文字"
    assert again.get("Go to").locations == [("engine/ui/panel.py", 2)] and again.get("Later text").locations == []
    assert mo_table(po.with_suffix(".mo").read_bytes()) == {"Go to": "前往", "Later text": "以后的文字"}
    merge(again, template_for(root), prune=True)
    assert again.get("Later text") is None and again.get("Help").string == ""
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("text", [
    'msgid "Go to"\nmsgstr "前往"\nmsgid "Help"\nmsgstr\n',            # no msgstr string
    'msgid "Go to"\nmsgstr "前往\n',                                    # no closing quote
    'msgid "Go to"\nmsgstr "前往 \\"\n',                               # an escaped quote is no closing one
    'msgid "Go to"\nmsgstr "前往"\n\nmsgid "Go to"\nmsgstr "去"\n',     # twice
    'msgid "Go to"\nmsgstr ""\n"前往\n',                                # a continued string unclosed
    'garbage\n',
])
def test_a_malformed_po_is_refused_rather_than_half_read(tmp_path, text):
    from babel.messages.pofile import PoFileError
    po = tmp_path / "anting.po"
    po.write_text(text, encoding="utf-8")
    with pytest.raises(PoFileError):
        read_catalogue(po)
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh_Hans_CN\\n"\n\nmsgid "Say \\"hi\\""\nmsgstr "说\\"你好\\""\n',
                  encoding="utf-8")
    assert read_catalogue(po).get('Say "hi"').string == '说"你好"'


def test_the_update_script_checks_without_writing(capsys):
    import importlib.util
    spec = importlib.util.spec_from_file_location("update_catalogue", ROOT / "scripts" / "update_catalogue.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    before = PO.read_bytes()
    assert script.main(["--check"]) == 0
    assert PO.read_bytes() == before
    assert "messages in the code and scene, 0 new" in capsys.readouterr().out
