"""Mediation records: the records pages are for those who record (mediators and the
coordination); statistics for the staff, each their own scope (a mediator: theirs; a place
manager: the places they manage; the coordination: everything); a mediator never sees
another's records or people (404); nobody — the coordination included — records with a
person they do not already accompany (their first name would show), nor at a place that is
neither the hub's nor theirs; a share link opens its page to anybody."""

from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.mediation import services
from tests.access.table import EVERYBODY, HUB, OTHER, OWN, STAFF, Row, expect
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

RECORDERS = expect(200, anonymous=302, member=403, place_manager=403)
# A POST that records: a redirect for those who record.
RECORDED = expect(302, member=403, place_manager=403)
API_RECORDERS = expect(200, anonymous=401, member=403, place_manager=403)


def objects(world) -> None:
    mediator = world.users["mediator"]
    other = UserFactory(roles=["mediator"], email="autre.mediatrice@example.org")
    hub = Organisation.objects.filter(is_hub=True).first() or OrganisationFactory(
        name="Pôle numérique", is_hub=True
    )
    hub_place = PlaceFactory(nom="Espace du pôle", operator=hub)  # every mediator records here
    today = timezone.localdate()
    mine = services.beneficiary_create(actor=mediator, profile=services.Profile(age_band="70+"))
    theirs = services.beneficiary_create(actor=other, profile=services.Profile(first_name="Zoé"))
    world.extra.update(
        hub_place=hub_place,
        other_mediator=other,
        beneficiary=mine,
        other_beneficiary=theirs,
        activity=services.mediation_activity_create(
            mediator=mediator,
            kind="individual",
            date=today,
            duration_minutes=30,
            themes=["email"],
            place=hub_place,
            beneficiary=mine,
        ),
        other_activity=services.mediation_activity_create(
            mediator=other,
            kind="individual",
            date=today,
            duration_minutes=45,
            themes=["sante"],
            place=hub_place,
            beneficiary=theirs,
        ),
        share_link=services.share_link_create(
            actor=world.users["coordinator"], scope="hub", date_from=today, date_to=today
        ),
    )


def _entry(**extra):
    def data(world) -> dict:
        return {
            "kind": "individual", "date": timezone.localdate().isoformat(), "duration": "30",
            "place_kind": "remote", "themes": ["email"], "beneficiary": "", **{
                key: value(world) if callable(value) else value for key, value in extra.items()
            },
        }  # fmt: skip

    return data


def _api_entry(**extra):
    def data(world) -> dict:
        return {
            "kind": "individual", "date": timezone.localdate().isoformat(),
            "duration_minutes": 30, "place_kind": "remote", "themes": ["email"], **{
                key: value(world) if callable(value) else value for key, value in extra.items()
            },
        }  # fmt: skip

    return data


