from decimal import Decimal

import pytest

from maillage.members.services import dues_call, dues_pay, shares_release, shares_subscribe
from tests.members.test_register import DAY, societaire

pytestmark = pytest.mark.django_db


def test_members_and_figures(client):
    member = societaire("Comtat Logiciels")
    shares_subscribe(membership=member, shares=3, date=DAY)
    shares_release(membership=member, shares=3, date=DAY)
    dues_pay(call=dues_call(membership=member, year=2026, amount=Decimal(50), called_on=DAY),
             amount=Decimal(50), paid_on=DAY, reference="R1")  # fmt: skip
    listed = client.get(
        "/api/v1/members", {"type": "societaire", "college": "beneficiaires"}
    ).json()
    assert [m["name"] for m in listed] == ["Comtat Logiciels"]
    figures = client.get("/api/v1/members/figures", {"year": 2026}).json()
    assert figures["societaires"] == 1 and figures["capital"] == 300.0
    assert figures["colleges"] == [{"name": "Bénéficiaires", "weight": 40.0, "count": 1}]
    assert figures["dues_collected"] == 50.0 and figures["funding_mix"] == {
        "own": 100.0,
        "public": 0.0,
        "private": 0.0,
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [({"type": "x"}, "type"), ({"status": "x"}, "status"), ({"college": "x"}, "college")],
)
def test_unknown_values_name_the_field(client, params, field):
    response = client.get("/api/v1/members", params)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == field
