"""Signs in the scene carry Chinese above English, fitted to the sign (wrapped, shrunk, at worst shortened
between whole characters); door screens give the hall's name in both languages and what is on in the
viewer's language, following it when it changes."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from helpers import MINI

from engine.i18n import language, set_language
from engine.text import fonts
from engine.text.linebreak import ELLIPSIS
from engine.venue.scenefile import read_scene
from engine.venue.screen_text import draw_door_screen
from engine.venue.signboards import sign_requests
from engine.venue.signs import CELL, MIN_SIZE, SignRequest, draw_atlas, draw_sign, set_texts

SHANGHAI = ZoneInfo("Asia/Shanghai")
GAMES = SignRequest("hall:x", "hall", "Sub-forum 3: Games", color="#e67e22", text_zh="分论坛三：游戏")
# 60 characters, two of them outside the Basic Multilingual Plane (one UTF-16 surrogate pair each).
LONG_ZH = ("安亭汽车城元宇宙产业创新与数字孪生应用示范中心暨𠀋长三角智能网联汽车虚拟仿真测试公共服务平台联合展示厅𪚥"
           "第二届世界元宇宙")


def _ink_blocks(image: np.ndarray, threshold: float = 0.5) -> list[tuple[int, int]]:
    """(first, last) row of each run of rows holding light text on the dark ground, top to bottom."""
    lum = (image[..., :3].astype(float) / 255.0) @ np.array([0.2126, 0.7152, 0.0722])
    rows = np.flatnonzero(lum.max(axis=1) > threshold)
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    starts = np.concatenate([[rows[0]], rows[breaks + 1]])
    ends = np.concatenate([rows[breaks], [rows[-1]]])
    return list(zip(starts.tolist(), ends.tolist()))


def _text_part(req: SignRequest) -> np.ndarray:
    """The sign's cell as drawn, without the hall sign's coloured band."""
    image = np.asarray(draw_sign(req))
    return image[: int(image.shape[0] * 0.88)]


def test_chinese_rows_sit_above_the_latin_rows_and_are_larger():
    blocks = _ink_blocks(_text_part(GAMES))
    assert len(blocks) == 2
    (z0, z1), (e0, e1) = blocks
    assert z1 < e0 and (z1 - z0) > 1.2 * (e1 - e0)
    # The top block is the Chinese: changing only the Chinese changes only rows of the top block.
    other_zh = _text_part(replace(GAMES, text_zh="分论坛九：数字"))
    changed = np.flatnonzero(np.any(other_zh != _text_part(GAMES), axis=(1, 2)))
    assert changed.size and changed.min() >= z0 - 2 and changed.max() <= z1 + 2
    other_en = _text_part(replace(GAMES, text="Sub-forum 5: Music"))
    changed = np.flatnonzero(np.any(other_en != _text_part(GAMES), axis=(1, 2)))
    assert changed.size and changed.min() >= e0 - 2


def test_the_two_languages_stay_apart_in_the_stored_atlas():
    image, rects = draw_atlas([GAMES])
    x0, y0, x1, y1 = rects["hall:x"]
    cell = image[y0:y1, x0:x1]
    assert len(_ink_blocks(cell[: int((y1 - y0) * 0.88)])) == 2


def test_the_default_scene_signs_carry_both_languages():
    reqs = {r.key: r for r in sign_requests(read_scene_default())}
    assert (reqs["hall:subforum-04"].text_zh, reqs["hall:subforum-04"].text) == ("分论坛四：医疗",
                                                                                 "Sub-forum 4: Medical Treatment")
    assert reqs["label:welcome"].text_zh.startswith("第二届世界元宇宙大会")
    assert reqs["label:registration"].text_zh == "注册签到"
    assert reqs["turn:7"].text_zh == "7号弯"
    assert reqs["exp:exp-01"].sub_zh and reqs["booth:booth-02"].text_zh == "安亭虚拟制片工作室"
    for key in ("hall:main-forum", "label:circuit", "screen:main-forum"):
        lines = [line for _, text in set_texts(reqs[key]) for line in text.lines]
        assert lines[0].bold and not lines[-1].bold   # Chinese (bold) first, English last


def read_scene_default():
    from engine.venue.assets import DEFAULT_SCENE
    return read_scene(DEFAULT_SCENE)


def _shown(req: SignRequest) -> tuple[str, list]:
    """The Chinese block's text as shown (lines joined) and its lines."""
    (_, text), *_ = set_texts(req)
    zh = [line for line in text.lines if line.bold]
    return "".join(line.text for line in zh), zh


def _whole_prefix(shown: str, full: str) -> bool:
    """`shown` (with or without a final ellipsis) is `full` or a start of it, with no lone surrogate."""
    body = shown.removesuffix(ELLIPSIS)
    body.encode("utf-8")   # a lone surrogate (half a pair) cannot be encoded: raises
    return full.startswith(body) and (body == full or shown.endswith(ELLIPSIS))


