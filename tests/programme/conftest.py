import datetime as dt

import pytest
from django.utils import timezone

from maillage.programme.models import Category, Event, Session
from tests.factories import PlaceFactory


@pytest.fixture
def session(db):
    place = PlaceFactory(nom="La Filature numérique")
    event = Event.objects.create(
        title="Atelier smartphone", category=Category.objects.get(slug="mediation"), place=place
    )
    start = timezone.now() + dt.timedelta(days=3)
    return Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=2
    )
