"""Reads of booking: what is open, what is taken, the free slots, usage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from maillage.booking import availability
from maillage.booking.models import Booking, CalendarFeedKey, Closure, Resource, TourStop
from maillage.core.permissions import runs_the_hub


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


def booking_events(bookings) -> list:
    """Calendar events of bookings (for the iCalendar feeds and `.ics` files)."""
    from maillage.booking.ical import CalendarEvent, event_uid

    events = []
    for booking in bookings:
        place = booking.resource.place
        lines = [booking.resource.name]
        if booking.video_url:
            lines.append(f"Visio : {booking.video_url}")
        if booking.reason:
            lines.append(booking.reason)
        events.append(
            CalendarEvent(
                uid=event_uid("booking", booking.pk),
                start=booking.start,
                end=booking.end,
                summary=f"{booking.resource.name} – {place.nom}",
                updated=booking.updated_at,
                location=", ".join(
                    part for part in (place.adresse, place.code_postal, place.commune_nom) if part
                ),
                description="\n".join(lines),
                url=booking.video_url,
                cancelled=booking.state == Booking.State.CANCELLED,
            )
        )
    return events


def bookings_of_resource(*, resource: Resource, since: dt.datetime):
    return (
        Booking.objects.filter(resource=resource, end__gte=since)
        .exclude(state=Booking.State.REQUESTED)
        .select_related("resource", "resource__place")
    )


def bookings_of_place(*, place_id: int, since: dt.datetime):
    return (
        Booking.objects.filter(resource__place_id=place_id, end__gte=since)
        .exclude(state=Booking.State.REQUESTED)
        .select_related("resource", "resource__place")
    )


def calendar_feed_owner(*, key: str, now: dt.datetime):
    """The active account whose valid calendar key `key` is, or None."""
    feed = (
        CalendarFeedKey.objects.select_related("user")
        .filter(key=key, expires_at__gt=now, user__is_active=True)
        .first()
    )
    return feed.user if feed is not None else None


def bookings_of_user(*, user, since: dt.datetime):
    return Booking.objects.filter(user=user, end__gte=since).select_related(
        "resource", "resource__place"
    )


@dataclass(frozen=True)
class ResourceUsage:
    resource: Resource
    open_hours: float
    booked_hours: float
    bookings: int
    no_shows: int

    @property
    def occupancy(self) -> float | None:
        """Booked hours over open hours, 0..1 (None when never open)."""
        return self.booked_hours / self.open_hours if self.open_hours else None

    @property
    def no_show_rate(self) -> float | None:
        finished = self.bookings
        return self.no_shows / finished if finished else None


def resources_run_by(*, user) -> QuerySet[Resource]:
    """The resources `user` runs: all for the hub's coordination, those of the places they
    manage for a place manager, the appointments they host for a mediator."""
    if runs_the_hub(user):
        return Resource.objects.all()
    return Resource.objects.filter(Q(place__managers=user) | Q(host=user)).distinct()


def resource_usage(
    *,
    start: dt.datetime,
    end: dt.datetime,
    place_id: int | None = None,
    resources: QuerySet[Resource] | None = None,
) -> list[ResourceUsage]:
    """For each active resource: open hours and booked hours (confirmed and honoured
    bookings, times their quantity over the capacity) between `start` and `end`, and the
    no-shows. Sorted least used first: the equipment to open to more people."""
    resources = (resources if resources is not None else Resource.objects).filter(is_active=True)
    resources = resources.select_related("place")
    if place_id is not None:
        resources = resources.filter(place_id=place_id)
    bookings_by_resource: dict[int, list[Booking]] = {}
    for booking in Booking.objects.filter(
        resource__in=resources, start__lt=end, end__gt=start
    ).exclude(state__in=[Booking.State.CANCELLED, Booking.State.REQUESTED]):
        bookings_by_resource.setdefault(booking.resource_id, []).append(booking)
    usages = []
    for resource in resources:
        try:
            open_times = resource_open_intervals(resource=resource, start=start, end=end)
        except availability.HoursError:
            open_times = []
        open_hours = sum(interval.minutes for interval in open_times) / 60
        held = bookings_by_resource.get(resource.pk, [])
        booked = (
            sum(
                (min(b.end, end) - max(b.start, start)).total_seconds() / 3600 * b.quantity
                for b in held
                if b.state != Booking.State.NO_SHOW
            )
            / resource.capacity
        )
        usages.append(
            ResourceUsage(
                resource=resource,
                open_hours=open_hours,
                booked_hours=booked,
                bookings=len(held),
                no_shows=sum(b.state == Booking.State.NO_SHOW for b in held),
            )
        )
    return sorted(usages, key=lambda usage: (usage.occupancy is None, usage.occupancy or 0))


def place_resources(*, place_id: int) -> list[Resource]:
    """The bookable resources of a place, with the coming stops of its vehicles."""
    return list(Resource.objects.filter(place_id=place_id, is_active=True).order_by("kind", "name"))


def upcoming_stops(*, resource: Resource, now: dt.datetime, limit: int = 8):
    return resource.stops.filter(end__gte=now).select_related("commune").order_by("start")[:limit]


@dataclass(frozen=True)
class StopPoint:
    """A coming stop of a vehicle, as a temporary place on maps."""

    place_id: int  # the vehicle's place, where it is booked
    vehicle: str
    commune: str
    commune_nom: str
    latitude: float
    longitude: float
    start: dt.datetime
    end: dt.datetime


def coming_stop_points(
    *, now: dt.datetime, days: int = 14, departement: str | None = None, commune: str | None = None
) -> list[StopPoint]:
    """The vehicles' stops over the next `days`, with a point, soonest first."""
    stops = (
        TourStop.objects.filter(
            end__gte=now,
            start__lte=now + dt.timedelta(days=days),
            latitude__isnull=False,
            resource__is_active=True,
        )
        .select_related("resource", "commune")
        .order_by("start")
    )
    if departement:
        stops = stops.filter(commune__departement_id=departement)
    if commune:
        stops = stops.filter(commune_id=commune)
    return [
        StopPoint(
            place_id=stop.resource.place_id,
            vehicle=stop.resource.name,
            commune=stop.commune_id,
            commune_nom=stop.commune.nom,
            latitude=stop.latitude,
            longitude=stop.longitude,
            start=stop.start,
            end=stop.end,
        )
        for stop in stops
    ]
