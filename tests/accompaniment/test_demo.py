import datetime as dt

import pytest

from maillage.accompaniment.models import Accompaniment, Step
from maillage.accompaniment.selectors import companies_accompanied
from maillage.demo.accompaniment import build_accompaniment
from maillage.directory.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [dt.date(2026, 11, 23), dt.date(2027, 1, 2)])
def test_the_demo_accompanies_over_200_companies_a_year_once(today):
    said = build_accompaniment(today=today)
    assert "accompaniments" in said
    assert companies_accompanied(year=today.year) >= 200
    assert companies_accompanied(year=today.year - 1) > 0
    demo = Organisation.objects.filter(is_demo=True, accompaniments__isnull=False).distinct()
    assert demo.count() >= 200 and not Step.objects.filter(date__gt=today).exists()
    assert Accompaniment.objects.exclude(status="open").exists()
    counts = (Organisation.objects.count(), Accompaniment.objects.count(), Step.objects.count())
    again = build_accompaniment(today=today)
    assert again.startswith("Company accompaniment: 0 demo companies, 0 accompaniments and 0")
    assert (Organisation.objects.count(), Accompaniment.objects.count(),
            Step.objects.count()) == counts  # fmt: skip
