"""Finding a name the way a Chinese or an English reader types it.

A query matches a name by its text (any case, full- or half-width), by full pinyin without tones ("zhulun",
"zhu lun"), by pinyin initials ("zlt"), or by a mix of both ("zhul", "zhult"); Chinese characters and pinyin may
be mixed too ("主lt"). 主论坛 is found by "主论", "zhulun", "zlt" and "zhul"; Main Forum by "main".

    from engine.i18n.search import SearchIndex
    index = SearchIndex(halls, lambda h: (h.name, _(h.name), h.id))   # keys computed once, here
    index.search("zlt")                                                # best first

Ranking: the text itself beats pinyin, and within each a match at the start of the name beats one at the start
of a word, which beats one inside a word; then the match that covers more of the name wins, then the items'
own order. A character with several readings (行 xíng/háng) is read as its phrase says (银行 yinhang, 重庆
chongqing, pypinyin's phrase dictionary); its other readings also match, ranked a little lower. ü is typed "v"
or "u". pypinyin loads on the first key made, with its dictionaries (about 0.3 s: call `preload()` while
something else is loading); after that a key costs about 0.1 ms and is cached per text.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")

EXACT, PREFIX, WORD, INSIDE = 100.0, 90.0, 80.0, 60.0                    # the text itself
PINYIN_PREFIX, PINYIN_WORD, PINYIN_INSIDE = 70.0, 65.0, 50.0            # its pinyin
OTHER_READING = 5.0         # less for a match that needs a character's less common reading
EACH_TERM = 10.0            # less for a query whose words match apart, not as one piece
COVER = 4.0                 # at most this much more for covering the whole name (keeps the tiers apart)

_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"   # CJK unified ideographs, extension A, compatibility
_HAN = re.compile(f"[{_HAN_CHARS}]")
_RUNS = re.compile(f"([{_HAN_CHARS}]+)|([^\\W_{_HAN_CHARS}]+)")   # Chinese | letters and digits of other scripts
_NUMERALS = dict(zip("〇零一二三四五六七八九十", ["0", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]))


def fold(text: str) -> str:
    """The form names and queries are compared in: NFKC (full-width Latin as ASCII), case folded, runs of
    white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class _Token:
    usual: tuple[str, ...]    # the reading in context (and the same with ü as u), the character, its digit
    other: tuple[str, ...]    # the character's other readings


@dataclass(frozen=True, slots=True)
class _Text:
    folded: str
    word_starts: frozenset[int]          # indexes of `folded` where a word begins
    tokens: tuple[_Token, ...]           # per Chinese character and per Latin word
    word_tokens: frozenset[int]          # tokens that begin a word


@dataclass(frozen=True, slots=True)
class SearchKey:
    """What a name is matched by, computed once per name (see search_key)."""
    texts: tuple[_Text, ...]


def preload() -> None:
    """Load pypinyin and its phrase dictionary now rather than on the first key."""
    _han_tokens("主论坛")
    _readings("行")


def search_key(*names: str | None) -> SearchKey:
    """The key of an item known by these names (English, Chinese, an id...); empty names are left out."""
    return SearchKey(tuple(_text(n) for n in names if n and n.strip()))


@lru_cache(maxsize=8192)
def _text(name: str) -> _Text:
    folded = fold(name)
    tokens, word_tokens = _tokens(folded)
    return _Text(folded, frozenset(_word_starts(folded)), tokens, frozenset(word_tokens))


def _kind(ch: str) -> str:
    if _HAN.match(ch):
        return "han"
    return "latin" if ch.isalnum() else "gap"


def _word_starts(folded: str) -> list[int]:
    """Where a word begins: the start, after a space or punctuation, and where Latin meets Chinese
    (every Chinese character is not a word: 论坛 is one word in 主论坛)."""
    starts = []
    for i, ch in enumerate(folded):
        kind, before = _kind(ch), _kind(folded[i - 1]) if i else "gap"
        if kind != "gap" and kind != before:
            starts.append(i)
    return starts


def _tokens(folded: str) -> tuple[tuple[_Token, ...], list[int]]:
    """One token per Chinese character and per run of Latin letters and digits; and which tokens begin a word."""
    tokens: list[_Token] = []
    word_tokens: list[int] = []
    starts = set(_word_starts(folded))
    for m in _RUNS.finditer(folded):
        if m.start() in starts:
            word_tokens.append(len(tokens))
        if m.group(1):
            tokens.extend(_han_tokens(m.group(1)))
        else:
            tokens.append(_Token((m.group(2),), ()))
    return tuple(tokens), word_tokens


