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
    ("params", "field", "allowed"),
    [({"type": "x"}, "type", "societaire"), ({"status": "x"}, "status", "applicant")],
)
def test_unknown_values_name_the_field(client, params, field, allowed):
    response = client.get("/api/v1/members", params)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == field
    assert allowed in response.json()["detail"][0]["msg"]


def test_a_college_of_none_is_a_404_listing_the_colleges(client):
    """The colleges are the hub's own data: a code of none is a 404, as an unknown territory
    code is on /places; one that cannot be a code is a 422."""
    college("salaries")
    response = client.get("/api/v1/members", {"college": "x"})
    assert response.status_code == 404 and "salaries" in response.json()["detail"]
    malformed = client.get("/api/v1/members", {"college": "<script>"})
    assert malformed.status_code == 422 and malformed.json()["detail"][0]["field"] == "college"


def test_the_filters_are_enumerations_in_the_schema(client):
    """Security review: enumerations were given only in descriptions."""
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/members"]["get"]
    schemas = {p["name"]: p["schema"]["anyOf"][0] for p in operation["parameters"]}
    assert schemas["type"]["enum"] == ["societaire", "association", "federated", "partner"]
    assert schemas["status"]["enum"] == ["applicant", "active", "lapsed", "left"]
    assert schemas["college"]["maxLength"] == 40 and schemas["college"]["pattern"]
    assert set(operation["responses"]) == {"200", "404", "422"}


def test_the_openapi_description_says_who_sees_what(client):
    schema = client.get("/api/v1/openapi.json").json()
    description = schema["paths"]["/api/v1/members"]["get"]["description"]
    assert "listed_publicly" in description and "Coordinators" in description