def test_a_scene_hall_with_a_60_character_chinese_name_is_wrapped_or_shrunk_not_cut(tmp_path):
    assert len(LONG_ZH) == 60
    scene = tmp_path / "long.toml"
    scene.write_text(MINI.replace('name = "Hall A"', f'name = "{LONG_ZH}"'), encoding="utf-8")
    req = next(r for r in sign_requests(read_scene(scene)) if r.key == "hall:hall-a")
    shown, lines = _shown(req)
    assert shown == LONG_ZH and len(lines) >= 2            # wrapped, nothing left out
    assert all(line.size >= MIN_SIZE["hall"] for line in lines)
    width = CELL["hall"][0] - 40
    assert all(fonts.pillow_width(line.text, line.size, True) <= width for line in lines)


def test_a_long_chinese_name_above_its_english_keeps_whole_characters():
    req = SignRequest("hall:long", "hall", "Anting Auto City Metaverse Innovation Centre", text_zh=LONG_ZH)
    shown, lines = _shown(req)
    assert _whole_prefix(shown, LONG_ZH)
    too_long = SignRequest("hall:longer", "hall", "Anting", text_zh=LONG_ZH * 4)
    shown, lines = _shown(too_long)
    assert shown.endswith(ELLIPSIS) and _whole_prefix(shown, LONG_ZH * 4)
    assert all(line.size >= MIN_SIZE["hall"] for line in lines)


def test_a_character_outside_the_font_is_logged_once_and_drawn_as_a_box(caplog):
    rare = "\U0002a6a5"   # 𪚥, a CJK Extension B character the subset leaves out
    assert fonts.missing(rare, bold=True) == [rare]
    fonts._reported.discard(rare)   # whatever ran before in this process
    with caplog.at_level(logging.WARNING, logger="engine.text.fonts"):
        with_box = np.asarray(draw_sign(SignRequest("booth:b", "booth", "Booth", text_zh=f"展{rare}位")))
        draw_sign(SignRequest("booth:c", "booth", "Booth", text_zh=f"{rare}{rare}"))
    assert len([r for r in caplog.records if "U+2A6A5" in r.getMessage()]) == 1
    blank = np.asarray(draw_sign(SignRequest("booth:b", "booth", "Booth", text_zh="展\u3000位")))
    assert np.count_nonzero(np.any(with_box != blank, axis=2)) > 100   # the box is drawn, not dropped


# -- door screens ---------------------------------------------------------------------------------------

def _session(title: str, title_zh: str, start: datetime, minutes: int = 40):
    return SimpleNamespace(title=title, start=start, end=start + timedelta(minutes=minutes),
                           title_for=lambda lang: title_zh if lang == "zh" else title)


AT = datetime(2023, 9, 21, 14, 40, tzinfo=SHANGHAI)
NOW_NEXT = SimpleNamespace(now=[_session("Surgical robots", "手术机器人", AT - timedelta(minutes=10))],
                           next=[_session("Closing remarks", "闭幕致辞", AT + timedelta(days=1))])


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("en")


def test_door_screens_follow_the_language_when_it_changes(own_venue, english):
    from engine.app.door_screens import DoorScreens, screen_lines
    screens = DoorScreens(own_venue)
    try:
        assert screens.update(lambda hall_id: screen_lines(NOW_NEXT, AT)) == len(screens.screens)
        assert screens.update(lambda hall_id: screen_lines(NOW_NEXT, AT)) == 0   # nothing changed
        english_text = " ".join(text for _, _, lines in screens.screens for _, text in lines)
        assert "Surgical robots" in english_text and "Fri 22 Sep 14:40 Closing remarks" in english_text
        versions = [m.texture_version for _, m, _ in screens.screens]
        pictures = [m.texture.copy() for _, m, _ in screens.screens]
        assert set_language("zh") == "zh"
        chinese_text = " ".join(text for _, _, lines in screens.screens for _, text in lines)
        assert "手术机器人" in chinese_text and "9月22日 周五 14:40 闭幕致辞" in chinese_text
        assert all(m.texture_version > v for (_, m, _), v in zip(screens.screens, versions))
        assert not np.array_equal(screens.screens[0][1].texture, pictures[0])
    finally:
        screens.remove()
    versions = [m.texture_version for _, m, _ in screens.screens]
    set_language("en")
    assert [m.texture_version for _, m, _ in screens.screens] == versions   # removed: no longer listening
    assert language() == "en"


def test_door_screen_names_the_hall_in_both_languages_whatever_the_language():
    rows = [("NOW", "Surgical robots")]
    zh = draw_door_screen(("分论坛四：医疗", "Sub-forum 4: Medical Treatment"), rows, "zh")
    en = draw_door_screen(("分论坛四：医疗", "Sub-forum 4: Medical Treatment"), rows, "en")
    title_rows = slice(0, zh.shape[0] * 30 // 100)
    assert np.array_equal(zh[title_rows], en[title_rows])          # the name is the same in both
    assert len(_ink_blocks(zh[title_rows])) == 2                    # Chinese, then English
    assert not np.array_equal(zh, en)                               # the tags follow the language
