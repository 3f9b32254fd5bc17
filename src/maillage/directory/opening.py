"""Opening hours in words: a place's OpenStreetMap `opening_hours` expression, read for a
visitor ("Ouvert maintenant, ferme à 18 h", "Lundi : 9 h – 12 h, 14 h – 18 h").

No Django here: functions take the expression and an aware datetime and return plain
values. The words come from the `gettext` the caller passes (Django's, in the web face), so
they follow the visitor's language; the French msgids are written as `gettext("…")` calls,
so `makemessages` still finds them. Without one, the words stay in French.

Hours are read in Europe/Paris local time with the French public holidays ("PH off"), as
the search does (`directory.selectors.PLACES_TIME_ZONE`). The library refuses aware
datetimes whose zone is not a `ZoneInfo` (Django's `timezone.now()` is in UTC), so every
moment is turned into naive Paris time first.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

import opening_hours

PARIS = ZoneInfo("Europe/Paris")
WEEK_DAYS = 7
# How far to look for the next opening: a place open only in summer says "ouvre le 1er
# juillet" in winter. Beyond a year, the words say "Fermé" and nothing more.
HORIZON = dt.timedelta(days=366)
NBSP = "\u00a0"  # French typography: "9 h", never "9" at the end of a line and "h" below

Gettext = Callable[[str], str]
State = Literal["open", "closed", "unknown"]

_STATES: dict[opening_hours.State, State] = {
    opening_hours.State.OPEN: "open",
    opening_hours.State.CLOSED: "closed",
    opening_hours.State.UNKNOWN: "unknown",
}


def _french(message: str) -> str:
    return message


@dataclass(frozen=True)
class Span:
    """Part of one day in one state other than closed; local times. `end` None means
    until midnight."""

    start: dt.time
    end: dt.time | None
    state: State
    comment: str = ""


@dataclass(frozen=True)
class Day:
    date: dt.date
    spans: tuple[Span, ...]  # in order; none when closed all day

    @property
    def is_closed(self) -> bool:
        return not self.spans


@dataclass(frozen=True)
class Status:
    """The state at a moment. Times are naive Paris local times.

    - `until`: when this state ends (None: not within a year);
    - `next_open`: when not open, the next opening (None: not within a year).
    """

    state: State
    comment: str
    until: dt.datetime | None
    next_open: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@functools.lru_cache(maxsize=4096)
def parse(expression: str) -> opening_hours.OpeningHours | None:
    """The parsed expression; None when it is empty or not valid OSM syntax."""
    if not expression.strip():
        return None
    try:
        return opening_hours.OpeningHours(expression, country="FR")
    except (opening_hours.ParserError, ValueError, SyntaxError):
        return None


def local(moment: dt.datetime) -> dt.datetime:
    """`moment` as a naive Paris local time; naive moments are taken as Paris time already."""
    if moment.utcoffset() is None:
        return moment.replace(second=0, microsecond=0)
    return moment.astimezone(PARIS).replace(tzinfo=None, second=0, microsecond=0)


def status(expression: str, moment: dt.datetime) -> Status | None:
    """Whether the place is open at `moment`, until when, and when it opens next; None when
    the place gives no (valid) hours."""
    hours = parse(expression)
    if hours is None:
        return None
    start = local(moment)
    intervals = _merged(hours.intervals(start, start + HORIZON))
    first = next(intervals, None)
    if first is None:  # cannot happen with a non-empty range; kept for safety
        return Status(state="unknown", comment="", until=None, next_open=None)
    state, comment, _begin, end = first
    until = None if end >= start + HORIZON else end
    next_open = None
    if state != "open":
        next_open = next((begin for s, _c, begin, _e in intervals if s == "open"), None)
    return Status(state=state, comment=comment, until=until, next_open=next_open)


def week(expression: str, moment: dt.datetime, days: int = WEEK_DAYS) -> tuple[Day, ...] | None:
    """The hours of `days` days from `moment`'s local date, day by day; None without hours.
    The actual days, not a template week: a public holiday shows closed."""
    hours = parse(expression)
    if hours is None:
        return None
    first_day = local(moment).date()
    midnight = dt.datetime.combine(first_day, dt.time())
    spans: dict[dt.date, list[Span]] = {first_day + dt.timedelta(n): [] for n in range(days)}
    for state, comment, begin, end in _merged(
        hours.intervals(midnight, midnight + dt.timedelta(days=days))
    ):
        if state == "closed":
            continue
        # A span over midnight ("Fr 22:00-02:00") shows on both days.
        while begin < end:
            day_end = dt.datetime.combine(begin.date() + dt.timedelta(1), dt.time())
            stop = min(end, day_end)
            spans[begin.date()].append(
                Span(
                    start=begin.time(),
                    end=None if stop == day_end else stop.time(),
                    state=state,
                    comment=comment,
                )
            )
            begin = stop
    return tuple(Day(date=date, spans=tuple(found)) for date, found in spans.items())


def _merged(
    intervals: Iterator[tuple[dt.datetime, dt.datetime, opening_hours.State, str]],
) -> Iterator[tuple[State, str, dt.datetime, dt.datetime]]:
    """(state, comment, start, end), joining neighbours in the same state with the same
    comment: the library may cut a stretch in two where two rules meet."""
    current: list | None = None
    for begin, end, library_state, comment in intervals:
        state = _STATES[library_state]
        if current is not None and current[0] == state and current[1] == comment:
            current[3] = end
            continue
        if current is not None:
            yield tuple(current)  # type: ignore[misc]
        current = [state, comment, begin, end]
    if current is not None:
        yield tuple(current)  # type: ignore[misc]


# Words. Each takes the caller's `gettext`.


def time_words(moment: dt.time | None, gettext: Gettext = _french, *, end: bool = False) -> str:
    """ "9 h", "14 h 30"; "minuit" for the end of a day (None, or 0:00 as an end)."""
    if moment is None or (end and moment == dt.time()):
        return gettext("minuit")
    if moment.minute == 0:
        words = gettext("%(hour)d h") % {"hour": moment.hour}
    else:
        words = gettext("%(hour)d h %(minute)02d") % {"hour": moment.hour, "minute": moment.minute}
    return words.replace(" ", NBSP)


def weekday_name(date: dt.date, gettext: Gettext = _french) -> str:
    """ "lundi" … "dimanche", lower case as in a French sentence."""
    names = (
        gettext("lundi"),
        gettext("mardi"),
        gettext("mercredi"),
        gettext("jeudi"),
        gettext("vendredi"),
        gettext("samedi"),
        gettext("dimanche"),
    )
    return names[date.weekday()]


def date_words(date: dt.date, gettext: Gettext = _french) -> str:
    """ "30 mars", "1er mai"."""
    months = (
        gettext("janvier"),
        gettext("février"),
        gettext("mars"),
        gettext("avril"),
        gettext("mai"),
        gettext("juin"),
        gettext("juillet"),
        gettext("août"),
        gettext("septembre"),
        gettext("octobre"),
        gettext("novembre"),
        gettext("décembre"),
    )
    month = months[date.month - 1]
    if date.day == 1:
        return gettext("1er %(month)s") % {"month": month}
    return gettext("%(day)d %(month)s") % {"day": date.day, "month": month}


def span_words(span: Span, gettext: Gettext = _french) -> str:
    """ "9 h – 12 h", with the source's comment or a doubt in brackets."""
    if span.start == dt.time() and span.end is None:
        words = gettext("toute la journée")
    else:
        words = gettext("%(start)s – %(end)s") % {
            "start": time_words(span.start, gettext),
            "end": time_words(span.end, gettext, end=True),
        }
    note = span.comment or (gettext("à confirmer") if span.state == "unknown" else "")
    return f"{words} ({note})" if note else words


