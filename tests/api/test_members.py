from decimal import Decimal

import pytest

from maillage.accounts.tokens import api_token_create
from maillage.members.services import dues_call, dues_pay, shares_release, shares_subscribe
from tests.factories import UserFactory
from tests.members.factories import DAY, college, member

pytestmark = pytest.mark.django_db


def test_members_and_figures(client):
    listed = member("Comtat Logiciels", listed=True)
    shares_subscribe(membership=listed, shares=3, date=DAY)
    shares_release(membership=listed, shares=3, date=DAY)
    dues_pay(call=dues_call(membership=listed, year=2026, amount=Decimal(50), called_on=DAY),
             amount=Decimal(50), paid_on=DAY, reference="R1")  # fmt: skip
    dues_call(membership=member("Data Sorgues"), year=2026, amount=Decimal(30), called_on=DAY)
    found = client.get("/api/v1/members", {"type": "societaire", "college": "beneficiaires"})
    assert [m["name"] for m in found.json()] == ["Comtat Logiciels"]
    assert found.json()[0]["college"] == "beneficiaires" and found.json()[0]["listed_publicly"]
    figures = client.get("/api/v1/members/figures", {"year": 2026}).json()
    assert figures["societaires"] == 2 and figures["capital"] == 300.0
    assert figures["capital_subscribed"] == 300.0 and figures["share_value"] == 100.0
    assert figures["colleges"] == [
        {"code": "beneficiaires", "name": "Beneficiaires", "weight": 40.0, "count": 2}
    ]
    assert figures["by_type"] == {"societaire": 2, "association": 0, "federated": 0,
                                  "partner": 0}  # fmt: skip
    assert figures["by_status"]["active"] == 2 and figures["new_members"] == 2
    assert (figures["dues_called"], figures["dues_collected"], figures["dues_outstanding"]) == (
        80.0, 50.0, 30.0,
    )  # fmt: skip
    assert figures["funding_mix"] == {"own": 100.0, "public": 0.0, "private": 0.0}


def test_the_public_sees_the_public_directory_and_the_coordination_everything(client):
    member("Listée", listed=True)
    member("Discrète")
    member("Partie", listed=True, status="applicant", college_code=None)
    assert [m["name"] for m in client.get("/api/v1/members").json()] == ["Listée"]
    client.force_login(UserFactory(roles=["member"]))
    assert [m["name"] for m in client.get("/api/v1/members").json()] == ["Listée"]
    client.logout()
    _token, key = api_token_create(user=UserFactory(roles=["coordinator"]), name="script")
    everything = client.get("/api/v1/members", headers={"Authorization": f"Bearer {key}"})
    assert [m["name"] for m in everything.json()] == ["Discrète", "Listée", "Partie"]
    applicants = client.get(
        "/api/v1/members", {"status": "applicant"}, headers={"Authorization": f"Bearer {key}"}
    )
    assert [m["name"] for m in applicants.json()] == ["Partie"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"type": "x"}, "type"), ({"status": "x"}, "status"), ({"college": "x"}, "college")],
)
def test_unknown_values_name_the_field(client, params, field):
    college("salaries")
    response = client.get("/api/v1/members", params)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == field
    if field == "college":
        assert "salaries" in response.json()["detail"][0]["msg"]


def test_the_openapi_description_says_who_sees_what(client):
    schema = client.get("/api/v1/openapi.json").json()
    description = schema["paths"]["/api/v1/members"]["get"]["description"]
    assert "listed_publicly" in description and "Coordinators" in description
