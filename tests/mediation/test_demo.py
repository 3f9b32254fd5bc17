"""The demo's year of mediation: at the hub's places, realistic, idempotent."""

import pytest
from django.utils import timezone

from maillage.demo import services as demo
from maillage.demo.mediation import build_mediation
from maillage.mediation.models import ActivityTheme, Beneficiary, MediationActivity
from maillage.mediation.selectors import StatisticsScope, mediation_statistics

pytestmark = pytest.mark.django_db


def test_the_demo_year_is_built_once_and_shows_in_the_statistics():
    report = demo.DemoReport()
    for step in (demo._users, demo._organisations, demo._hub_places):
        step(report)
    today = timezone.localdate()
    line = build_mediation(today=today)
    count = MediationActivity.objects.filter(is_demo=True).count()
    assert 1500 <= count <= 3000, line
    assert Beneficiary.objects.filter(is_demo=True).count() > 300
    assert MediationActivity.objects.filter(kind="collective").count() > 100
    assert not MediationActivity.objects.filter(date__gt=today).exists()
    assert ActivityTheme.objects.count() >= count
    assert MediationActivity.objects.filter(place__operator__is_hub=True).count() > count * 0.8
    # Idempotent: a second run the same day adds nothing.
    assert "0 demo activities" in build_mediation(today=today)
    assert MediationActivity.objects.filter(is_demo=True).count() == count
    found = mediation_statistics(
        scope=StatisticsScope("hub"), date_from=today.replace(year=today.year - 1),
        date_to=today,
    )  # fmt: skip
    assert found.totals.activities == count
    assert len([c for c in found.communes if c.count]) > 10
    assert all(c.code.startswith("84") for c in found.communes)
    assert sum(1 for _m, f in found.by_month if f.activities) >= 12
