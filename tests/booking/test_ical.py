import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from maillage.booking.ical import CalendarEvent, calendar, escape_text, fold

UTC = dt.UTC


def test_an_event_in_utc_with_crlf_and_escaped_text():
    text = calendar(
        [
            CalendarEvent(
                uid="booking-1@maillage",
                start=dt.datetime(2026, 3, 29, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
                end=dt.datetime(2026, 3, 29, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
                summary="Poste 1 – La Filature, Monteux; salle",
                updated=dt.datetime(2026, 3, 1, tzinfo=UTC),
                description="Ligne 1\nLigne 2",
            )
        ],
        name="Réservations",
    )
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20260329T070000Z\r\n" in text
    assert "SUMMARY:Poste 1 – La Filature\\, Monteux\\; salle\r\n" in text
    assert "DESCRIPTION:Ligne 1\\nLigne 2\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


@given(st.text(min_size=0, max_size=400))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_original(value):
    line = "DESCRIPTION:" + escape_text(value)
    folded = fold(line)
    assert all(len(piece.encode("utf-8")) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
