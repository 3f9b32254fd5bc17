"""Build the world the access table's rows point at."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maillage.booking.models import Booking, Resource
from maillage.members.models import Representative
from tests.access.table import ROLES, World
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


def build_world(area_builders) -> World:
    users = {role: UserFactory(roles=[role]) for role in ROLES if role != "anonymous"}
    organisation = OrganisationFactory(name="Mairie de Monteux")
    other_organisation = OrganisationFactory(name="Association voisine")
    place = PlaceFactory(
        nom="Médiathèque de Monteux", operator=organisation, horaires="Mo-Su 08:00-20:00"
    )
    place.managers.add(users["place_manager"])
    other_place = PlaceFactory(nom="Espace voisin", operator=other_organisation)
    Representative.objects.create(
        person=users["member"], organisation=organisation, title="Adjointe au numérique"
    )
    world = World(
        users=users,
        place=place,
        other_place=other_place,
        organisation=organisation,
        other_organisation=other_organisation,
    )
    resource = Resource.objects.create(place=place, name="Salle", kind=Resource.Kind.ROOM)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    world.extra.update(
        resource=resource,
        other_resource=Resource.objects.create(
            place=other_place, name="Bureau", kind=Resource.Kind.DESK
        ),
        booking=Booking.objects.create(
            resource=resource,
            guest_email="guest@example.org",
            start=start,
            end=start + dt.timedelta(hours=1),
        ),
    )
    for build in area_builders:
        build(world)
    return world
