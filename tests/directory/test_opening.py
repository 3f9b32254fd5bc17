"""Opening hours in words: examples at fixed moments, and properties against the library."""

import datetime as dt

import opening_hours
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.directory import opening

PARIS = opening.PARIS
OFFICE = "Mo-Fr 09:00-12:00,14:00-18:00; PH off"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def words(expression: str, moment: dt.datetime) -> str:
    found = opening.status(expression, moment)
    assert found is not None
    return opening.status_words(found, moment).replace(opening.NBSP, " ")


@pytest.mark.parametrize(
    ("expression", "moment", "expected"),
    [
        (OFFICE, at(2026, 3, 27, 16, 0), "Ouvert maintenant, ferme à 18 h"),
        (OFFICE, at(2026, 3, 27, 12, 30), "Fermé, ouvre à 14 h"),
        (OFFICE, at(2026, 3, 26, 19, 0), "Fermé, ouvre demain à 9 h"),
        (OFFICE, at(2026, 3, 27, 19, 0), "Fermé, ouvre lundi à 9 h"),
        # 1 May is a public holiday: Thursday evening, the next opening is on Monday.
        (OFFICE, at(2026, 4, 30, 19, 0), "Fermé, ouvre lundi à 9 h"),
        ("Tu 09:30-12:00", at(2026, 3, 31, 13, 0), "Fermé, ouvre le 7 avril à 9 h 30"),
        ("Jul-Aug 10:00-19:00", at(2026, 3, 31, 13, 0), "Fermé, ouvre le 1er juillet à 10 h"),
        ("Fr 22:00-02:00", at(2026, 3, 27, 23, 0), "Ouvert maintenant, ferme demain à 2 h"),
        ("Mo-Fr 09:00-24:00", at(2026, 3, 27, 23, 0), "Ouvert maintenant, ferme à minuit"),
        ("24/7", at(2026, 3, 27, 23, 0), "Ouvert en permanence"),
        ("off", at(2026, 3, 27, 10, 0), "Fermé"),
        ('Mo-Fr 09:00-17:00 "sur rendez-vous"; Sa unknown', at(2026, 3, 27, 10, 0),
         "Ouvert maintenant (sur rendez-vous), ferme à 17 h"),
        ('Mo-Fr 09:00-17:00 "sur rendez-vous"; Sa unknown', at(2026, 3, 28, 10, 0),
         "Horaires à confirmer"),
    ],
)  # fmt: skip
def test_status_in_words(expression, moment, expected):
    assert words(expression, moment) == expected


def test_a_moment_in_utc_is_read_in_paris_time():
    # 07:30 UTC on a summer Monday is 09:30 in Paris: open.
    moment = dt.datetime(2026, 6, 1, 7, 30, tzinfo=dt.UTC)
    assert words(OFFICE, moment) == "Ouvert maintenant, ferme à 12 h"


@pytest.mark.parametrize("expression", ["", "   ", "sometimes, ask", "Mo-Fr 25:00-26:00"])
def test_no_or_unreadable_hours_give_nothing(expression):
    assert opening.status(expression, at(2026, 3, 27, 10, 0)) is None
    assert opening.week(expression, at(2026, 3, 27, 10, 0)) is None


def test_the_week_in_words_starts_today_and_shows_holidays_closed():
    days = opening.week(OFFICE + "; Sa 09:00-12:00", at(2026, 4, 29, 10, 0))
    lines = [
        f"{opening.weekday_name(day.date).capitalize()} {opening.date_words(day.date)} : "
        f"{opening.day_words(day)}".replace(opening.NBSP, " ")
        for day in days
    ]
    assert lines == [
        "Mercredi 29 avril : 9 h – 12 h, 14 h – 18 h",
        "Jeudi 30 avril : 9 h – 12 h, 14 h – 18 h",
        "Vendredi 1er mai : Fermé",
        "Samedi 2 mai : 9 h – 12 h",
        "Dimanche 3 mai : Fermé",
        "Lundi 4 mai : 9 h – 12 h, 14 h – 18 h",
        "Mardi 5 mai : 9 h – 12 h, 14 h – 18 h",
    ]


def test_a_night_opening_shows_on_both_days_and_a_whole_day_says_so():
    days = opening.week("Fr 22:00-02:00; Su 00:00-24:00", at(2026, 3, 27, 10, 0), days=3)
    assert [opening.day_words(day).replace(opening.NBSP, " ") for day in days] == [
        "22 h – minuit",
        "0 h – 2 h",
        "toute la journée",
    ]


def test_the_words_follow_the_callers_language():
    english = {
        "Ouvert maintenant%(comment)s, ferme %(when)s": "Open now%(comment)s, closes %(when)s",
        "à %(time)s": "at %(time)s",
        "%(hour)d h": "%(hour)d:00",
    }
    found = opening.status(OFFICE, at(2026, 3, 27, 16, 0))
    moment = at(2026, 3, 27, 16, 0)
    assert opening.status_words(found, moment, lambda text: english.get(text, text)) == (
        "Open now, closes at 18:00"
    )


# Properties: the words agree with the library's own answer, whatever the hours.

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


@st.composite
def expressions(draw) -> str:
    rules = []
    for _ in range(draw(st.integers(1, 3))):
        first = draw(st.integers(0, 6))
        last = draw(st.integers(first, 6))
        days = DAYS[first] if first == last else f"{DAYS[first]}-{DAYS[last]}"
        spans = []
        start = draw(st.integers(0, 20 * 4)) * 15
        for _ in range(draw(st.integers(1, 2))):
            end = start + draw(st.integers(1, 12 * 4)) * 15
            if end > 24 * 60:
                break
            spans.append(f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}")
            start = end + draw(st.integers(1, 8)) * 15
        if spans:
            rules.append(f"{days} {','.join(spans)}")
    if draw(st.booleans()):
        rules.append("PH off")
    return "; ".join(rules) or "off"


moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=PARIS)
)


@settings(max_examples=300, deadline=None)
@given(expressions(), moments)
def test_the_words_say_open_exactly_when_the_library_does(expression, moment):
    hours = opening_hours.OpeningHours(expression, country="FR")
    local = opening.local(moment)
    found = opening.status(expression, moment)
    said = opening.status_words(found, moment)
    assert found.is_open == hours.is_open(local)
    assert said.startswith("Ouvert") == hours.is_open(local)
    if found.is_open and found.until is not None:
        assert hours.is_open(found.until - dt.timedelta(minutes=1))
        assert not hours.is_open(found.until)
    if not found.is_open and found.next_open is not None:
        assert hours.is_open(found.next_open)
        assert not hours.is_open(found.next_open - dt.timedelta(minutes=1))


@settings(max_examples=200, deadline=None)
@given(expressions(), moments, st.integers(0, 7 * 24 * 60 - 1))
def test_the_week_shows_open_exactly_when_the_library_does(expression, moment, minute):
    hours = opening_hours.OpeningHours(expression, country="FR")
    days = opening.week(expression, moment)
    probe = dt.datetime.combine(opening.local(moment).date(), dt.time()) + dt.timedelta(
        minutes=minute
    )
    day = days[minute // (24 * 60)]
    assert day.date == probe.date()
    inside = any(
        span.start <= probe.time() and (span.end is None or probe.time() < span.end)
        for span in day.spans
    )
    assert inside == hours.is_open(probe)
