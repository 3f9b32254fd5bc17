"""When a resource can be booked: opening hours, closures, capacity and the bookings
already made, turned into free slots. No Django here.

Times are aware datetimes; opening hours are written in local time (Europe/Paris for the
places of the standard), so they are evaluated in that zone and the intervals converted back
to UTC — a daylight-saving day is 23 or 25 hours long and its slots follow the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import opening_hours

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


class HoursError(ValueError):
    """Opening hours that the OSM parser refuses."""


@dataclass(frozen=True, order=True)
class Interval:
    start: dt.datetime
    end: dt.datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class Taken:
    """Capacity already used over an interval (a booking's quantity)."""

    interval: Interval
    quantity: int


@dataclass(frozen=True)
class Slot:
    interval: Interval
    free: int  # capacity left over the whole slot


def parse_hours(expression: str) -> opening_hours.OpeningHours:
    try:
        return opening_hours.OpeningHours(expression, country="FR")
    except (opening_hours.ParserError, ValueError, SyntaxError) as error:
        raise HoursError(f"not valid OpenStreetMap opening_hours syntax: {expression!r}") from error


def open_intervals(
    expression: str, start: dt.datetime, end: dt.datetime, zone: ZoneInfo = PARIS
) -> list[Interval]:
    """The intervals between `start` and `end` (aware) during which `expression` says open,
    in UTC. An empty expression means never open."""
    if not expression.strip() or end <= start:
        return []
    hours = parse_hours(expression)
    local_start = start.astimezone(zone).replace(tzinfo=None)
    local_end = end.astimezone(zone).replace(tzinfo=None)
    found = []
    for begin, finish, state, _comment in hours.intervals(local_start, local_end):
        if state == opening_hours.State.OPEN:
            found.append(Interval(_to_utc(begin, zone), _to_utc(finish, zone)))
    return merge(found)


def _to_utc(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A local time that does not exist (the spring-forward hour) moves forward, as clocks do.
    return local.replace(tzinfo=zone).astimezone(UTC)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with touching or overlapping intervals joined."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if interval.end <= interval.start:
            continue
        if merged and interval.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            merged.append(interval)
    return merged


def subtract(intervals: Sequence[Interval], removed: Iterable[Interval]) -> list[Interval]:
    """`intervals` without any time of `removed` (closures)."""
    result = list(merge(intervals))
    for cut in merge(removed):
        kept = []
        for interval in result:
            if not interval.overlaps(cut):
                kept.append(interval)
                continue
            if interval.start < cut.start:
                kept.append(Interval(interval.start, cut.start))
            if cut.end < interval.end:
                kept.append(Interval(cut.end, interval.end))
        result = kept
    return result


def used_at_most(taken: Sequence[Taken], window: Interval) -> int:
    """The largest total quantity booked at any instant of `window`."""
    events = []
    for booking in taken:
        if booking.interval.overlaps(window):
            events.append((max(booking.interval.start, window.start), booking.quantity))
            events.append((min(booking.interval.end, window.end), -booking.quantity))
    peak = current = 0
    # Ends before starts at the same instant: back-to-back bookings do not overlap.
    for _when, change in sorted(events, key=lambda event: (event[0], event[1])):
        current += change
        peak = max(peak, current)
    return peak


def free_slots(
    *,
    open_times: Sequence[Interval],
    taken: Sequence[Taken],
    capacity: int,
    duration: dt.timedelta,
    step: dt.timedelta,
    not_before: dt.datetime | None = None,
) -> list[Slot]:
    """Slots of `duration`, starting every `step` from the start of each open interval,
    wholly inside it, not before `not_before`, with the capacity left (0-capacity slots are
    left out)."""
    if duration <= dt.timedelta(0) or step <= dt.timedelta(0):
        raise ValueError("duration and step must be positive")
    slots = []
    for interval in open_times:
        begin = interval.start
        while begin + duration <= interval.end:
            if not_before is None or begin >= not_before:
                window = Interval(begin, begin + duration)
                free = capacity - used_at_most(taken, window)
                if free > 0:
                    slots.append(Slot(window, free))
            begin += step
    return slots
