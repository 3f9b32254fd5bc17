import pytest
from django.utils import timezone

from maillage.accompaniment.services import accompaniment_create, step_add
from maillage.accounts.tokens import api_token_create
from tests.accompaniment.factories import company
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    _token, secret = api_token_create(user=UserFactory(roles=["coordinator"]), name="script")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def accompaniment():
    today = timezone.localdate()
    found = accompaniment_create(organisation=company("Imprimerie des Sorgues"), need="training",
                                 started_on=today, actor=None)  # fmt: skip
    step_add(accompaniment=found, kind="training", date=today, minutes=210, actor=None)
    return found


def test_the_list_for_staff(client, key, accompaniment):
    data = client.get("/api/v1/accompaniments", {"year": timezone.localdate().year},
                      headers=key).json()  # fmt: skip
    assert data["next_offset"] is None
    [item] = data["items"]
    assert (item["company"], item["need"], item["steps"], item["hours"]) == (
        "Imprimerie des Sorgues", "training", 1, 3.5,
    )  # fmt: skip
    unknown = client.get("/api/v1/accompaniments", {"need": "x"}, headers=key)
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "need"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"offset": 2**63}, "offset"),
        ({"offset": 10**7}, "offset"),
        ({"offset": -1}, "offset"),
        ({"status": "lost"}, "status"),
        ({"limit": 501}, "limit"),
    ],
)
def test_values_out_of_bounds_are_a_422_naming_the_field(client, key, query, field):
    """`offset=2**63` answered 500 (SQLite's integers are 64-bit); the enumerations are the
    schema's, not only the description's."""
    response = client.get("/api/v1/accompaniments", query, headers=key)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["field"] == field


def test_the_schema_lists_the_needs_and_statuses():
    from maillage.accompaniment.models import Accompaniment, Need
    from maillage.api.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1/")
    parameters = {
        p["name"]: p["schema"] for p in document["paths"]["/api/v1/accompaniments"]["get"]["parameters"]
    }  # fmt: skip

    def enum_of(schema):
        return next(part["enum"] for part in schema["anyOf"] if "enum" in part)

    assert enum_of(parameters["need"]) == list(Need.values)
    assert enum_of(parameters["status"]) == list(Accompaniment.Status.values)


def test_figures(client, key, accompaniment):
    data = client.get("/api/v1/accompaniments/figures", headers=key).json()
    assert (data["year"], data["companies"], data["hours"]) == (timezone.localdate().year, 1, 3.5)
    assert data["by_need"] == [{"need": "training", "label": "Formation", "companies": 1,
                                "hours": 3.5}]  # fmt: skip
    assert client.get("/api/v1/accompaniments/figures", {"year": 1990},
                      headers=key).status_code == 422  # fmt: skip


def test_only_staff(client, accompaniment):
    assert client.get("/api/v1/accompaniments").status_code == 401
    _token, secret = api_token_create(user=UserFactory(roles=["member"]), name="x")
    member = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/accompaniments", headers=member).status_code == 403
    assert client.get("/api/v1/accompaniments/figures", headers=member).status_code == 403
