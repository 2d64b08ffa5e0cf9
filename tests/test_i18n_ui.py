"""The viewer, its panels and the report in Simplified Chinese or English: --lang and the locale default, the L
key switching live (cards, lists, help and toasts redrawn, no restart), search by Chinese, pinyin and initials,
an input method's composition shown in the field, and the report in Chinese."""
from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pytest
from helpers import FakeServices

from engine.agenda.model import VENUE_TZ
from engine.app.input import InputRouter
from engine.app.language import choose_language
from engine.errors import UserError
from engine.i18n import language, set_language
from engine.platform.events import KeyEvent, TextEditEvent, TextEvent

CJK = re.compile(r"[\u4e00-\u9fff]")
# English that stays in Chinese text: key names, units and the names of things (programs, formats, people).
KEPT_ENGLISH = {"WASD", "Enter", "Tab", "Esc", "Ctrl", "Del", "PNG", "CPU", "GPU", "English", "view", "join",
                "organizer", "code", "Space", "PgUp", "PgDn", "Home", "Shift", "Backspace", "Delete"}


@pytest.fixture(autouse=True)
def _english_after():
    """Every test leaves the program in English, as the other tests expect it."""
    yield
    set_language("en")


@pytest.fixture
def explore(own_venue):
    from engine.app.explore import ExploreMode, ExploreOptions
    mode = ExploreMode(FakeServices(own_venue), ExploreOptions(crowd=0, goto="main-forum",
                                                                at=datetime(2023, 9, 21, 9, 30, tzinfo=VENUE_TZ)))
    yield mode
    mode.close()


def english_words(text: str) -> set[str]:
    """Latin words of three letters or more that are not kept in English on purpose."""
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in KEPT_ENGLISH}


# -- choosing the language ------------------------------------------------------------------------------
@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US"}, "en"), ({}, "en"), ({"LC_ALL": "zh_TW.UTF-8"}, "zh")])
def test_the_system_locale_chooses_the_language_when_lang_is_not_given(environ, expected):
    assert choose_language(None, environ) == expected == language()


