"""Never more people seated than the capacity, never a lost promotion: 50 simultaneous
registrations and cancellations on one session, each in its own thread and connection, on
whichever database the suite runs (SQLite or PostgreSQL)."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from maillage.programme.models import Category, Event, Registration, Session
from maillage.programme.services import (
    RegistrationRefused,
    registration_cancel,
    registration_create,
)
from tests.concurrency import race
from tests.factories import PlaceFactory

CAPACITY = 5
PRESEATED = 12  # 5 seated, 7 waiting before the storm
NEW_PEOPLE = 38  # with 12 cancellations: 50 operations at once


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations_and_cancellations(load_territory_subset):
    load_territory_subset()
    event = Event.objects.create(
        title="Repair café", category=Category.objects.get_or_create(slug="repair-cafe", defaults={"name": "Repair café"})[0],
        place=PlaceFactory(),
    )  # fmt: skip
    start = timezone.now() + dt.timedelta(days=2)
    session = Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=CAPACITY
    )
    early = [
        registration_create(session=session, name=f"Avant {n}", email=f"avant{n}@example.org")
        for n in range(PRESEATED)
    ]
    operations = [("register", n) for n in range(NEW_PEOPLE)] + [("cancel", r) for r in early]
    random.Random(7).shuffle(operations)

    def run(kind: str, subject) -> str:
        try:
            if kind == "register":
                registration_create(
                    session=session, name=f"Nouveau {subject}", email=f"n{subject}@example.org"
                )
            else:
                registration_cancel(registration=subject)
        except RegistrationRefused as refused:
            return f"refused {refused.rule}"
        return "ok"

    outcomes = race(run, operations)
    assert outcomes.count("ok") == len(operations), sorted(set(outcomes))
    seated = Registration.objects.filter(session=session, state__in=Registration.SEATED).count()
    waiting = Registration.objects.filter(session=session, state=Registration.State.WAITING).count()
    assert seated <= CAPACITY
    assert seated == CAPACITY or waiting == 0  # a free seat never leaves someone waiting
    assert seated + waiting == PRESEATED + NEW_PEOPLE - PRESEATED  # everyone is somewhere
