"""The demo's cooperative (src/maillage/demo/members.py): seed 000's 55 sociétaires and a
capital that adds up, dues called by the rules, the demo member acting for two
organisations, about half of the members in the public directory, the funding mix of
seed 003."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from maillage.demo import services as demo
from maillage.demo.members import DUES_RULES, build_members
from maillage.members.models import DuesCall, DuesRule, Membership, Representative
from maillage.members.selectors import capital, member_figures
from maillage.members.services import dues_rule_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    report = demo.DemoReport()
    demo._users(report)
    demo._organisations(report)
    this_year = timezone.localdate().year
    build_members(year=this_year)
    return this_year


def test_the_demo_cooperative(year):
    figures = member_figures(year=year)
    assert figures.societaires == 55 and sum(c.count for c in figures.colleges) == 55
    assert capital().released == Decimal(13_800) == capital().subscribed
    assert figures.funding_mix == {"own": 50.0, "public": 45.0, "private": 5.0}
    assert figures.by_type == {"societaire": 55, "association": 0, "federated": 4, "partner": 1}
    assert figures.by_status["applicant"] == 2
    # Every call is its member's rule; the calls add up to the collected and outstanding dues.
    for call in DuesCall.objects.filter(year=year).select_related("membership__organisation"):
        assert call.amount == dues_rule_for(membership=call.membership).amount
    called = DuesCall.objects.filter(year=year).aggregate(s=Sum("amount"))["s"]
    assert figures.dues_collected + figures.dues_outstanding == called
    assert figures.dues_collected > 0 and figures.dues_outstanding > 0
    assert DuesRule.objects.count() == len(DUES_RULES)
    commune = Membership.objects.get(organisation__name="Commune de Monteux")
    assert commune.dues_calls.get().amount == 500  # the local authorities' rule
    active = Membership.objects.filter(status="active", type="societaire")
    assert 0.4 <= active.filter(listed_publicly=True).count() / active.count() <= 0.6
    assert figures.volunteer_hours > 0 and figures.volunteer_value > 0


def test_the_demo_member_acts_for_two_organisations_one_with_a_receipt(year):
    acting = Representative.objects.filter(person__email="membre@demo.maillage.fr")
    assert sorted(acting.values_list("organisation__name", flat=True)) == [
        "Le Lien numérique", "Pixel Ventoux",
    ]  # fmt: skip
    pixel = Membership.objects.get(organisation__name="Pixel Ventoux")
    assert pixel.dues_calls.get(year=year).payment.reference.startswith("DEMO-")
    lien = Membership.objects.get(organisation__name="Le Lien numérique")
    assert not hasattr(lien.dues_calls.get(year=year), "payment")


def test_building_twice_adds_nothing(year):
    counts = (Membership.objects.count(), DuesCall.objects.count(), Representative.objects.count())
    assert build_members(year=year) == "Cooperative: already built."
    assert counts == (
        Membership.objects.count(), DuesCall.objects.count(), Representative.objects.count(),
    )  # fmt: skip