ROWS = [
    Row("GET", "web:mediation", "/mediation/", RECORDERS),
    Row("GET", "web:mediation-new", "/mediation/nouvelle/", RECORDERS),
    Row(
        "POST",
        "web:mediation-new",
        "/mediation/nouvelle/",
        RECORDED,
        data=_entry(),
        note="an individual session",
    ),
    Row(
        "POST",
        "web:mediation-new",
        "/mediation/nouvelle/",
        expect(200, anonymous=302, member=403, place_manager=403),
        data=_entry(beneficiary=lambda w: str(w.other_beneficiary.pk)),
        note="with another mediator's person: the form refuses it, to the coordination too",
    ),
    Row(
        "GET",
        "web:mediation-activity",
        lambda w: f"/mediation/activite/{w.activity.pk}/",
        RECORDERS,
        note="one's own",
    ),
    Row(
        "GET",
        "web:mediation-activity",
        lambda w: f"/mediation/activite/{w.other_activity.pk}/",
        expect(200, anonymous=302, member=403, place_manager=403, mediator=404),
        note="another mediator's",
    ),
    Row(
        "POST",
        "web:mediation-activity",
        lambda w: f"/mediation/activite/{w.other_activity.pk}/",
        expect(302, member=403, place_manager=403, mediator=404),
        data={"action": "delete"},
        note="deleting another mediator's",
    ),
    Row("GET", "web:mediation-beneficiaries", "/mediation/beneficiaires/", RECORDERS),
    Row(
        "GET",
        "web:mediation-beneficiary",
        lambda w: f"/mediation/beneficiaires/{w.beneficiary.pk}/",
        RECORDERS,
        note="a person one accompanies",
    ),
    Row(
        "GET",
        "web:mediation-beneficiary",
        lambda w: f"/mediation/beneficiaires/{w.other_beneficiary.pk}/",
        expect(200, anonymous=302, member=403, place_manager=403, mediator=404),
        note="another mediator's person",
    ),
    Row(
        "POST",
        "web:mediation-beneficiary",
        lambda w: f"/mediation/beneficiaires/{w.beneficiary.pk}/",
        expect(302, mediator=200, member=403, place_manager=403),
        data=lambda w: {"action": "merge", "duplicate": str(w.other_beneficiary.pk)},
        note="merging another mediator's person into one's own: refused to the mediator",
    ),
    Row("GET", "web:mediation-statistics", "/mediation/statistiques/", STAFF),
    Row(
        "GET",
        "web:mediation-statistics",
        "/mediation/statistiques/?portee=pole",
        HUB,
        note="the hub's",
    ),
    Row(
        "GET",
        "web:mediation-statistics",
        lambda w: f"/mediation/statistiques/?portee=lieu&lieu={w.place.pk}",
        expect(200, anonymous=302, member=403, mediator=403),
        note="a place the place manager manages",
    ),
    Row(
        "GET",
        "web:mediation-statistics",
        lambda w: f"/mediation/statistiques/?portee=lieu&lieu={w.other_place.pk}",
        HUB,
        note="a place the place manager does not manage",
    ),
    Row(
        "GET",
        "web:mediation-statistics",
        lambda w: f"/mediation/statistiques/?portee=mediateur&mediateur={w.other_mediator.pk}",
        HUB,
        note="another mediator's",
    ),
    Row(
        "GET",
        "web:mediation-statistics",
        "/mediation/statistiques/?portee=moi&export=activites&format=csv",
        expect(200, anonymous=302, member=403, place_manager=403),
        note="export of one's own records",
    ),
    Row(
        "POST",
        "web:mediation-statistics",
        "/mediation/statistiques/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=lambda w: {"portee": "pole", "du": "2026-01-01", "au": "2026-06-30"},
        note="a share link of the hub's statistics",
    ),
    Row(
        "POST",
        "web:mediation-share-revoke",
        lambda w: f"/mediation/statistiques/liens/{w.share_link.pk}/revoquer/",
        expect(404, anonymous=302, member=403, coordinator=302, admin=302),
        note="the coordination's link",
    ),
    Row(
        "GET",
        "web:mediation-share",
        lambda w: f"/statistiques/partage/{w.share_link.token}/",
        EVERYBODY,
        note="the secret link is the key",
    ),
    Row("GET", "web:mediation-share", "/statistiques/partage/forged/", expect(404)),
    Row("GET", "/api/v1/themes", "/api/v1/themes", EVERYBODY),
    Row(
        "POST",
        "/api/v1/activities",
        "/api/v1/activities",
        expect(201, anonymous=401, member=403, place_manager=403),
        data=_api_entry(),
    ),
    Row(
        "POST",
        "/api/v1/activities",
        "/api/v1/activities",
        expect(404, anonymous=401, member=403, place_manager=403),
        data=_api_entry(beneficiary=lambda w: w.other_beneficiary.pk),
        note="with another mediator's person: refused to the coordination too (issue 14)",
    ),
    Row(
        "POST",
        "/api/v1/activities",
        "/api/v1/activities",
        expect(404, anonymous=401, member=403, place_manager=403, mediator=201),
        data=_api_entry(beneficiary=lambda w: w.beneficiary.pk),
        note="with the mediator's person: theirs only",
    ),
    Row(
        "POST",
        "/api/v1/activities",
        "/api/v1/activities",
        expect(201, anonymous=401, member=403, place_manager=403),
        data=_api_entry(place_kind="place", place=lambda w: w.hub_place.pk),
        note="at a place of the hub",
    ),
    Row(
        "POST",
        "/api/v1/activities",
        "/api/v1/activities",
        expect(422, anonymous=401, member=403, place_manager=403),
        data=_api_entry(place_kind="place", place=lambda w: w.other_place.pk),
        note="at a place that is neither the hub's nor the caller's: the form's rule (issue 14)",
    ),
    Row("GET", "/api/v1/activities", "/api/v1/activities", API_RECORDERS),
    Row(
        "GET",
        "/api/v1/activities/statistics",
        "/api/v1/activities/statistics",
        expect(200, anonymous=401, member=403),
        note="one's own (the hub's for the coordination, their place for a place manager)",
    ),
    Row(
        "GET",
        "/api/v1/activities/statistics",
        lambda w: f"/api/v1/activities/statistics?place={w.place.pk}",
        expect(200, anonymous=401, member=403, mediator=403),
        note="a place the place manager manages",
    ),
    Row(
        "GET",
        "/api/v1/activities/{activity_id}",
        lambda w: f"/api/v1/activities/{w.activity.pk}",
        API_RECORDERS,
        note="one's own (the coordination: any)",
        obj=OWN,
    ),
    Row(
        "GET",
        "/api/v1/activities/{activity_id}",
        lambda w: f"/api/v1/activities/{w.other_activity.pk}",
        expect(200, anonymous=401, member=403, place_manager=403, mediator=404),
        note="another mediator's: 404, as on the page",
        obj=OTHER,
    ),
]
