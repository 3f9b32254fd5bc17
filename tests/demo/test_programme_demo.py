import time

import pytest
from django.utils import timezone

from maillage.demo.programme import build_programme
from maillage.demo.services import demo_build
from maillage.programme.models import Event, Registration, Session

pytestmark = pytest.mark.django_db


def test_the_demo_programme_is_full_idempotent_and_fast():
    demo_build(with_bookings=False)
    events = Event.objects.filter(is_demo=True)
    assert events.count() >= 10
    hub = events.first().organiser
    assert hub is not None and hub.is_hub
    assert set(events.values_list("category__slug", flat=True)) >= {
        "medialab", "futurlab", "gamelab", "repair-cafe", "atelier-pro", "insertion",
        "conference", "dejeuner",
    }  # fmt: skip
    assert Event.partners.through.objects.filter(event__is_demo=True).exists()
    now = timezone.now()
    assert Registration.objects.filter(session__end__lt=now, state="attended").exists()
    assert Registration.objects.filter(session__end__lt=now, state="absent").exists()
    assert Registration.objects.filter(session__start__gt=now, state="waiting").exists()
    assert not Registration.objects.filter(is_demo=False).exists()
    counts = (Event.objects.count(), Session.objects.count(), Registration.objects.count())
    started = time.perf_counter()
    assert build_programme(timezone.localdate()) == (0, 0, 0)
    assert time.perf_counter() - started < 3
    assert (Event.objects.count(), Session.objects.count(), Registration.objects.count()) == counts
