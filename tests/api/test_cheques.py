"""The pass numérique API: a cheque by its number, redeeming it; with a personal key."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from maillage.accounts.tokens import api_token_create
from maillage.cheques.models import Cheque
from maillage.cheques.services import books_create, cheque_cancel
from maillage.core.models import Activity
from maillage.members.models import Representative
from tests.cheques import conftest as cheques_fixtures
from tests.cheques.factories import live_cheques
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The places, the prescriber and the place manager of tests/cheques/conftest.py.
place, other_place = cheques_fixtures.place, cheques_fixtures.other_place
prescriber, manager = cheques_fixtures.prescriber, cheques_fixtures.manager


@pytest.fixture
def cheques(place, other_place, prescriber):
    return live_cheques(places=[place, other_place], prescriber=prescriber)


def bearer(user) -> dict:
    _token, key = api_token_create(user=user, name="téléphone")
    return {"Authorization": f"Bearer {key}"}


def redeem(client, cheque, headers, **body):
    return client.post(
        f"/api/v1/pass-cheques/{cheque.number}/redeem", body, content_type="application/json",
        headers=headers,
    )  # fmt: skip


def test_a_cheque_by_its_number(client, cheques, manager, place, other_place):
    cheque = cheques[0]
    response = client.get(f"/api/v1/pass-cheques/{cheque.printed_number}", headers=bearer(manager))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == cheque.number and body["printed"] == cheque.printed_number
    assert (body["state"], body["redeemable"], body["prescriber"]) == (
        "issued",
        True,
        "CCAS de Monteux",
    )
    assert body["campaign"]["face_value"] == "10.00"
    assert body["campaign"]["funder"] == "Département de Vaucluse"
    assert [p["nom"] for p in body["eligible_places"]] == [place.nom, other_place.nom]
    assert body["your_places"] == [{"id": place.pk, "nom": place.nom}]
    assert body["redeemed"] is None


def test_anonymous_unknown_and_malformed(client, cheques, manager):
    assert client.get(f"/api/v1/pass-cheques/{cheques[0].number}").status_code == 401
    unknown = client.get("/api/v1/pass-cheques/0000000000", headers=bearer(manager))
    assert unknown.status_code == 404
    malformed = client.get("/api/v1/pass-cheques/1234567890", headers=bearer(manager))
    assert malformed.status_code == 422
    assert (malformed.json()["field"], malformed.json()["rule"]) == ("id", "check_digit")


def test_a_prescriber_sees_only_the_cheques_of_their_books(client, cheques):
    person, stranger = UserFactory(roles=["member"]), UserFactory(roles=["member"])
    Representative.objects.create(person=person, organisation=cheques[0].book.prescriber)
    url = f"/api/v1/pass-cheques/{cheques[0].number}"
    assert client.get(url, headers=bearer(person)).status_code == 200
    assert client.get(url, headers=bearer(stranger)).status_code == 404


def test_staff_see_only_the_cheques_they_may_redeem(client, cheques, manager, other_place):
    """Security review, finding 7: any staff member looked any cheque up by its sequential
    number. A cheque of a campaign that no place of the caller accepts is a 404, as a number
    of no cheque: the answer confirms nothing."""
    elsewhere = live_cheques(places=[other_place], prescriber=cheques[0].book.prescriber)[0]
    headers = bearer(manager)
    assert (
        client.get(f"/api/v1/pass-cheques/{cheques[0].number}", headers=headers).status_code == 200
    )
    hidden = client.get(f"/api/v1/pass-cheques/{elsewhere.number}", headers=headers)
    assert hidden.status_code == 404
    unknown = client.get("/api/v1/pass-cheques/0000000000", headers=headers)
    assert (unknown.status_code, set(unknown.json())) == (404, set(hidden.json()))
    refused = redeem(client, elsewhere, headers, place=other_place.pk)
    assert refused.status_code == 404
    assert Cheque.objects.get(pk=elsewhere.pk).state == "issued"
    for role in ("mediator", "place_manager"):  # the hub's places do not take this campaign
        stranger = bearer(UserFactory(roles=[role]))
        url = f"/api/v1/pass-cheques/{cheques[0].number}"
        assert client.get(url, headers=stranger).status_code == 404


def test_a_session_redeems_only_with_the_csrf_token(cheques, manager, place):
    """A foreign page can make the browser send the session, never the CSRF token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)
    url = f"/api/v1/pass-cheques/{cheques[0].number}/redeem"
    forged = browser.post(
        url, f'{{"place": {place.pk}}}', content_type="text/plain",
        headers={"Origin": "https://evil.example"},
    )  # fmt: skip
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    without = browser.post(url, {"place": place.pk}, content_type="application/json")
    assert without.status_code == 403
    assert Cheque.objects.get(pk=cheques[0].pk).state == "issued"
    browser.get(f"/pass-numerique/cheque/{cheques[0].number}/")  # its redeem form sets it
    token = browser.cookies["csrftoken"].value
    done = browser.post(
        url, {"place": place.pk}, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert done.status_code == 200, done.content
    assert Cheque.objects.get(pk=cheques[0].pk).redeemed_by == manager


def test_redeem_then_redeem_again(client, cheques, manager, place):
    headers = bearer(manager)
    done = redeem(client, cheques[0], headers, place=place.pk, note="Smartphone")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == "redeemed" and body["redeemable"] is False
    assert body["redeemed"] == {"on": timezone.localdate().isoformat(),
                                "place": {"id": place.pk, "nom": place.nom}}  # fmt: skip
    cheque = Cheque.objects.get(pk=cheques[0].pk)
    assert (cheque.redeemed_by, cheque.redeem_note) == (manager, "Smartphone")
    writes = Activity.objects.count()
    again = redeem(client, cheques[0], headers, place=place.pk)
    assert again.status_code == 409
    assert (again.json()["rule"], again.json()["field"]) == ("already_redeemed", "id")
    assert again.json()["detail"].startswith("Ce chèque a déjà été encaissé le ")
    assert Activity.objects.count() == writes


def test_redeem_refusals_name_their_rule_and_field(client, cheques, manager, place, other_place):
    headers = bearer(manager)
    today = timezone.localdate()
    cases = [
        ({"place": other_place.pk}, 403, "not_your_place", "place"),
        ({"place": 999_999}, 422, "unknown_place", "place"),
        ({"place": place.pk, "date": str(today + dt.timedelta(days=1))}, 422, "date_in_future",
         "date"),
        ({"place": place.pk, "date": str(today - dt.timedelta(days=30))}, 422, "date_before",
         "date"),
    ]  # fmt: skip
    for body, status, rule, field in cases:
        response = redeem(client, cheques[0], headers, **body)
        assert response.status_code == status, (body, response.content)
        assert (response.json()["rule"], response.json()["field"]) == (rule, field)
    bad = redeem(client, cheques[0], headers, place="here")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "place"
    missing = redeem(client, cheques[0], headers)
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "place"
    assert Cheque.objects.get(pk=cheques[0].pk).state == "issued"


def test_redeeming_before_issue_cancelled_or_expired_is_a_conflict(client, cheques, manager, place):
    headers = bearer(manager)
    stock = books_create(campaign=cheques[0].book.campaign, count=1, size=1)[0].cheques.get()
    assert redeem(client, stock, headers, place=place.pk).json()["rule"] == "not_issued"
    cheque_cancel(cheque=cheques[1], reason="Perdu")
    cancelled = redeem(client, cheques[1], headers, place=place.pk)
    assert (cancelled.status_code, cancelled.json()["rule"]) == (409, "cancelled")
    campaign = cheques[2].book.campaign
    campaign.valid_until = timezone.localdate() - dt.timedelta(days=1)
    campaign.save()
    expired = redeem(client, cheques[2], headers, place=place.pk)
    assert (expired.status_code, expired.json()["rule"]) == (409, "expired")


def test_a_member_may_not_redeem(client, cheques, place):
    person = UserFactory(roles=["member"])
    Representative.objects.create(person=person, organisation=cheques[0].book.prescriber)
    response = redeem(client, cheques[0], bearer(person), place=place.pk)
    assert response.status_code == 403


def test_the_openapi_schema_lists_both_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/pass-cheques/{id}"]) == {"get"}
    assert set(paths["/api/v1/pass-cheques/{id}/redeem"]) == {"post"}
    number = paths["/api/v1/pass-cheques/{id}"]["get"]["parameters"][0]["schema"]
    assert number["maxLength"] == 40 and number["pattern"]
