"""Venue times in Asia/Shanghai, written the Chinese way in Chinese and the English way in English."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from engine.i18n import set_language
from engine.i18n.catalogues import LOCALE_DIR
from engine.i18n.dates import (
    VENUE_TZ,
    format_date,
    format_datetime,
    format_duration,
    format_relative,
    format_time,
    format_time_range,
    venue_time,
)

SESSION = datetime(2023, 9, 21, 14, 40, tzinfo=VENUE_TZ)   # a Thursday afternoon in Anting


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en", locale_dir=LOCALE_DIR)


def test_dates_the_chinese_way_and_the_english_way():
    assert format_datetime(SESSION, "zh") == "9月21日 周四 14:40"
    assert format_datetime(SESSION, "en") == "Thu 21 Sep 14:40"
    assert format_date(SESSION, "zh") == "9月21日 周四" and format_date(date(2023, 9, 22), "en") == "Fri 22 Sep"
    assert format_time(SESSION, "zh") == format_time(SESSION, "en") == "14:40"


def test_the_current_language_is_the_default():
    assert format_datetime(SESSION) == "Thu 21 Sep 14:40"
    set_language("zh")
    assert format_datetime(SESSION) == "9月21日 周四 14:40"
    assert format_relative(SESSION + timedelta(minutes=5), SESSION) == "5分钟后"


def test_times_from_elsewhere_are_shown_at_venue_time():
    utc = datetime(2023, 9, 21, 6, 40, tzinfo=UTC)
    berlin = datetime(2023, 9, 21, 8, 40, tzinfo=ZoneInfo("Europe/Berlin"))
    for moment in (utc, berlin, datetime(2023, 9, 21, 14, 40)):   # naive: venue time already
        assert venue_time(moment) == SESSION and venue_time(moment).tzinfo is VENUE_TZ
        assert format_datetime(moment, "zh") == "9月21日 周四 14:40"
    late = datetime(2023, 9, 21, 20, 30, tzinfo=timezone(timedelta(hours=-4)))   # already Friday in Shanghai
    assert format_datetime(late, "en") == "Fri 22 Sep 08:30"


def test_time_ranges():
    assert format_time_range(SESSION, SESSION + timedelta(minutes=40), "zh") == "14:40–15:20"
    night = datetime(2023, 9, 21, 23, 30, tzinfo=VENUE_TZ)
    assert format_time_range(night, night + timedelta(hours=1), "en") == "Thu 21 Sep 23:30 – Fri 22 Sep 00:30"


@pytest.mark.parametrize("minutes, en, zh", [
    (0, "0 min", "0分钟"), (0.4, "0 min", "0分钟"), (5, "5 min", "5分钟"), (59.6, "1 hr", "1小时"),
    (90, "1 hr 30 min", "1小时30分钟"), (120, "2 hr", "2小时"), (24 * 60 + 61, "1 day 1 hr", "1天1小时"),
    (-40, "40 min", "40分钟"),
])
def test_durations(minutes, en, zh):
    span = timedelta(minutes=minutes)
    assert (format_duration(span, "en"), format_duration(span, "zh")) == (en, zh)


@pytest.mark.parametrize("offset, en, zh", [
    (timedelta(minutes=5), "in 5 min", "5分钟后"),
    (timedelta(minutes=-5), "5 min ago", "5分钟前"),
    (timedelta(hours=1, minutes=15), "in 1 hr 15 min", "1小时15分钟后"),
    (timedelta(seconds=20), "now", "现在"),
    (timedelta(seconds=-29), "now", "现在"),
])
def test_relative_times(offset, en, zh):
    assert format_relative(SESSION + offset, SESSION, "en") == en
    assert format_relative(SESSION + offset, SESSION, "zh") == zh
