import datetime as dt

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from maillage.booking.ical import CalendarEvent, calendar, event_uid

UTC = dt.UTC
SUMMER = dt.timezone(dt.timedelta(hours=2))


def event(**changes) -> CalendarEvent:
    values = {
        "uid": "booking-1@maillage",
        "start": dt.datetime(2026, 3, 29, 9, 0, tzinfo=SUMMER),
        "end": dt.datetime(2026, 3, 29, 10, 0, tzinfo=SUMMER),
        "summary": "Poste 1 – La Filature, Monteux; salle",
        "updated": dt.datetime(2026, 3, 1, tzinfo=UTC),
        "description": "Ligne 1\nLigne 2",
    }
    return CalendarEvent(**{**values, **changes})


def test_an_event_in_utc_with_crlf_and_escaped_text():
    text = calendar([event()], name="Réservations")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20260329T070000Z\r\n" in text
    assert "SUMMARY:Poste 1 – La Filature\\, Monteux\\; salle\r\n" in text
    assert "DESCRIPTION:Ligne 1\\nLigne 2\r\n" in text
    assert "STATUS:CONFIRMED" in text
    assert "\n" not in text.replace("\r\n", "")


def _unescape(value: str) -> str:
    """RFC 5545 section 3.3.11, read left to right (icalendar's own reader mishandles a
    backslash before a comma)."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


@given(st.text(max_size=300), st.booleans())
def test_any_text_reads_back_the_same_and_lines_stay_within_75_octets(value, cancelled):
    text = calendar([event(description=value, cancelled=cancelled)], name="x")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    lines = [line for line in unfolded.split("\r\n") if line.startswith("DESCRIPTION:")]
    if value:
        (line,) = lines
        assert _unescape(line.removeprefix("DESCRIPTION:")) == value.replace("\r\n", "\n").replace(
            "\r", "\n"
        )
    parsed = icalendar.Calendar.from_ical(text)
    (vevent,) = parsed.walk("VEVENT")
    assert vevent.decoded("dtstart") == dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert str(vevent["status"]) == ("CANCELLED" if cancelled else "CONFIRMED")


def test_an_empty_calendar_holds_the_hubs_time_zone():
    """RFC 5545: `icalbody = calprops component`, at least one component."""
    parsed = icalendar.Calendar.from_ical(calendar([], name="Rien"))
    assert [component.name for component in parsed.subcomponents] == ["VTIMEZONE"]
    assert str(parsed.subcomponents[0]["tzid"]) == "Europe/Paris"
    with_one = icalendar.Calendar.from_ical(calendar([event()], name="Un"))
    assert [component.name for component in with_one.subcomponents] == ["VEVENT"]


def test_uids_are_stable_distinct_and_do_not_reveal_the_id(settings):
    first = event_uid("booking", 1)
    assert first == event_uid("booking", 1)
    assert len({first, event_uid("booking", 2), event_uid("programme-session", 1)}) == 3
    assert first.startswith("booking-") and first.endswith("@maillage")
    assert first != "booking-1@maillage" and len(first) == len("booking-@maillage") + 32
    settings.SECRET_KEY = "another secret key, long enough to be a real one...."
    assert event_uid("booking", 1) != first  # nobody without the key computes them
