"""Search that Chinese and English readers can use: Chinese text, full pinyin, initials, a mix, English."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from engine.i18n import translate_to
from engine.i18n.search import (
    EXACT,
    INSIDE,
    PINYIN_INSIDE,
    PINYIN_PREFIX,
    PINYIN_WORD,
    PREFIX,
    WORD,
    SearchIndex,
    fold,
    match_score,
    search_key,
)

SCENE = Path(__file__).resolve().parent.parent / "scenes" / "anting.toml"


@pytest.fixture(scope="module")
def halls() -> SearchIndex[dict]:
    """The default scene's halls, known by their English name, the catalogue's Chinese and their id."""
    spec = tomllib.loads(SCENE.read_text(encoding="utf-8"))
    return SearchIndex(spec["halls"], lambda h: (h["name"], translate_to("zh", h["name"]), h["id"]))


def _ids(index: SearchIndex[dict], query: str) -> list[str]:
    return [h["id"] for h in index.search(query)]


@pytest.mark.parametrize("query", ["zhulun", "zhu lun", "zlt", "主论", "主论坛", "zhul", "zhult", "zhlt", "主lt",
                                   "ZLT", "ｚｌｔ", "Zhu Lun Tan", "main", "MAIN FORUM", "forum hall"])
def test_the_main_forum_is_found_by_chinese_pinyin_initials_and_english(halls, query):
    assert _ids(halls, query)[0] == "main-forum"


def test_fenluntan_finds_all_nine_sub_forums(halls):
    for query in ("fenluntan", "fen lun tan", "flt", "分论坛", "sub-forum"):
        assert sorted(_ids(halls, query)) == [f"subforum-{n:02d}" for n in range(1, 10)], query


@pytest.mark.parametrize("query, hall", [
    ("fenluntan1", "subforum-01"), ("分论坛七", "subforum-07"), ("flt9", "subforum-09"), ("damoxing", "subforum-07"),
    ("dmx", "subforum-07"), ("suanli", "subforum-08"), ("shuziluansheng", "subforum-09"), ("szls", "subforum-09"),
    ("wenlv", "subforum-05"), ("wenlu", "subforum-05"), ("zhanlan", "exhibition-hall"), ("展览", "exhibition-hall"),
    ("exhibition", "exhibition-hall"), ("subforum-03", "subforum-03"), ("games", "subforum-03"),
])
def test_one_hall_by_its_theme_or_id(halls, query, hall):
    assert _ids(halls, query) == [hall]


def test_nothing_matches_nonsense_and_a_blank_query_lists_everything(halls):
    assert halls.search("qqqxxx") == [] and halls.search("论坛xyz") == []
    assert len(halls.search("  ")) == len(halls) == 11
    assert len(halls.search("")) == 11 and halls.search("flt", limit=3) == halls.search("flt")[:3]


def test_ranking_prefix_beats_word_start_beats_inside():
    key = search_key
    assert match_score("forum", key("Forum")) == EXACT
    start, word, inside = (match_score("lab", key(n)) for n in ("Labs of Anting", "Digital Human Lab", "Collabora"))
    assert PREFIX <= start < PREFIX + 5 and WORD <= word < WORD + 5 and INSIDE <= inside < INSIDE + 5
    assert match_score("数字", key("数字人")) > match_score("数字", key("分论坛一：数字人")) \
        > match_score("论坛", key("分论坛一：数字人")) > 0
    pinyin = [match_score("lt", key(n)) for n in ("论坛", "XR论坛", "主论坛")]
    assert pinyin[0] >= PINYIN_PREFIX and PINYIN_WORD <= pinyin[1] < PINYIN_PREFIX
    assert PINYIN_INSIDE <= pinyin[2] < PINYIN_WORD
    assert match_score("zhu", key("主论坛")) < match_score("主", key("主论坛"))   # the text itself beats pinyin


def test_ranking_in_a_list():
    index = SearchIndex(["元宇宙标准论坛", "分论坛一：数字人", "主论坛", "Forum street", "论坛"],
                        lambda name: (name,))
    # 论坛 at the start, then inside a name: the shorter name first (it is covered more), then in list order
    assert index.search("luntan") == ["论坛", "主论坛", "元宇宙标准论坛", "分论坛一：数字人"]
    assert index.search("论坛")[0] == "论坛"
    assert index.search("forum") == ["Forum street"]
    scores = [s for s, _ in index.ranked("luntan")]
    assert scores == sorted(scores, reverse=True)


def test_a_character_is_read_as_its_phrase_says_and_its_other_readings_rank_lower():
    for name, usual, other in [("重庆", "chongqing", "zhongqing"), ("银行", "yinhang", "yinxing"),
                               ("行走", "xingzou", "hangzou"), ("长安", "changan", "zhangan")]:
        key = search_key(name)
        assert match_score(usual, key) > match_score(other, key) > 0, name
    assert match_score("cq", search_key("重庆")) > match_score("zq", search_key("重庆")) > 0
    green = search_key("绿色算力馆")
    assert match_score("lvse", green) == match_score("luse", green) > 0       # ü as v or u


def test_queries_spanning_words_and_mixed_names():
    assert match_score("xrxs", search_key("XR显示系统")) >= PINYIN_PREFIX
    assert match_score("vrzc", search_key("VR座舱")) >= PINYIN_PREFIX
    assert match_score("games sub", search_key("Sub-forum 3: Games")) > 0               # words apart
    assert match_score("games nope", search_key("Sub-forum 3: Games")) == 0
    assert fold("  Ｍain\tＦorum ") == "main forum"


def test_keys_are_computed_once_per_name():
    from engine.i18n.search import _text
    before = _text.cache_info().misses
    search_key("第二届世界元宇宙大会", "2nd World Metaverse Conference")
    search_key("第二届世界元宇宙大会", None, "", "2nd World Metaverse Conference")
    assert _text.cache_info().misses - before <= 2