def _han_tokens(run: str) -> list[_Token]:
    from pypinyin import lazy_pinyin  # loaded on the first key: it takes about 0.1 s

    usual = lazy_pinyin(run, v_to_u=False)   # the reading in context, from the phrase dictionary
    if len(usual) != len(run):               # a character without pinyin comes back joined to its neighbours
        usual = [lazy_pinyin(ch)[0] for ch in run]
    return [_han_token(ch, reading) for ch, reading in zip(run, usual)]


def _han_token(ch: str, usual: str) -> _Token:
    first = _with_u(usual) + (ch,) + ((_NUMERALS[ch],) if ch in _NUMERALS else ())
    other = tuple(s for r in _readings(ch) for s in _with_u(r) if s not in first)
    return _Token(first, tuple(dict.fromkeys(other)))


def _with_u(reading: str) -> tuple[str, ...]:
    """The reading as pypinyin writes ü (v), and with u: people type lü as lv or lu."""
    return (reading, reading.replace("v", "u")) if "v" in reading else (reading,)


@lru_cache(maxsize=8192)
def _readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin
    return tuple(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def _text_score(q: str, text: _Text) -> float:
    """The score of the folded query `q` on the text itself; 0 when it is not in it."""
    at = text.folded.find(q)
    if at < 0:
        return 0.0
    cover = COVER * len(q) / len(text.folded)
    if q == text.folded:
        return EXACT
    if at == 0:
        return PREFIX + cover
    while at >= 0:
        if at in text.word_starts:
            return WORD + cover
        at = text.folded.find(q, at + 1)
    return INSIDE + cover


def _pinyin_score(q: str, text: _Text) -> float:
    """The score of `q` (no spaces) read as pinyin, initials or a mix over consecutive tokens; 0 if none."""
    best = 0.0
    for usual_only in (True, False):
        for start in range(len(text.tokens)):
            end = _pinyin_end(q, text.tokens, start, usual_only)
            if end is None:
                continue
            tier = PINYIN_PREFIX if start == 0 else PINYIN_WORD if start in text.word_tokens else PINYIN_INSIDE
            score = tier + COVER * (end - start) / len(text.tokens) - (0.0 if usual_only else OTHER_READING)
            best = max(best, score)
        if best:
            return best
    return best


def _pinyin_end(q: str, tokens: Sequence[_Token], start: int, usual_only: bool) -> int | None:
    """The token after the last one `q` covers when each token from `start` on gives `q` a non-empty prefix of
    one of its spellings ("zhul" = zhu + l); None when `q` cannot be read so."""
    reached = {0}   # how much of q the tokens so far can have consumed
    for j in range(start, len(tokens)):
        spellings = tokens[j].usual if usual_only else tokens[j].usual + tokens[j].other
        nxt = set()
        for pos in reached:
            for s in spellings:
                k = 0
                while k < len(s) and pos + k < len(q) and q[pos + k] == s[k]:
                    k += 1
                    nxt.add(pos + k)
        if len(q) in nxt:
            return j + 1
        reached = nxt
        if not reached:
            return None
    return None


def match_score(query: str, key: SearchKey) -> float:
    """How well `query` matches the item of `key`: 0 for no match, higher for better (see the module's
    ranking). An empty query matches nothing."""
    q = fold(query)
    if not q:
        return 0.0
    compact = "".join(ch for ch in q if _kind(ch) != "gap")
    best = 0.0
    for text in key.texts:
        best = max(best, _text_score(q, text), _pinyin_score(compact, text) if compact else 0.0)
    terms = q.split(" ")
    if best == 0.0 and len(terms) > 1:
        scores = [match_score(term, key) for term in terms]
        if all(scores):
            best = min(scores) - EACH_TERM
    return best


class SearchIndex(Generic[T]):
    """Items with their search keys, computed once; `search` ranks them for a query."""

    def __init__(self, items: Iterable[T], names: Callable[[T], Iterable[str | None]]) -> None:
        self._entries = [(item, search_key(*names(item))) for item in items]

    def __len__(self) -> int:
        return len(self._entries)

    def ranked(self, query: str) -> list[tuple[float, T]]:
        """(score, item) of every matching item, best first (ties keep the items' order); every item, with
        score 0, for a blank query (a list that has not been searched yet shows everything)."""
        if not fold(query):
            return [(0.0, item) for item, _ in self._entries]
        scored = [(match_score(query, key), i, item) for i, (item, key) in enumerate(self._entries)]
        return [(s, item) for s, _, item in sorted((e for e in scored if e[0] > 0), key=lambda e: (-e[0], e[1]))]

    def search(self, query: str, limit: int | None = None) -> list[T]:
        """The items matching `query`, best first, at most `limit` of them."""
        found = [item for _, item in self.ranked(query)]
        return found if limit is None else found[:limit]
