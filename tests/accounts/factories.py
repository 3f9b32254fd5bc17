"""People with data in every section, through the services that write it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from maillage.accounts.models import ApiToken, User
from maillage.accounts.tokens import api_token_create
from maillage.booking.availability import PARIS
from maillage.booking.models import Booking, Resource
from maillage.booking.services import booking_create, booking_transition, training_record
from maillage.members.models import Membership, Representative
from maillage.members.services import membership_save, volunteer_hours_log
from maillage.programme.models import Category, Event, Registration, Session
from maillage.programme.services import attendance_mark, registration_create
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


def days_ago(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def a_resource(**fields) -> Resource:
    place = PlaceFactory(horaires="Mo-Su 08:00-20:00")
    return Resource.objects.create(
        place=place, name=fields.pop("name", "Salle de réunion"),
        kind=fields.pop("kind", Resource.Kind.ROOM), capacity=4, **fields,
    )  # fmt: skip


def a_booking(resource: Resource, start: dt.datetime, state: str = "", **who) -> Booking:
    """A booking made two days before `start` (which may be past), then moved to `state`."""
    booking = booking_create(
        resource=resource, start=start, end=start + dt.timedelta(hours=1),
        now=start - dt.timedelta(days=2), **who,
    )  # fmt: skip
    if state:
        booking = booking_transition(booking=booking, to_state=state)
    return booking


def a_session(start: dt.datetime, *, title: str = "Atelier smartphone") -> Session:
    event = Event.objects.create(
        title=title, category=Category.objects.get(slug="mediation"), place=PlaceFactory()
    )
    return Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=10
    )


def a_registration(session: Session, present: bool | None = None, **who) -> Registration:
    """A registration made three days before the session, then checked in or out."""
    registration = registration_create(
        session=session, now=session.start - dt.timedelta(days=3), **who
    )
    if present is not None:
        registration = attendance_mark(registration=registration, present=present)
    return registration


@dataclass
class Person:
    user: User
    token: ApiToken
    key: str
    resource: Resource
    session: Session


def a_person_with_data(
    email: str = "jeanne.martin@example.org",
    full_name: str = "Jeanne Martin",
    roles: tuple[str, ...] = ("member",),
) -> Person:
    """An account with something in every section: bookings (one made as a guest before the
    account existed, one for a friend), a training, registrations (one for a friend), a
    membership, a representation, volunteer hours and an API key."""
    user = UserFactory(email=email, full_name=full_name, roles=list(roles))
    resource = a_resource(training_required=False)
    a_booking(resource, days_ago(10), "done", user=user, reason="Réunion de l'association")
    a_booking(resource, days_ago(9), "no_show", user=user)
    a_booking(
        resource, days_ago(8), "done", guest_name="Jeanne M.", guest_email=email.upper(),
        guest_phone="04 90 00 00 01", reason="Aide pour un dossier",
    )  # fmt: skip
    a_booking(resource, days_ago(7), user=user, guest_name="Ami", guest_email="ami@example.org")
    training_record(user=user, resource=resource, trained_on=dt.date(2025, 3, 1))
    session = a_session(days_ago(20))
    a_registration(session, True, name=full_name, user=user, phone="04 90 00 00 01")
    a_registration(
        session, False, name="Camille Amie", email="amie@example.org", user=user,
        organisation_name="Club photo",
    )  # fmt: skip
    a_registration(a_session(days_ago(30)), True, name="J. Martin", email=email)
    membership_save(
        membership=Membership(
            person=user, type="association", status="active", started_on=dt.date(2025, 1, 1),
            listed_publicly=True,
        )
    )  # fmt: skip
    Representative.objects.create(
        person=user, organisation=OrganisationFactory(name="Club numérique"), title="Trésorière"
    )
    volunteer_hours_log(
        person=user, activity="Repair café", date=days_ago(15).date(), hours=Decimal(3)
    )
    token, key = api_token_create(user=user, name="Mon téléphone")
    return Person(user=user, token=token, key=key, resource=resource, session=session)


def somebody_else(resource: Resource, session: Session) -> User:
    """Another person, with data in the same places."""
    paul = UserFactory(email="paul.durand@example.org", full_name="Paul Durand")
    a_booking(resource, days_ago(10, 14), "done", user=paul, guest_phone="06 11 22 33 44")
    a_registration(session, True, name="Paul Durand", user=paul)
    membership_save(
        membership=Membership(
            person=paul, type="association", status="active", started_on=dt.date(2025, 2, 1)
        )
    )
    volunteer_hours_log(person=paul, activity="Accueil", date=days_ago(5).date(), hours=Decimal(2))
    return paul
