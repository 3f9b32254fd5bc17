"""Reads of booking: what is open, what is taken, the free slots, usage."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from maillage.booking import availability
from maillage.booking.models import Booking, Closure, Resource


def resource_open_intervals(
    *, resource: Resource, start: dt.datetime, end: dt.datetime
) -> list[availability.Interval]:
    """When the resource is open between `start` and `end`: its tour stops for a vehicle,
    else its (or its place's) opening hours; minus closures of the resource or its place."""
    if resource.kind == Resource.Kind.VEHICLE:
        open_times = availability.merge(
            availability.Interval(max(stop.start, start), min(stop.end, end))
            for stop in resource.stops.filter(start__lt=end, end__gt=start)
        )
    else:
        open_times = availability.open_intervals(resource.hours, start, end)
    closures = Closure.objects.filter(
        Q(resource=resource) | Q(place_id=resource.place_id), start__lt=end, end__gt=start
    )
    return availability.subtract(
        open_times, [availability.Interval(c.start, c.end) for c in closures]
    )


def resource_taken(
    *, resource: Resource, start: dt.datetime, end: dt.datetime
) -> list[availability.Taken]:
    """Active bookings overlapping [start, end)."""
    rows = Booking.objects.filter(
        resource=resource, state__in=Booking.ACTIVE_STATES, start__lt=end, end__gt=start
    ).values_list("start", "end", "quantity")
    return [availability.Taken(availability.Interval(s, e), q) for s, e, q in rows]


def resource_slots(
    *,
    resource: Resource,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    duration_minutes: int | None = None,
) -> list[availability.Slot]:
    """Free slots of the resource's minimum duration (or `duration_minutes`) between
    `start` and `end`, from `now` plus the lead time."""
    duration = dt.timedelta(minutes=duration_minutes or resource.min_minutes)
    horizon = min(end, now + dt.timedelta(days=resource.max_days_ahead))
    return availability.free_slots(
        open_times=resource_open_intervals(resource=resource, start=start, end=horizon),
        taken=resource_taken(resource=resource, start=start, end=horizon),
        capacity=resource.capacity,
        duration=duration,
        step=dt.timedelta(minutes=resource.step_minutes),
        not_before=now + dt.timedelta(minutes=resource.lead_minutes),
    )


def resource_get(*, pk: int) -> Resource | None:
    return Resource.objects.select_related("place", "place__commune").filter(pk=pk).first()


def booking_by_token(*, token: str) -> Booking | None:
    return Booking.objects.select_related("resource", "resource__place").filter(token=token).first()