def test_lang_overrides_the_locale_and_every_command_that_shows_text_takes_it():
    from engine.cli import build_parser
    parser = build_parser()
    for command in (["view"], ["render", "--out", "x.png"], ["tour", "--out", "d"], ["report", "--out", "d"]):
        assert parser.parse_args([*command, "--lang", "zh"]).lang == "zh"
        assert parser.parse_args(command).lang is None          # then the locale decides
    assert choose_language("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    # argparse exits; once engine.cli.main has run in this process, its errors are UserErrors instead.
    with pytest.raises((SystemExit, UserError)):
        parser.parse_args(["view", "--lang", "fr"])


# -- L switches live --------------------------------------------------------------------------------------
def test_l_switches_the_language_live_and_every_panel_follows(own_venue, _egl_context, tmp_path):
    from engine.app.explore import ExploreMode, ExploreOptions
    from engine.app.viewer import Viewer
    from engine.platform.window import Window
    at = datetime(2023, 9, 21, 9, 30, tzinfo=VENUE_TZ)
    viewer = Viewer(own_venue, Window((640, 360), "lang"), screenshot_dir=tmp_path,
                    mode_factory=lambda v: ExploreMode(v, ExploreOptions(crowd=0, goto="main-forum", at=at)))
    try:
        mode = viewer.mode
        viewer.draw(flip=False)
        card_before, help_before = mode.time.card.image.copy(), viewer.help.image.copy()
        mode.hud.show(mode.hud.agenda)
        mode._sync_agenda_entries()
        agenda_before = mode.hud.agenda.image(520).copy()
        mode.hud.close_all()

        viewer.feed(KeyEvent("l", True, text="l"))                # the key itself, through the key map
        assert language() == "zh"
        assert viewer.toasts.texts[-1] == "语言：中文"              # said in the new language
        card_text = repr(mode.time.card.key)
        assert "正在进行" in card_text and "下一场" in card_text     # the hall card, redrawn
        assert mode.time.card.image.shape != card_before.shape or (mode.time.card.image != card_before).any()
        assert (viewer.help.image.shape != help_before.shape) or (viewer.help.image != help_before).any()
        mode.hud.show(mode.hud.agenda)
        entries = mode.hud.agenda.entries
        assert entries and all("月" in e.detail for e in entries)  # dates the Chinese way: 9月21日 周四
        assert mode.hud.agenda.image(520).shape == agenda_before.shape
        assert (mode.hud.agenda.image(520) != agenda_before).any()
        places = {e.key: e.title for e in mode.hud.goto.entries}
        assert places["main-forum"] == "主论坛"
        viewer.draw(flip=False)                                  # the frame draws in Chinese without a restart

        viewer.do("toggle_language")
        assert language() == "en" and viewer.toasts.texts[-1] == "Language: English"
        assert "NOW" in repr(mode.time.card.key) and not CJK.search(mode.time.card.key[1].split("NEXT")[0][:60])
    finally:
        viewer.close()


def test_the_help_list_and_the_hall_card_hold_chinese_with_no_english_left_over(explore):
    from engine.app.keymap import KeyMap, help_lines
    from engine.ui.venue_panels import hall_card_rows
    set_language("zh")
    for title, rows in help_lines(KeyMap.default()):
        assert CJK.search(title), title
        for _keys, text in rows:
            assert CJK.search(text) and not english_words(text), text
    hall = explore.services.venue.halls["main-forum"]
    at = explore.time.clock.now()
    rows = hall_card_rows(hall, explore.time.agenda.now_next("main-forum", at), at)
    card = " ".join(text for row in rows for text, _colour in row)
    assert CJK.search(card)
    names = {w for s in explore.time.agenda.agenda.sessions for w in re.findall(r"[A-Za-z]{3,}", s.title)}
    assert not english_words(card) - names                       # English only in the sessions' own titles


def test_l_types_into_an_open_field(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    router.feed(KeyEvent("g", True, text="g"), explore, {})
    router.begin_batch()
    router.feed(KeyEvent("l", True, text="l"), explore, {"toggle_language": set_language})
    router.feed(TextEvent("l"), explore, {})
    assert explore.hud.goto.query == "l" and language() == "en"


def test_the_kiosk_caption_and_prompt_follow_the_language(own_venue):
    from engine.app.kiosk import KioskMode
    from engine.app.kiosk_config import KioskConfig
    services = FakeServices(own_venue)
    kiosk = KioskMode(services, KioskConfig(crowd=0))
    try:
        hall_time = next(t for t in np.arange(0.0, kiosk.tour.duration, 1.0)
                         if kiosk.tour.at(float(t)).hall == "main-forum")
        kiosk.frame = kiosk.tour.at(float(hall_time))
        english = kiosk._caption_image().copy()
        assert kiosk._caption_key[1].startswith("Main Forum")
        set_language("zh")
        chinese = kiosk._caption_image()
        assert "主论坛" in kiosk._caption_key and any(line.startswith("主题：") for line in kiosk._caption_key)
        assert english.shape != chinese.shape or (english != chinese).any()
        assert CJK.search(" ".join(line for line in kiosk._caption_key[1:] if isinstance(line, str)))
    finally:
        kiosk.close()


def test_every_chinese_translation_can_be_drawn_with_the_shipped_font():
    from pathlib import Path

    from engine.i18n.extract import read_catalogue
    from engine.text import fonts
    cover = fonts.coverage(fonts.font_path(False))
    catalogue = read_catalogue(Path(__file__).resolve().parent.parent / "engine/locale/zh/LC_MESSAGES/anting.po")
    texts = [t for m in catalogue if m.id for t in (m.string if isinstance(m.string, tuple) else (m.string,)) if t]
    lacking = {ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in cover}
    assert not lacking, f"characters the font subset lacks (scripts/subset_font.py adds them): {sorted(lacking)}"


# -- search ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["zhulun", "zlt", "主论", "main forum"])
def test_go_to_finds_the_main_forum_by_chinese_pinyin_and_initials(explore, query):
    for lang in ("en", "zh"):
        set_language(lang)
        explore._relabel(lang)
        panel = explore.hud.goto
        panel.show(query)
        chosen = panel.chosen()
        assert chosen is not None and chosen.key == "main-forum", (lang, query)


def test_agenda_search_finds_a_session_by_its_hall_in_pinyin(explore):
    explore._open_agenda()
    panel = explore.hud.agenda
    in_main = {s.id for s in explore.time.agenda.agenda.sessions if s.hall == "main-forum"}
    panel.type("zlt")
    found = {e.key for e in panel.matches()}
    assert in_main and in_main <= found


# -- input methods ------------------------------------------------------------------------------------------
def test_a_composition_shows_in_the_field_and_the_commit_replaces_it(explore):
    router = InputRouter(explore.services.keymap, explore.services.clock)
    router.feed(KeyEvent("g", True, text="g"), explore, {})
    panel = explore.hud.goto
    empty = panel.image(520).copy()
    router.feed(TextEditEvent("zhu", 3, 0), explore, {})
    assert panel.composing == "zhu" and panel.query == ""
    composing = panel.image(520).copy()
    assert (composing != empty).any()                            # drawn in the field as it is typed
    router.feed(KeyEvent("backspace", True), explore, {})       # the input method's own key while composing
    assert panel.composing == "zhu" and panel.query == ""
    router.feed(TextEditEvent("zhul", 4, 0), explore, {})
    router.feed(TextEvent("主"), explore, {})
    assert panel.query == "主" and panel.composing == ""
    committed = panel.image(520)
    assert committed.shape != composing.shape or (committed != composing).any()
    assert panel.chosen() is not None and panel.chosen().key == "main-forum"


def test_the_window_turns_sdl_text_editing_into_a_composition():
    import pygame

    from engine.platform.window import translate
    event = pygame.event.Event(pygame.TEXTEDITING, text="zhu", start=3, length=0)
    assert translate(pygame, event) == TextEditEvent("zhu", 3, 0)


def test_the_chat_field_shows_a_composition_too():
    from engine.ui.chat import ChatBox
    chat = ChatBox()
    chat.show()
    before = chat.image().copy()
    chat.compose("nihao")
    assert (chat.image() != before).any()
    chat.type("你好")
    assert chat.draft == "你好" and chat.composing == ""


# -- the report -----------------------------------------------------------------------------------------
def test_the_report_in_chinese_says_so_and_has_chinese_headings(venue):
    from engine.report import analysis
    from engine.report.html import ReportData, render
    set_language("zh")
    agenda, _error = analysis.load_venue_agenda(venue)
    data = ReportData(venue_name="安亭", scene="default", capacity=analysis.capacity_rows(venue),
                      coverage=analysis.coverage(venue, agenda), problems=["one"],
                      counts={"halls": len(venue.halls)})
    html = render(data)
    assert '<html lang="zh-CN">' in html
    for heading in ("容量和座位", "议程覆盖", "问题"):
        assert heading in html or heading.replace("和", "与") in html, heading
    assert "月" in html and "周" in html                        # the agenda's days: 9月21日 周四
    set_language("en")
    assert '<html lang="en">' in render(data)


def test_simulation_pictures_draw_chinese_labels_without_missing_glyphs():
    import warnings

    from engine.sim.pictures import _plt
    plt = _plt()
    fig, ax = plt.subplots()
    ax.set_title("疏散：主论坛 (Main Forum) 1.08-2.17 /m²")
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # matplotlib warns "Glyph ... missing from font(s)"
        fig.canvas.draw()
    plt.close(fig)
