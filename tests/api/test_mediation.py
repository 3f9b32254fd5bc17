"""The mediation API with a mediator's personal key: recording, listing one's own, the
statistics of one's scope; bad input answered with the rule and the field, nothing written."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from maillage.accounts.tokens import api_token_create
from maillage.mediation.models import Beneficiary, MediationActivity
from tests.factories import UserFactory
from tests.mediation.factories import (
    a_place,
    another_place,
    days_ago,
    mediator,
    person,
    record,
)

pytestmark = pytest.mark.django_db


def key_of(user) -> str:
    _token, key = api_token_create(user=user, name="téléphone")
    return key


def post(client, key, body):
    return client.post(
        "/api/v1/activities", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )  # fmt: skip


def get(client, key, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")


def body(**extra):
    return {
        "kind": "individual", "date": timezone.localdate().isoformat(),
        "duration_minutes": 30, "place_kind": "remote", "themes": ["email"], **extra,
    }  # fmt: skip


def test_a_mediator_records_with_a_key_and_a_new_person(client):
    sam = mediator()
    place = a_place()
    response = post(client, key_of(sam), body(
        place_kind="place", place=place.pk, themes=["email", "securite-numerique"],
        equipment=["phone"], autonomy="partial",
        new_beneficiary={"age_band": "70+", "gender": "female", "commune": "84031"},
    ))  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["themes"] == ["email", "securite-numerique"]
    assert data["equipment"] == ["phone"]
    activity = MediationActivity.objects.get(pk=data["id"])
    assert activity.mediator == sam
    assert activity.beneficiary.commune_id == "84031"
    assert activity.beneficiary.created_by == sam


def test_a_collective_workshop_by_the_api(client):
    sam = mediator()
    response = post(client, key_of(sam), body(
        kind="collective", title="Smartphone pas à pas", participant_count=9, level="beginner",
        duration_minutes=120,
    ))  # fmt: skip
    assert response.status_code == 201
    assert response.json()["participant_count"] == 9


@pytest.mark.parametrize(
    ("changes", "status", "field", "rule"),
    [
        ({"date": (timezone.localdate() + dt.timedelta(days=2)).isoformat()}, 422, "date",
         "future"),
        ({"themes": ["horoscope"]}, 422, "themes", "theme_unknown"),
        ({"kind": "collective", "participant_count": 5}, 422, "title", "title_required"),
        ({"commune": "99999", "place_kind": "other"}, 422, "commune", "commune_unknown"),
        ({"participant_count": 3}, 422, "participant_count", "participants_individual"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_writes_nothing(client, changes, status, field, rule):
    sam = mediator()
    before = (MediationActivity.objects.count(), Beneficiary.objects.count())
    response = post(client, key_of(sam), body(**changes))
    assert response.status_code == status, response.content
    assert (response.json()["field"], response.json()["rule"]) == (field, rule)
    assert response.json()["detail"]
    assert (MediationActivity.objects.count(), Beneficiary.objects.count()) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "hier"}, "date"),
        ({"date": "9999-12-31"}, "date"),
        ({"date": 0}, "date"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 721}, "duration_minutes"),
        ({"participant_count": 501}, "participant_count"),
        ({"kind": "séance"}, "kind"),
        ({"place_kind": "moon"}, "place_kind"),
        ({"autonomy": "total"}, "autonomy"),
        ({"level": "expert"}, "level"),
        ({"equipment": ["fax"]}, "equipment.0"),
        ({"themes": []}, "themes"),
        ({"themes": ["email"] * 51}, "themes"),
        ({"beneficiary": 2**63}, "beneficiary"),
        ({"place": 0}, "place"),
        ({"referral_organisation": 2**64}, "referral_organisation"),
        ({"new_beneficiary": {"gender": "robot"}}, "new_beneficiary.gender"),
        ({"new_beneficiary": {"age_band": "101+"}}, "new_beneficiary.age_band"),
        ({"new_beneficiary": {"social_status": "king"}}, "new_beneficiary.social_status"),
    ],
)
def test_values_out_of_the_schema_are_a_422_naming_the_field(client, changes, field):
    """The schema holds the services' bounds and the models' choices: a value outside them
    is refused before anything is read or written, naming the field."""
    before = (MediationActivity.objects.count(), Beneficiary.objects.count())
    response = post(client, key_of(mediator()), body(**changes))
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["field"] == field
    assert (MediationActivity.objects.count(), Beneficiary.objects.count()) == before


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/activities?mediator={2**63}",
        "/api/v1/activities?mediator=0",
        f"/api/v1/activities/statistics?place={2**63}",
        "/api/v1/activities/statistics?from=0001-01-01",
        "/api/v1/activities?from=9999-12-31",
        "/api/v1/activities?to=0",
        "/api/v1/activities/statistics?to=0",
        f"/api/v1/activities/{2**63}",
    ],
)
def test_ids_and_dates_out_of_bounds_are_a_422_not_a_500(client, url):
    coordinator = UserFactory(roles=["coordinator"])
    response = get(client, key_of(coordinator), url)
    assert response.status_code == 422, response.content


def test_a_mediator_records_only_at_the_places_the_form_offers(client):
    """Finding 7 of issue 14: the API took any place; it asks the entry form's rule."""
    sam = mediator()
    elsewhere = another_place()
    before = MediationActivity.objects.count()
    response = post(client, key_of(sam), body(place_kind="place", place=elsewhere.pk))
    assert response.status_code == 422, response.content
    assert (response.json()["field"], response.json()["rule"]) == ("place", "place_not_yours")
    assert MediationActivity.objects.count() == before
    elsewhere.managers.add(sam)
    assert post(client, key_of(sam), body(place_kind="place", place=elsewhere.pk)).status_code == 201  # fmt: skip


