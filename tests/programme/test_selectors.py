import datetime as dt

import pytest
from django.utils import timezone

from maillage.programme.models import Category, Event, Session
from maillage.programme.selectors import ProgrammeFilters, programme_figures, sessions_to_come
from maillage.programme.services import attendance_mark, registration_cancel, registration_create
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_figures_come_from_the_data(session):
    partner = OrganisationFactory(name="Lien numérique")
    session.event.partners.add(partner)
    people = [
        registration_create(session=session, name=f"P{n}", email=f"p{n}@example.org")
        for n in range(3)
    ]
    registration_cancel(registration=people[0])  # the third is promoted
    attendance_mark(registration=people[1], present=True)
    attendance_mark(registration=people[2], present=False)
    figures = programme_figures()
    assert figures.actions_by_year_and_category == {
        (session.start.year, "Atelier de médiation numérique"): 1
    }
    assert (figures.registrations, figures.attended, figures.absent) == (3, 1, 1)
    assert figures.attendance_rate == 0.5
    assert (figures.promoted_from_waiting, figures.partners) == (1, 1)


def test_coming_sessions_by_category_and_dates(session):
    other = Event.objects.create(
        title="Repair café", category=Category.objects.get(slug="repair-cafe")
    )
    later = timezone.now() + dt.timedelta(days=40)
    Session.objects.create(event=other, start=later, end=later + dt.timedelta(hours=2), capacity=10)
    now = timezone.now()
    assert [s.event.title for s in sessions_to_come(filters=ProgrammeFilters(), now=now)] == [
        "Atelier smartphone", "Repair café",
    ]  # fmt: skip
    only = sessions_to_come(filters=ProgrammeFilters(category="repair-cafe"), now=now)
    assert [s.event.title for s in only] == ["Repair café"]
    soon = sessions_to_come(
        filters=ProgrammeFilters(date_to=(now + dt.timedelta(days=10)).date()), now=now
    )
    assert [s.event.title for s in soon] == ["Atelier smartphone"]
    assert sessions_to_come(filters=ProgrammeFilters(), now=now).first().seated == 0
