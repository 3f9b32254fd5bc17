"""The demo's shared resources and their bookings: desks in the coworkings, machines in
the fablabs (the laser cutter needs a training), rooms, visio kits, mediation appointments
and the camion numérique's tour. Past weeks hold honoured bookings and a few no-shows, so
that the usage page has something to show; the coming weeks hold some bookings too.

Pure data and one function per kind of record, called by `demo.services`.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from maillage.accounts.models import User
from maillage.booking.availability import PARIS
from maillage.booking.models import Booking, Resource, TourStop
from maillage.booking.selectors import resource_slots
from maillage.booking.services import (
    BookingRefused,
    booking_create,
    booking_transition,
    resource_save,
    tour_stop_save,
)
from maillage.demo import hub
from maillage.directory.models import Place

# (place key, name, kind, capacity, extra fields)
RESOURCES = [
    *[
        (place.key, "Postes de coworking", Resource.Kind.DESK, 6, {"max_minutes": 600})
        for place in hub.HUB_PLACES
        if "coworking" in place.kinds and place.key.startswith("coworking")
    ],
    ("fablab-monteux", "Découpeuse laser", Resource.Kind.MACHINE, 1,
     {"training_required": True, "max_minutes": 180, "price_member": 10, "price_public": 20}),
    ("fablab-monteux", "Imprimantes 3D", Resource.Kind.MACHINE, 3, {"max_minutes": 480}),
    ("fablab-carpentras", "Imprimante 3D", Resource.Kind.MACHINE, 1, {"max_minutes": 480}),
    ("tiers-lieu-monteux", "Salle de réunion", Resource.Kind.ROOM, 1, {"max_minutes": 480}),
    ("tiers-lieu-sarrians", "Point visio", Resource.Kind.VISIO, 1,
     {"is_visio": True, "max_minutes": 120}),
    ("tiers-lieu-pernes", "Point visio", Resource.Kind.VISIO, 1,
     {"is_visio": True, "max_minutes": 120}),
    ("mediation-monteux", "Rendez-vous avec un médiateur", Resource.Kind.APPOINTMENT, 1,
     {"min_minutes": 30, "max_minutes": 30, "step_minutes": 30}),
    ("mediation-bedarrides", "Rendez-vous en visio avec un médiateur", Resource.Kind.APPOINTMENT, 1,
     {"min_minutes": 30, "max_minutes": 30, "step_minutes": 30, "is_visio": True}),
    *[
        (f"formation-{code}", "Plateau de formation (12 places)", Resource.Kind.ROOM, 1,
         {"min_minutes": 60, "max_minutes": 480, "step_minutes": 60})
        for code in ("84080", "84031", "84007")
    ],
    ("camion-numerique", "Le Camion numérique", Resource.Kind.VEHICLE, 1,
     {"min_minutes": 60, "max_minutes": 180, "step_minutes": 60, "lead_minutes": 0}),
]  # fmt: skip

TOUR_WEEKS = 6
PAST_WEEKS = 4
GUESTS = ["Amandine", "Bruno", "Chantal", "Driss", "Élodie", "Farid", "Gisèle", "Hugo"]


def build_resources() -> list[Resource]:
    places = {place.source_id: place for place in Place.objects.filter(source="maillage-demo")}
    mediator = User.objects.filter(email="mediation@demo.maillage.fr").first()
    resources = []
    for key, name, kind, capacity, extra in RESOURCES:
        place = places[key]
        resource = Resource.objects.filter(place=place, name=name).first()
        if resource is None:
            resource = Resource(place=place, name=name, kind=kind, capacity=capacity, is_demo=True)
            for field, value in extra.items():
                setattr(resource, field, value)
            if kind == Resource.Kind.APPOINTMENT:
                resource.host = mediator
            resource_save(resource=resource)
        resources.append(resource)
    return resources


def build_tour(truck: Resource, today: dt.date) -> int:
    """The camion's stops over the weeks around today, from each village's weekly hours."""
    created = 0
    monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=PAST_WEEKS)
    days = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4}
    for code, _name, hours in hub.CAMION_STOPS:
        day, times = hours.split(" ")
        begin, end = (dt.time.fromisoformat(t) for t in times.split("-"))
        for week in range(PAST_WEEKS + TOUR_WEEKS):
            date = monday + dt.timedelta(weeks=week, days=days[day])
            start = dt.datetime.combine(date, begin, tzinfo=PARIS)
            if TourStop.objects.filter(resource=truck, commune_id=code, start=start).exists():
                continue
            tour_stop_save(
                stop=TourStop(
                    resource=truck, commune_id=code, address="Place de la mairie", start=start,
                    end=dt.datetime.combine(date, end, tzinfo=PARIS),
                )
            )  # fmt: skip
            created += 1
    return created


def build_bookings(resources: list[Resource], today: dt.date) -> int:
    """Bookings over the past weeks (honoured, some no-shows) and the coming ones, made as
    if on the day before each: the rules apply as they would have then."""
    rng = random.Random(20261123)
    made = 0
    start_day = today - dt.timedelta(weeks=PAST_WEEKS)
    now = timezone.now()
    for resource in resources:
        if Booking.objects.filter(resource=resource).exists():
            continue  # built on an earlier run
        if resource.training_required:
            continue  # nobody of the demo is trained on the laser yet
        share = rng.uniform(0.15, 0.6)  # how busy this resource is
        for offset in range(PAST_WEEKS * 7 + 14):
            day = start_day + dt.timedelta(days=offset)
            moment = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(8), tzinfo=PARIS)
            slots = resource_slots(
                resource=resource,
                start=dt.datetime.combine(day, dt.time(0), tzinfo=PARIS),
                end=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS),
                now=moment,
            )
            # A slot every two hours or so, tried twice where two people fit.
            stride = max(1, 120 // resource.step_minutes)
            for slot in slots[::stride] * min(resource.capacity, 2):
                if rng.random() > share:
                    continue
                length = min(resource.max_minutes, resource.min_minutes * rng.choice((1, 2, 4)))
                guest = rng.choice(GUESTS)
                try:
                    booking = booking_create(
                        resource=resource,
                        start=slot.interval.start,
                        end=slot.interval.start + dt.timedelta(minutes=length),
                        guest_name=f"{guest} (démo)",
                        guest_email=f"{guest.lower()}@demo.maillage.fr",
                        reason="Réservation de démonstration",
                        now=moment,
                        is_demo=True,
                    )
                except BookingRefused:
                    continue  # longer than the opening left: the next slot will do
                made += 1
                if booking.end < now:
                    outcome = Booking.State.NO_SHOW if rng.random() < 0.08 else Booking.State.DONE
                    booking_transition(booking=booking, to_state=outcome)
    return made
