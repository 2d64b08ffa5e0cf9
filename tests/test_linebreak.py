"""Line breaking for Chinese and Latin: each rule with a fixed-width measure, then with the shipped font."""
from __future__ import annotations

import pytest

from engine.text import fonts
from engine.text.linebreak import CLOSING, OPENING, break_lines, clusters, ellipsize, fit, segments


def chars(s: str) -> float:
    """One unit a character: a line of width 6 holds six characters, Chinese or Latin."""
    return float(len(s))


def real(size: int = 20):
    f = fonts.pillow_font(size)
    return lambda s: f.getlength(s)


def test_chinese_breaks_between_any_two_characters():
    assert break_lines("第二届世界元宇宙大会", 4, chars) == ["第二届世", "界元宇宙", "大会"]


def test_latin_breaks_at_spaces_only():
    assert break_lines("the main forum stage", 9, chars) == ["the main", "forum", "stage"]
    assert all(" " not in seg.strip() for seg in segments("the main forum stage"))


def test_a_word_longer_than_the_line_is_broken_by_character_as_the_last_resort():
    lines = break_lines("Metaverse hall", 4, chars)
    assert lines == ["Meta", "vers", "e", "hall"]
    assert "".join(lines[:3]) == "Metaverse"


def test_the_space_after_a_broken_word_still_parts_it_from_the_next():
    assert break_lines("Supercalifragilistic is", 8, chars) == ["Supercal", "ifragili", "stic is"]


@pytest.mark.parametrize("mark", sorted(CLOSING - {"%", "‰", "℃", "°", "·", "・", "～"}))
def test_closing_punctuation_never_starts_a_line(mark):
    # Greedy filling would put the mark first on the second line; the character before comes with it.
    lines = break_lines(f"一二三四{mark}五六", 4, chars)
    assert lines == ["一二三", f"四{mark}五六"]


@pytest.mark.parametrize("mark", sorted(OPENING))
def test_opening_punctuation_never_ends_a_line(mark):
    lines = break_lines(f"一二三{mark}四五六", 4, chars)
    assert all(line[-1] not in OPENING for line in lines)
    assert lines[1].startswith(mark)


def test_ascii_closing_punctuation_stays_with_its_word():
    lines = break_lines("Come in, please.", 7, chars)
    assert lines == ["Come", "in,", "please."]
    assert break_lines("hall (main)", 6, chars) == ["hall", "(main)"]


def test_numbers_keep_their_units():
    assert break_lines("开始 14:40 结束", 5, chars) == ["开始", "14:40", "结束"]
    assert break_lines("walk 3.5 m left", 6, chars) == ["walk", "3.5 m", "left"]
    assert break_lines("距离20米左右", 3, chars) == ["距离", "20米", "左右"]
    assert break_lines("9月21日", 2, chars)[0] == "9月"


def test_mixed_text_breaks_at_the_space_or_between_chinese_characters():
    assert break_lines("主论坛 Main Forum", 7, chars) == ["主论坛", "Main", "Forum"]
    assert break_lines("主论坛 Main Forum", 12, chars) == ["主论坛 Main", "Forum"]
    assert break_lines("主论坛Main", 5, chars) == ["主论坛", "Main"]
    assert segments("主论坛Main") == ["主", "论", "坛", "Main"]


def test_an_apostrophe_inside_a_word_is_no_break():
    assert break_lines("don’t stop", 5, chars) == ["don’t", "stop"]


def test_newlines_break_and_spaces_at_line_ends_are_dropped():
    assert break_lines("一二\n三四  ", 10, chars) == ["一二", "三四"]
    assert break_lines("", 10, chars) == [""]


def test_clusters_keep_marks_emoji_and_flags_whole():
    text = "e\u0301a👍🏽🇨🇳👨\u200d👩\u200d👧\ud83d\ude00"
    assert clusters(text) == ["e\u0301", "a", "👍🏽", "🇨🇳", "👨\u200d👩\u200d👧", "\ud83d\ude00"]


def test_ellipsis_cuts_between_clusters_never_inside_one():
    text = "Cafe\u0301\u0301 主论坛"
    for width in range(1, 10):
        cut = ellipsize(text, width, chars)
        assert chars(cut) <= width
        kept = cut.removesuffix("…")
        assert text.startswith(kept)
        assert not kept or not kept.endswith("e")   # the accents of "é" never left behind
    assert ellipsize("short", 10, chars) == "short"
    assert ellipsize("anything", 0.5, chars) == ""


def test_fit_shrinks_before_it_wraps_further_and_cuts_last():
    def sized(s: str, size: int) -> float:
        return len(s) * size

    big = fit("主论坛 Main Forum", (200, 30), sized, min_size=8, max_size=24)
    assert big.lines == ["主论坛 Main Forum"] and big.size == 14 and not big.cut
    wrapped = fit("主论坛 Main Forum", (100, 60), sized, min_size=8, max_size=24)
    assert len(wrapped.lines) >= 2 and not wrapped.cut
    assert all(sized(line, wrapped.size) <= 100 for line in wrapped.lines)
    assert len(wrapped.lines) * wrapped.size * 1.25 <= 60
    cut = fit("第二届世界元宇宙大会在上海安亭举行" * 4, (80, 25), sized, min_size=10, max_size=20)
    assert cut.cut and cut.size == 10 and len(cut.lines) == 2
    assert cut.lines[-1].endswith("…") and all(sized(line, 10) <= 80 for line in cut.lines)


def test_fit_with_the_shipped_font_keeps_every_line_inside_the_box():
    sized = fonts.pillow_width
    name = "第二届世界元宇宙大会主论坛 Main Forum of the 2nd World Metaverse Conference（上海·安亭）"
    result = fit(name, (240, 90), sized, min_size=12, max_size=40)
    assert not result.cut
    assert all(sized(line, result.size) <= 240 for line in result.lines)
    assert "".join(result.lines).replace(" ", "") == name.replace(" ", "")
    assert not any(line[0] in CLOSING or line[-1] in OPENING for line in result.lines)


def test_the_rules_hold_with_the_shipped_font():
    measure = real(20)
    text = "欢迎参加第二届世界元宇宙大会（上海·安亭），主论坛 Main Forum 14:40 开始，距离 3.5 m。"
    lines = break_lines(text, 150, measure)
    assert len(lines) > 2
    assert all(measure(line) <= 150 for line in lines)
    assert not any(line[0] in CLOSING for line in lines)
    assert not any(line[-1] in OPENING for line in lines)
    assert not any(line.endswith(("Ma", "Mai", "Fo", "For", "Foru")) for line in lines)
    joined = "".join(lines)
    assert "14:40" in joined and "3.5 m" in " ".join(lines)
    assert joined.replace(" ", "") == text.replace(" ", "")
