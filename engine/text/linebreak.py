"""Line breaking for Chinese and Latin text, and fitting text into a box.

Rules (a working subset of Unicode's line breaking algorithm, UAX #14, and Chinese typesetting's 避头尾):
- Chinese breaks between any two characters; Latin breaks only at spaces (and after a hyphen or dash);
  between Chinese and Latin a line may break without a space ("主论坛Main" or "主论坛 Main").
- Closing punctuation (，。、；：？！）》」』】〕…—’” and , . ; : ? ! ) ]) never starts a line and opening
  punctuation (（《「『【〔‘“ ( [) never ends one: the character before is pulled down with it.
- Numbers keep their units: "14:40", "3.5 m", "20米", "9月".
- A word longer than the line is broken between characters as the last resort.
Text is cut only between grapheme clusters: a base character with its combining marks, variation
selectors and joined emoji, or a surrogate pair, stays whole.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str], float]            # width of a string, in any unit
SizedMeasure = Callable[[str, int], float]  # width of a string at a font size

ELLIPSIS = "…"
CLOSING = frozenset("，。、；：？！）》」』】〕〉〗〙］｝…—’”,.;:?!)]}%‰℃°·・～")
OPENING = frozenset("（《「『【〔〈〖〘［｛‘“([{")
# Full-width punctuation after which a line may break even before a Latin letter.
WIDE_CLOSING = frozenset("，。、；：？！）》」』】〕〉〗〙］｝…—")
SPACES = frozenset(" \t\u3000")
HYPHENS = frozenset("-‐–")
UNITS = frozenset({"m", "km", "cm", "mm", "m²", "m2", "km²", "s", "ms", "min", "h", "kg", "g", "t", "%", "‰",
                   "°", "°C", "℃", "px", "kB", "MB", "GB", "fps", "Hz", "kHz", "MHz", "GHz", "W", "kW", "V",
                   "A", "am", "pm", "AM", "PM", "km/h", "m/s", "x", "×", "人", "米", "号", "个", "层", "元"})
# Chinese units and counters that stay on the line of the number before them.
CJK_UNITS = frozenset("米人分秒时天号个层楼元位场次届年月日周岁千万亿点")


def clusters(text: str) -> list[str]:
    """`text` as grapheme clusters (a simplified UAX #29: marks, joiners, selectors, modifiers, flags)."""
    out: list[str] = []
    for ch in text:
        if out and _extends(out[-1], ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _extends(prev: str, ch: str) -> bool:
    c = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Mc", "Me") or 0xFE00 <= c <= 0xFE0F or 0xE0100 <= c <= 0xE01EF:
        return True
    if c == 0x200D or prev[-1] == "\u200d" or 0x1F3FB <= c <= 0x1F3FF or 0xE0020 <= c <= 0xE007F:
        return True
    if 0xDC00 <= c <= 0xDFFF and 0xD800 <= ord(prev[-1]) <= 0xDBFF:   # a pair split by surrogatepass
        return True
    regional = 0x1F1E6 <= c <= 0x1F1FF
    return regional and len(prev) == 1 and 0x1F1E6 <= ord(prev) <= 0x1F1FF


def is_wide(ch: str) -> bool:
    """Chinese, Japanese or Korean script or punctuation: a line may break on either side of it."""
    c = ord(ch)
    return (0x2E80 <= c <= 0x9FFF or 0xAC00 <= c <= 0xD7AF or 0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F
            or 0xFF00 <= c <= 0xFF60 or 0x20000 <= c <= 0x3FFFF)


def _break_before(cl: list[str], i: int) -> bool:
    """Whether a line may break between cl[i - 1] and cl[i]."""
    prev, cur = cl[i - 1][-1], cl[i][0]
    if cur in SPACES or cur in CLOSING:
        return False
    if prev in SPACES:
        return not _number_and_unit(cl, i)
    if prev in OPENING:
        return False
    if cur in OPENING:
        return is_wide(prev) or prev in WIDE_CLOSING
    if prev in CLOSING:
        return prev in WIDE_CLOSING or is_wide(cur)
    if prev in HYPHENS:
        return cur.isalpha() and i > 1 and cl[i - 2][-1].isalpha()
    if prev.isdigit() and is_wide(cur):
        return cur not in CJK_UNITS
    return is_wide(prev) or is_wide(cur)


def _number_and_unit(cl: list[str], i: int) -> bool:
    """cl[i] starts a unit ("m", "米") after spaces that follow a number ("3.5 m")."""
    j = i - 1
    while j >= 0 and cl[j][0] in SPACES:
        j -= 1
    if j < 0 or not cl[j][0].isdigit():
        return False
    word = ""
    for c in cl[i:]:
        if c[0] in SPACES or (c[0] in CLOSING and c[0] not in "%‰℃°"):
            break
        word += c
    return word in UNITS or word[:1] in CJK_UNITS


def segments(text: str) -> list[str]:
    """`text` cut at every place a line may break; each piece keeps its trailing spaces."""
    cl = clusters(text)
    out: list[str] = []
    start = 0
    for i in range(1, len(cl)):
        if _break_before(cl, i):
            out.append("".join(cl[start:i]))
            start = i
    if cl:
        out.append("".join(cl[start:]))
    return out


def break_lines(text: str, max_width: float, measure: Measure) -> list[str]:
    """`text` as lines no wider than max_width (a word wider than that is broken between characters).
    Newlines in `text` always break; spaces at the end of a line are dropped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _paragraph(paragraph.rstrip("\r"), max_width, measure)
    return lines


def _paragraph(text: str, max_width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    line = ""
    for seg in segments(text):
        if measure((line + seg).rstrip()) <= max_width:
            line += seg
            continue
        if line.strip():
            lines.append(line.rstrip())
            seg = seg.lstrip()
        line = ""
        if measure(seg.rstrip()) <= max_width:
            line = seg
            continue
        pieces = _by_cluster(seg, max_width, measure)
        lines += pieces[:-1]
        line = pieces[-1] + seg[len(seg.rstrip()):]   # the space after the word still parts it from the next
    lines.append(line.rstrip())
    return lines


def _by_cluster(text: str, max_width: float, measure: Measure) -> list[str]:
    """The last resort: `text` cut between grapheme clusters, at least one cluster a line."""
    cl = clusters(text.rstrip())
    pieces: list[str] = []
    while cl:
        n = _longest_prefix(cl, max_width, measure)
        while 1 < n < len(cl) and cl[n][0] in CLOSING:   # keep a closing mark with what it closes
            n -= 1
        pieces.append("".join(cl[:n]))
        cl = cl[n:]
    return pieces or [""]


def _longest_prefix(cl: list[str], max_width: float, measure: Measure, mark: str = "") -> int:
    """The most clusters of `cl` (at least 1 when mark is empty) whose text plus `mark` fits."""
    lo, hi = (0 if mark else 1), len(cl)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure("".join(cl[:mid]).rstrip() + mark) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def ellipsize(text: str, max_width: float, measure: Measure, force: bool = False) -> str:
    """`text` if it fits, else its longest start that fits with "…" after it, cut between clusters.
    `force` adds the mark even when the text fits (it was shortened before)."""
    if not force and measure(text) <= max_width:
        return text
    cl = clusters(text)
    n = _longest_prefix(cl, max_width, measure, ELLIPSIS)
    if n == 0 and measure(ELLIPSIS) > max_width:
        return ""
    return "".join(cl[:n]).rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Fitted:
    lines: list[str]
    size: int
    cut: bool   # True when the text did not fit at min_size and its last line ends with "…"


def fit(text: str, box: tuple[float, float], measure: SizedMeasure, min_size: int,
        max_size: int | None = None, line_height: float = 1.25) -> Fitted:
    """`text` wrapped into box (width, height) at the largest size from max_size down to min_size whose
    lines all fit; at min_size, the lines that fit with the last one cut with "…".
    A line takes size * line_height of the box's height; max_size defaults to one line filling it."""
    width, height = box
    top = max(min_size, max_size if max_size is not None else int(height / line_height))

    def wrapped(size: int) -> list[str]:
        return break_lines(text, width, lambda s: measure(s, size))

    def fits(size: int, lines: list[str]) -> bool:
        return len(lines) * size * line_height <= height

    lo, hi = min_size, top
    best: tuple[int, list[str]] | None = None
    while lo <= hi:   # the largest size that fits (fewer lines at a smaller size: close to monotonic)
        mid = (lo + hi) // 2
        lines = wrapped(mid)
        if fits(mid, lines):
            best, lo = (mid, lines), mid + 1
        else:
            hi = mid - 1
    if best is not None:
        return Fitted(best[1], best[0], False)
    lines = wrapped(min_size)
    keep = max(1, int(height // (min_size * line_height)))
    shown = lines[:keep]
    shown[-1] = ellipsize(shown[-1], width, lambda s: measure(s, min_size), force=True)
    return Fitted(shown, min_size, True)
