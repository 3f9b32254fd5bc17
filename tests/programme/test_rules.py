"""Who runs a session's check-in (names, attendance): `programme.rules`."""

import pytest

from maillage.core.permissions import can
from maillage.members.models import Representative
from maillage.programme.models import Event, Registration
from maillage.programme.selectors import sessions_run_by
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def runs(user, session) -> bool:
    answer = can(user, "change", session)
    registration = Registration(session=session, name="A", email="a@x.org")
    assert can(user, "change", registration) is answer  # the same rule for its people
    assert sessions_run_by(user=user).filter(pk=session.pk).exists() is answer
    return answer


def test_the_coordination_runs_every_session(session):
    assert runs(UserFactory(roles=["coordinator"]), session)
    assert runs(UserFactory(roles=["admin"]), session)


def test_the_managers_of_the_sessions_place_run_it(session):
    manager, other = UserFactory(roles=["place_manager"]), UserFactory(roles=["place_manager"])
    session.event.place.managers.add(manager)
    PlaceFactory().managers.add(other)
    assert runs(manager, session) and not runs(other, session)
    elsewhere = PlaceFactory()
    session.place = elsewhere  # held elsewhere: that place's managers, not the event's
    session.save()
    assert not runs(manager, session)
    elsewhere.managers.add(other)
    assert runs(other, session)


def test_the_organisers_staff_run_its_sessions(session):
    organiser = OrganisationFactory()
    Event.objects.filter(pk=session.event_id).update(organiser=organiser)
    session.event.refresh_from_db()
    mediator, stranger = UserFactory(roles=["mediator"]), UserFactory(roles=["mediator"])
    Representative.objects.create(person=mediator, organisation=organiser)
    assert runs(mediator, session) and not runs(stranger, session)
    manager = UserFactory(roles=["place_manager"])
    PlaceFactory(operator=organiser).managers.add(manager)
    assert runs(manager, session)
    member = UserFactory(roles=["member"])  # acts for the organiser, but is not staff
    Representative.objects.create(person=member, organisation=organiser)
    assert not can(member, "change", session)


def test_the_hubs_mediators_run_the_sessions_of_the_hubs_structure(session):
    hub = OrganisationFactory(is_hub=True)
    mediator, manager = UserFactory(roles=["mediator"]), UserFactory(roles=["place_manager"])
    assert not runs(mediator, session)
    Event.objects.filter(pk=session.event_id).update(organiser=hub)
    session.event.refresh_from_db()
    assert runs(mediator, session) and not runs(manager, session)


def test_nobody_else(session):
    assert not runs(UserFactory(roles=["member"]), session)
    assert not runs(UserFactory(), session)
