import time

import pytest
from django.db.models import Sum
from django.utils import timezone

from maillage.demo.members import SOCIETAIRES, build_members
from maillage.demo.services import demo_build
from maillage.members.models import Membership, ShareHolding, ShareTransaction
from maillage.members.selectors import capital, member_figures

pytestmark = pytest.mark.django_db


def test_the_demo_cooperative_has_55_societaires_a_capital_that_adds_up_and_a_funding_mix():
    started = time.perf_counter()
    demo_build(with_bookings=False)
    assert time.perf_counter() - started < 60
    year = timezone.localdate().year
    figures = member_figures(year=year)
    assert figures.societaires == SOCIETAIRES == 55
    assert sum(college.count for college in figures.colleges) == 55
    assert Membership.objects.filter(
        organisation__name="Commune de Monteux", college__slug="collectivites"
    ).exists()
    # The capital is the register's lines added up, line by line.
    ledger = sum(
        (1 if t.kind in ("subscription",) else 0) * t.shares for t in ShareTransaction.objects.all()
    )
    assert ledger == ShareHolding.objects.aggregate(s=Sum("subscribed"))["s"]
    assert (
        capital().released
        == capital().share_value * ShareHolding.objects.aggregate(s=Sum("released"))["s"]
    )
    assert figures.dues_collected > 0 and figures.dues_outstanding > 0
    assert figures.volunteer_hours > 0
    assert round(sum(figures.funding_mix.values()), 1) == 100.0
    assert 40 <= figures.funding_mix["own"] <= 60
    assert build_members(year=year) == "Cooperative: already built."
