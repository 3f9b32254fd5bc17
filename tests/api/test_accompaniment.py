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
    assert unknown.status_code == 422 and unknown.json()["field"] == "need"


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