def test_the_coordination_cannot_record_with_another_mediators_person(client):
    """Finding 6 of issue 14: recording with a person made the coordinator one of their
    mediators, who read the first name; refused as to any other mediator (404)."""
    lou = mediator()
    theirs = person(lou, first_name="Zoé")
    record(lou, beneficiary=theirs)
    coordinator = UserFactory(roles=["coordinator"])
    before = MediationActivity.objects.count()
    response = post(client, key_of(coordinator), body(beneficiary=theirs.pk))
    assert response.status_code == 404, response.content
    assert response.json()["field"] == "beneficiary"
    assert "Zoé" not in response.content.decode()
    assert MediationActivity.objects.count() == before
    assert not MediationActivity.objects.filter(mediator=coordinator).exists()


def test_a_session_records_only_with_the_csrf_token():
    """Finding 2 of issue 14, for this write: a foreign page can make a browser send the
    session cookie, never the CSRF token."""
    sam = mediator()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(sam)
    forged = browser.post(
        "/api/v1/activities", json.dumps(body()), content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
    )  # fmt: skip
    assert forged.status_code == 403
    refused = browser.post("/api/v1/activities", body(), content_type="application/json")
    assert refused.status_code == 403
    assert not MediationActivity.objects.exists()
    browser.get("/mediation/nouvelle/")  # sets the CSRF cookie, as the site's pages do
    response = browser.post(
        "/api/v1/activities", body(), content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert MediationActivity.objects.get().mediator == sam


def test_another_mediators_person_is_a_404_and_nothing_is_written(client):
    sam, lou = mediator(), mediator()
    theirs = person(lou, first_name="Zoé")
    before = MediationActivity.objects.count()
    response = post(client, key_of(sam), body(beneficiary=theirs.pk))
    assert response.status_code == 404
    assert response.json()["field"] == "beneficiary"
    assert "Zoé" not in response.content.decode()
    missing = post(client, key_of(sam), body(beneficiary=theirs.pk + 1000))
    assert missing.status_code == 404 and missing.json()["detail"] != ""
    assert MediationActivity.objects.count() == before


def test_a_mediator_lists_only_their_own_by_pages(client):
    sam, lou = mediator(), mediator()
    mine = [record(sam, date=days_ago(day)) for day in range(5)]
    record(lou)
    key = key_of(sam)
    response = get(client, key, "/api/v1/activities?limit=3")
    assert response.status_code == 200
    page = response.json()
    assert [item["id"] for item in page["items"]] == [a.pk for a in mine[:3]]
    following = get(client, key, f"/api/v1/activities?limit=3&cursor={page['next_cursor']}")
    assert [item["id"] for item in following.json()["items"]] == [a.pk for a in mine[3:]]
    assert following.json()["next_cursor"] is None
    assert get(client, key, "/api/v1/activities?cursor=nonsense").status_code == 422
    others = get(client, key, f"/api/v1/activities?mediator={lou.pk}")
    assert others.status_code == 422 and others.json()["field"] == "mediator"
    assert get(client, key, f"/api/v1/activities/{mine[0].pk}").status_code == 200
    theirs = MediationActivity.objects.get(mediator=lou)
    assert get(client, key, f"/api/v1/activities/{theirs.pk}").status_code == 404
    # The coordination reads any; a place manager of the place, who does not record, none.
    coordinator = UserFactory(roles=["coordinator"])
    assert get(client, key_of(coordinator), f"/api/v1/activities/{theirs.pk}").status_code == 200  # fmt: skip
    manager = UserFactory(roles=["place_manager"])
    theirs.place.managers.add(manager)
    assert get(client, key_of(manager), f"/api/v1/activities/{theirs.pk}").status_code == 403


def test_the_coordination_lists_everything(client):
    sam, lou = mediator(), mediator()
    record(sam), record(lou)
    coordinator = UserFactory(roles=["coordinator"])
    response = get(client, key_of(coordinator), "/api/v1/activities")
    assert len(response.json()["items"]) == 2


def test_statistics_of_a_mediator_and_of_a_place(client):
    sam, lou = mediator(), mediator()
    place = a_place()
    record(sam, place=place, themes=["email", "sante"], date=days_ago(3))
    record(sam, kind="collective", participant_count=6, place=place, date=days_ago(40),
           themes=["securite-numerique"])  # fmt: skip
    record(lou, place=place)
    response = get(client, key_of(sam), "/api/v1/activities/statistics")
    assert response.status_code == 200
    data = response.json()
    assert (data["scope"], data["mediator"]) == ("mediator", sam.pk)
    assert data["activities"] == 2 and data["people"] == 7 and data["participants"] == 7
    assert data["hours"] == 1.0
    assert {t["key"]: t["count"] for t in data["by_theme"]} == {
        "email": 1, "sante": 1, "securite-numerique": 1,
    }  # fmt: skip
    assert {k["kind"]: k["activities"] for k in data["by_type"]}["collective"] == 1
    assert sum(m["activities"] for m in data["by_month"]) == 2
    assert data["by_commune"] == [{"code": "84080", "nom": "Monteux", "count": 7}]
    # A place manager reads a place they manage, not another; a mediator no place.
    manager = UserFactory(roles=["place_manager"])
    place.managers.add(manager)
    managed = get(client, key_of(manager), f"/api/v1/activities/statistics?place={place.pk}")
    assert managed.json()["activities"] == 3
    only = get(client, key_of(manager), "/api/v1/activities/statistics").json()
    assert (only["scope"], only["place"], only["activities"]) == ("place", place.pk, 3)
    a_place().managers.add(manager)
    several = get(client, key_of(manager), "/api/v1/activities/statistics")
    assert several.status_code == 422 and several.json()["field"] == "place"
    other = a_place()
    assert get(client, key_of(manager),
               f"/api/v1/activities/statistics?place={other.pk}").status_code == 403  # fmt: skip
    assert get(client, key_of(sam),
               f"/api/v1/activities/statistics?place={place.pk}").status_code == 403  # fmt: skip
    period = get(client, key_of(sam), "/api/v1/activities/statistics?from=2026-05-01&to=2026-01-01")
    assert period.status_code == 422 and period.json()["field"] == "to"


def test_a_member_cannot_record_and_anonymous_callers_get_401(client):
    member = UserFactory(roles=["member"])
    assert post(client, key_of(member), body()).status_code == 403
    assert client.post("/api/v1/activities", body(), content_type="application/json").status_code == 401  # fmt: skip
    assert client.get("/api/v1/activities").status_code == 401


def test_the_themes_are_listed_for_clients(client):
    response = client.get("/api/v1/themes")
    slugs = {theme["slug"] for theme in response.json()}
    assert {"email", "argent-impots"} <= slugs
