import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.members.models import FundingLine
from maillage.members.selectors import dues_reminders, member_figures, shares_in_percent
from maillage.members.services import (
    DuesRefused,
    dues_call,
    dues_pay,
    funding_line_save,
    shares_release,
    shares_subscribe,
    volunteer_hours_log,
)
from tests.factories import UserFactory
from tests.members.test_register import DAY, societaire


@pytest.mark.django_db
def test_a_year_of_dues_volunteering_and_funding():
    paying, late = societaire("A"), societaire("B")
    shares_subscribe(membership=paying, shares=4, date=DAY)
    shares_release(membership=paying, shares=4, date=DAY)
    call = dues_call(membership=paying, year=2026, amount=Decimal(120), called_on=DAY)
    dues_call(membership=late, year=2026, amount=Decimal(80), called_on=DAY)
    with pytest.raises(DuesRefused) as refused:
        dues_call(membership=late, year=2026, amount=Decimal(80), called_on=DAY)
    assert refused.value.rule == "already_called"
    dues_pay(call=call, amount=Decimal(120), paid_on=DAY, reference="VIR-2026-001")
    with pytest.raises(DuesRefused) as refused:
        dues_pay(call=call, amount=Decimal(120), paid_on=DAY, reference="VIR-2026-002")
    assert refused.value.rule == "paid_twice"
    volunteer = UserFactory()
    volunteer_hours_log(
        person=volunteer, activity="Repair café", date=dt.date(2026, 3, 1), hours=Decimal(4)
    )
    with pytest.raises(DuesRefused):
        volunteer_hours_log(person=volunteer, activity="X", date=DAY, hours=Decimal(25))
    funding_line_save(line=FundingLine(year=2026, category="public_region", amount=Decimal(100)))
    funding_line_save(line=FundingLine(year=2026, category="private", amount=Decimal(20)))
    figures = member_figures(year=2026)
    assert (figures.societaires, figures.capital) == (2, Decimal("400.00"))
    assert (figures.dues_collected, figures.dues_outstanding) == (Decimal(120), Decimal(80))
    assert (figures.volunteer_hours, figures.volunteer_value) == (Decimal(4), Decimal(60))
    # own: 120 dues + 60 volunteering = 180; public 100; private 20 → 300
    assert figures.funding_mix == {"own": 60.0, "public": 33.3, "private": 6.7}
    assert [c.membership for c in dues_reminders(year=2026)] == [late]


@given(
    st.dictionaries(
        st.sampled_from(["own", "public", "private"]), st.decimals(0, 10**7, places=2), min_size=1
    )
)
def test_shares_always_sum_to_100(amounts):
    shares = shares_in_percent(amounts)
    if sum(amounts.values()):
        assert round(sum(shares.values()), 1) == 100.0
        assert all(value >= 0 for value in shares.values())
    else:
        assert shares == {}