def day_words(day: Day, gettext: Gettext = _french) -> str:
    """ "9 h – 12 h, 14 h – 18 h", or "Fermé"."""
    if day.is_closed:
        return gettext("Fermé")
    return ", ".join(span_words(span, gettext) for span in day.spans)


def _when(moment: dt.datetime, today: dt.date, gettext: Gettext) -> str:
    """ "à 18 h", "demain à 9 h", "mardi à 9 h", "le 4 mai à 9 h": when `moment` comes, said
    from `today`."""
    time = time_words(moment.time(), gettext)
    days_ahead = (moment.date() - today).days
    if days_ahead == 0:
        return gettext("à %(time)s") % {"time": time}
    if days_ahead == 1 and moment.time() == dt.time():
        return gettext("à %(time)s") % {"time": gettext("minuit")}
    if days_ahead == 1:
        return gettext("demain à %(time)s") % {"time": time}
    if days_ahead < WEEK_DAYS:
        return gettext("%(weekday)s à %(time)s") % {
            "weekday": weekday_name(moment.date(), gettext),
            "time": time,
        }
    return gettext("le %(date)s à %(time)s") % {
        "date": date_words(moment.date(), gettext),
        "time": time,
    }


def status_words(found: Status, moment: dt.datetime, gettext: Gettext = _french) -> str:
    """ "Ouvert maintenant, ferme à 18 h", "Fermé, ouvre mardi à 9 h", "Horaires à confirmer"…
    Starts with "Ouvert" exactly when the place is open at `moment` (in French)."""
    today = local(moment).date()
    comment = f" ({found.comment})" if found.comment else ""
    if found.state == "open":
        if found.until is None:
            return gettext("Ouvert en permanence") + comment
        return gettext("Ouvert maintenant%(comment)s, ferme %(when)s") % {
            "comment": comment,
            "when": _when(found.until, today, gettext),
        }
    if found.state == "unknown":
        return gettext("Horaires à confirmer") + comment
    if found.next_open is None:
        return gettext("Fermé") + comment
    return gettext("Fermé%(comment)s, ouvre %(when)s") % {
        "comment": comment,
        "when": _when(found.next_open, today, gettext),
    }
