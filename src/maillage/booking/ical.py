"""iCalendar (RFC 5545) for bookings: feeds per resource, place or person, and the `.ics`
attached to a confirmation, written with the `icalendar` package (DESIGN.md's choice).

Times are written in UTC (`…Z`), which every calendar shows in its reader's zone; the
package folds lines at 75 octets, ends them with CRLF and escapes text values.

An event's UID is stable (a calendar app updates the event rather than adding a copy) and
reveals nothing: an HMAC of the record's kind and id under the `SECRET_KEY`, so that public
feeds do not list the sequential ids that the API takes. Rotating the `SECRET_KEY` changes
every UID: subscribed calendars then replace their events once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.utils.crypto import salted_hmac

PRODID = "-//Maillage//Reservations//FR"
UID_SALT = "maillage.calendar.uid"
# The zone of the hub's places: the component an empty calendar holds (RFC 5545 asks for one).
ZONE = "Europe/Paris"


def event_uid(kind: str, pk: int) -> str:
    """The UID of record `pk` of `kind` ("booking", "programme-session"): stable, not
    guessable, not revealing `pk`."""
    digest = salted_hmac(UID_SALT, f"{kind}:{pk}", algorithm="sha256").hexdigest()[:32]
    return f"{kind}-{digest}@maillage"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    updated: dt.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be aware")
    return moment.astimezone(dt.UTC)


def _text(value: str) -> str:
    # A lone CR would end the content line early: people's text keeps LF newlines only.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _zone(today: dt.date) -> icalendar.Timezone:
    first = today.replace(month=1, day=1)
    return icalendar.Timezone.from_tzid(
        ZONE, first_date=first, last_date=first.replace(year=first.year + 2)
    )


def calendar(events: Iterable[CalendarEvent], *, name: str) -> str:
    """A calendar of `events`. Without any, it holds the hub's time zone: RFC 5545 wants at
    least one component, and some readers refuse an empty calendar."""
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", _text(name))
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event.uid)
        entry.add("dtstamp", _utc(event.updated))
        entry.add("last-modified", _utc(event.updated))
        entry.add("dtstart", _utc(event.start))
        entry.add("dtend", _utc(event.end))
        entry.add("summary", _text(event.summary))
        entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        if event.location:
            entry.add("location", _text(event.location))
        if event.description:
            entry.add("description", _text(event.description))
        if event.url:
            entry.add("url", event.url)
        feed.add_component(entry)
    if not feed.subcomponents:
        feed.add_component(_zone(dt.date.today()))
    return feed.to_ical().decode("utf-8")
