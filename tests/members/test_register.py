import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from maillage.members.models import College, Membership, ShareHolding, ShareTransaction
from maillage.members.selectors import (
    capital,
    member_statement,
    societaires_by_college,
    societaires_count,
)
from maillage.members.services import (
    MembershipRefused,
    ShareRefused,
    membership_save,
    shares_release,
    shares_repay,
    shares_subscribe,
    shares_transfer,
)
from tests.factories import OrganisationFactory

DAY = dt.date(2026, 1, 15)


def societaire(name: str) -> Membership:
    college, _ = College.objects.get_or_create(
        slug="beneficiaires", defaults={"name": "Bénéficiaires", "voting_weight": 40}
    )
    return membership_save(
        membership=Membership(
            organisation=OrganisationFactory(name=name), type="societaire", status="active",
            college=college, started_on=DAY,
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_subscribe_release_repay_and_the_statement():
    member = societaire("Comtat Logiciels")
    shares_subscribe(membership=member, shares=10, date=DAY)
    shares_release(membership=member, shares=6, date=DAY)
    with pytest.raises(ShareRefused) as refused:
        shares_release(membership=member, shares=5, date=DAY)
    assert refused.value.rule == "release_beyond_subscribed"
    with pytest.raises(ShareRefused) as refused:
        shares_repay(membership=member, shares=7, date=DAY)
    assert refused.value.rule == "repayment_beyond_released"
    shares_repay(membership=member, shares=2, date=DAY)
    holding = ShareHolding.objects.get(membership=member)
    assert (holding.subscribed, holding.released) == (8, 4)
    statement = member_statement(membership=member)
    assert [(line.subscribed_after, line.released_after) for line in statement] == [
        (10, 0),
        (10, 6),
        (8, 4),
    ]
    assert ShareTransaction.objects.count() == 3  # the refused ones wrote nothing
    assert capital().released == Decimal("400.00")


@pytest.mark.django_db
def test_a_transfer_moves_released_shares_or_nothing():
    seller, buyer = societaire("A"), societaire("B")
    shares_subscribe(membership=seller, shares=5, date=DAY)
    shares_release(membership=seller, shares=3, date=DAY)
    with pytest.raises(ShareRefused):
        shares_transfer(seller=seller, buyer=buyer, shares=4, date=DAY)
    shares_transfer(seller=seller, buyer=buyer, shares=3, date=DAY)
    selling = ShareHolding.objects.get(membership=seller)
    assert (selling.subscribed, selling.released) == (2, 0)
    assert ShareHolding.objects.get(membership=buyer).released == 3
    assert capital().released_shares == 3 and capital().subscribed_shares == 5


@pytest.mark.django_db
def test_the_database_keeps_holdings_consistent_and_colleges_required():
    member = societaire("C")
    holding = ShareHolding.objects.create(membership=member, subscribed=1)
    holding.released = 2
    with pytest.raises(IntegrityError), transaction.atomic():
        holding.save()
    with pytest.raises(MembershipRefused) as refused:
        membership_save(
            membership=Membership(
                organisation=OrganisationFactory(), type="societaire", status="active"
            )
        )
    assert refused.value.rule == "college_required"
    partner = membership_save(
        membership=Membership(organisation=OrganisationFactory(), type="partner", status="active")
    )
    with pytest.raises(ShareRefused) as refused:
        shares_subscribe(membership=partner, shares=1, date=DAY)
    assert refused.value.rule == "not_societaire"
    assert societaires_count() == 1
    assert [(figure.name, figure.count) for figure in societaires_by_college()] == [
        ("Bénéficiaires", 1)
    ]


operations = st.lists(
    st.tuples(
        st.sampled_from(["subscribe", "release", "repay", "transfer"]),
        st.integers(0, 1),
        st.integers(1, 6),
    ),
    max_size=25,
)


class RegisterProperties(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(operations)
    def test_any_sequence_keeps_holdings_non_negative_and_the_statement_adds_up(self, steps):
        members = [societaire(f"M{n}") for n in range(2)]
        for kind, who, shares in steps:
            member, other = members[who], members[1 - who]
            try:
                if kind == "subscribe":
                    shares_subscribe(membership=member, shares=shares, date=DAY)
                elif kind == "release":
                    shares_release(membership=member, shares=shares, date=DAY)
                elif kind == "repay":
                    shares_repay(membership=member, shares=shares, date=DAY)
                else:
                    shares_transfer(seller=member, buyer=other, shares=shares, date=DAY)
            except ShareRefused:
                pass
        for member in members:
            holding = ShareHolding.objects.filter(membership=member).first()
            statement = member_statement(membership=member)
            last = (
                (statement[-1].subscribed_after, statement[-1].released_after)
                if statement
                else (0, 0)
            )
            now = (holding.subscribed, holding.released) if holding else (0, 0)
            assert now == last
            assert 0 <= now[1] <= now[0]


@pytest.mark.django_db
def test_the_admin_pages_open_and_the_register_is_read_only(client):
    from tests.factories import UserFactory

    member = societaire("D")
    shares_subscribe(membership=member, shares=2, date=DAY)
    client.force_login(UserFactory(roles=["admin"]))
    for url in (
        "/admin/members/membership/",
        f"/admin/members/membership/{member.pk}/change/",
        "/admin/members/college/",
        "/admin/members/sharetransaction/",
        "/admin/members/shareholding/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/members/sharetransaction/add/").status_code == 403
