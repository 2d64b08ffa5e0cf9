"""Venue times written for people: in the venue's zone (Asia/Shanghai), the Chinese way in Chinese
(`9月21日 周四 14:40`) and the English way in English (`Thu 21 Sep 14:40`), with durations ("1 hr 30 min",
"1小时30分钟") and times relative to now ("in 5 min", "5分钟后").

Month and weekday names and unit words come from Babel's CLDR data; the order of the parts is a CLDR pattern
or a message in the catalogue, so a translation decides it. Every function takes the language to write in,
the current one (engine.i18n.language()) when left out.

    from engine.i18n.dates import format_datetime, format_relative
    format_datetime(session.start)                 # "Thu 21 Sep 14:40" / "9月21日 周四 14:40"
    format_relative(session.start, now)            # "in 5 min" / "5分钟后"
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as _babel_datetime
from babel.units import format_unit

from engine.i18n.messages import LazyText, language, lazy_gettext, lazy_pgettext, translate_to

VENUE_TZ = ZoneInfo("Asia/Shanghai")
BABEL_LOCALES = {"zh": "zh_Hans_CN", "en": "en"}

# Translators: CLDR date patterns (EEE weekday, d day, M/MMM month, HH:mm 24-hour time); Chinese "M月d日 EEE HH:mm"
_DATETIME = lazy_pgettext("CLDR date pattern", "EEE d MMM HH:mm")
_DATE = lazy_pgettext("CLDR date pattern", "EEE d MMM")
_TIME = lazy_pgettext("CLDR date pattern", "HH:mm")
# Translators: two parts of a duration, the larger first ("1 hr" and "30 min"); Chinese writes them together
_TWO_UNITS = lazy_gettext("{larger} {smaller}")
# Translators: a time less than half a minute from now
_NOW = lazy_pgettext("relative time", "now")
# Translators: a time ahead of now; {duration} is "5 min"
_AHEAD = lazy_gettext("in {duration}")
# Translators: a time before now; {duration} is "5 min"
_BEHIND = lazy_gettext("{duration} ago")


def _in(lang: str | None, text: LazyText) -> str:
    """`text` in `lang` (the current language when None), whatever language is current."""
    return translate_to(language() if lang is None else lang, text.message, text.context)


def _locale(lang: str | None) -> str:
    return BABEL_LOCALES[language() if lang is None else lang]


def venue_time(moment: datetime) -> datetime:
    """`moment` as a clock in the venue shows it. A naive datetime is taken to be venue time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VENUE_TZ)
    return moment.astimezone(VENUE_TZ)


def format_datetime(moment: datetime, lang: str | None = None) -> str:
    """"Thu 21 Sep 14:40" / "9月21日 周四 14:40", in venue time."""
    return _babel_datetime(venue_time(moment), _in(lang, _DATETIME), locale=_locale(lang))


def format_date(day: date | datetime, lang: str | None = None) -> str:
    """"Thu 21 Sep" / "9月21日 周四" (a datetime is taken at venue time)."""
    moment = venue_time(day) if isinstance(day, datetime) else datetime.combine(day, time(12), VENUE_TZ)
    return _babel_datetime(moment, _in(lang, _DATE), locale=_locale(lang))


def format_time(moment: datetime, lang: str | None = None) -> str:
    """"14:40": the 24-hour clock, as both Shanghai and the conference's English programme write it."""
    return _babel_datetime(venue_time(moment), _in(lang, _TIME), locale=_locale(lang))


def format_time_range(start: datetime, end: datetime, lang: str | None = None) -> str:
    """"14:40–15:20", or "Thu 21 Sep 23:30 – Fri 22 Sep 00:30" when it spans midnight."""
    if venue_time(start).date() == venue_time(end).date():
        return f"{format_time(start, lang)}–{format_time(end, lang)}"
    return f"{format_datetime(start, lang)} – {format_datetime(end, lang)}"


def format_duration(span: timedelta, lang: str | None = None) -> str:
    """"1 hr 30 min" / "1小时30分钟": whole minutes (rounded), the two largest of days, hours and minutes;
    "0 min" under half a minute. The sign of `span` is ignored."""
    minutes = round(abs(span).total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    units = [(n, unit) for n, unit in ((days, "duration-day"), (hours, "duration-hour"), (mins, "duration-minute"))
             if n][:2] or [(0, "duration-minute")]
    parts = [format_unit(n, unit, length="short", locale=_locale(lang)) for n, unit in units]
    if len(parts) == 1:
        return parts[0]
    return _in(lang, _TWO_UNITS).format(larger=parts[0], smaller=parts[1])


def format_relative(moment: datetime, now: datetime, lang: str | None = None) -> str:
    """"in 5 min" / "5分钟后" for a moment ahead of `now`, "5 min ago" / "5分钟前" for one behind it, "now" /
    "现在" within half a minute."""
    span = moment - now
    if abs(span) < timedelta(seconds=30):
        return _in(lang, _NOW)
    duration = format_duration(span, lang)
    return _in(lang, _AHEAD if span > timedelta(0) else _BEHIND).format(duration=duration)
