"""The mediation pages: the one-minute form (defaults, recent choices, refusals on their
field), records, people (first names for their mediators only, merge, anonymise),
statistics (figures, exports, share links)."""

import re

import pytest
from django.utils import timezone

from maillage.core.models import Activity
from maillage.mediation.models import Beneficiary, MediationActivity, ShareLink
from tests.factories import UserFactory
from tests.mediation.factories import a_place, commune, days_ago, mediator, person, record

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {
        "kind": "individual", "date": timezone.localdate().isoformat(), "duration": "30",
        "place_kind": "remote", "themes": ["email"], "beneficiary": "", **extra,
    }  # fmt: skip


def test_the_form_starts_from_today_the_last_place_and_the_usual_themes(client):
    sam = mediator()
    place = a_place(nom="Espace de Monteux")
    record(sam, place=place, themes=["sante"], duration_minutes=45)
    client.force_login(sam)
    response = client.get("/mediation/nouvelle/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert re.search(rf'<option value="{place.pk}" selected>Espace de Monteux', html)
    assert re.search(r'value="45"[^>]*checked', html)
    assert (
        html.index("Vos thèmes habituels")
        < html.index('value="sante"')
        < html.index('value="email"')
    )


def test_a_mediator_records_an_individual_session_with_a_new_person(client):
    sam = mediator()
    client.force_login(sam)
    response = client.post("/mediation/nouvelle/", form_data(
        beneficiary="new", new_first_name="Jeanne", new_age_band="70+", new_gender="female",
        new_commune="Carpentras (84031)", autonomy="partial", equipment=["phone"],
        themes=["email", "securite-numerique"], duration="autre", duration_other="50",
    ))  # fmt: skip
    activity = MediationActivity.objects.get(mediator=sam)
    assert response.status_code == 302
    assert response["Location"].startswith("/mediation/?nouvelle=")
    assert activity.duration_minutes == 50
    assert activity.beneficiary.first_name == "Jeanne"
    assert activity.beneficiary.commune_id == "84031"
    listing = client.get(response["Location"]).content.decode()
    assert "Jeanne" in listing and "Activité enregistrée" in listing


def test_a_collective_workshop_needs_its_participants(client):
    sam = mediator()
    client.force_login(sam)
    response = client.post("/mediation/nouvelle/", form_data(kind="collective", title="Atelier"))
    assert response.status_code == 200
    assert "Indiquez le nombre de participants." in response.content.decode()
    response = client.post("/mediation/nouvelle/", form_data(
        kind="collective", title="Smartphone pas à pas", participant_count="8",
        beneficiary="new", autonomy="partial",  # ignored for a workshop
    ))  # fmt: skip
    assert response.status_code == 302
    workshop = MediationActivity.objects.get(mediator=sam)
    assert (workshop.participant_count, workshop.beneficiary, workshop.autonomy) == (8, None, "")
    assert not Beneficiary.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2099-01-01"}, "date", "La date ne peut pas être dans le futur."),
        ({"duration": "autre", "duration_other": "0"}, "duration_other", "supérieure ou égale"),
        ({"duration": "autre", "duration_other": "800"}, "duration_other", "inférieure ou égale"),
        ({"themes": ["astrologie"]}, "themes", "astrologie"),
        ({"themes": []}, "themes", "Choisissez au moins un thème."),
        ({"place_kind": "other", "commune": "Nulle-Part"}, "commune", "Commune introuvable"),
    ],
)
def test_refusals_are_shown_on_their_field_and_nothing_is_written(client, data, field, message):
    sam = mediator()
    client.force_login(sam)
    response = client.post("/mediation/nouvelle/", form_data(**data))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#champ-{field}"' in html  # the error summary links to the field
    assert message in html
    assert not MediationActivity.objects.exists()


def test_the_form_refuses_another_mediators_person_naming_the_field(client):
    sam, lou = mediator(), mediator()
    theirs = person(lou, first_name="Zoé")
    client.force_login(sam)
    response = client.post("/mediation/nouvelle/", form_data(beneficiary=str(theirs.pk)))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#champ-beneficiary">Personne accompagnée</a>' in html
    assert f"La personne n° {theirs.pk} n&#x27;est pas parmi les personnes que vous" in html
    assert "Zoé" not in html
    assert not MediationActivity.objects.exists()


def test_a_mediator_changes_and_deletes_their_own_record_only(client):
    sam, lou = mediator(), mediator()
    mine = record(sam)
    client.force_login(sam)
    response = client.post(
        f"/mediation/activite/{mine.pk}/", form_data(duration="90", themes=["bureautique"])
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.duration_minutes == 90
    assert list(mine.themes.values_list("slug", flat=True)) == ["bureautique"]
    theirs = record(lou)
    assert client.get(f"/mediation/activite/{theirs.pk}/").status_code == 404
    client.post(f"/mediation/activite/{mine.pk}/", {"action": "delete"})
    assert not MediationActivity.objects.filter(pk=mine.pk).exists()


def test_first_names_show_to_their_mediators_not_to_the_coordination(client):
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne", commune=commune("84031"))
    record(sam, beneficiary=jeanne)
    client.force_login(sam)
    assert "Jeanne" in client.get("/mediation/beneficiaires/?q=jean").content.decode()
    coordinator = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    listing = client.get("/mediation/beneficiaires/").content.decode()
    assert f"Personne n° {jeanne.pk}" in listing and "Jeanne" not in listing
    page = client.get(f"/mediation/beneficiaires/{jeanne.pk}/").content.decode()
    assert "Jeanne" not in page and 'name="first_name"' not in page


def test_the_coordination_cannot_unlock_a_first_name_by_recording_with_the_person(client):
    """Finding 6 of issue 14: the coordinator recorded an activity with a mediator's person
    and then read their first name everywhere. The form now refuses, as to any mediator."""
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne")
    record(sam, beneficiary=jeanne)
    coordinator = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    response = client.post("/mediation/nouvelle/", form_data(beneficiary=str(jeanne.pk)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "pas parmi les personnes que vous accompagnez" in html and "Jeanne" not in html
    assert not MediationActivity.objects.filter(mediator=coordinator).exists()
    for url in ("/mediation/", "/mediation/beneficiaires/", f"/mediation/beneficiaires/{jeanne.pk}/"):  # fmt: skip
        assert "Jeanne" not in client.get(url).content.decode()
    assert not Activity.objects.filter(verb="beneficiary.name_shown").exists()


def test_each_page_showing_a_first_name_logs_whose_and_to_whom(client):
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne")
    activity = record(sam, beneficiary=jeanne)
    client.force_login(sam)
    pages = {
        "/mediation/": "mediation-home",
        "/mediation/nouvelle/": "mediation-new",
        f"/mediation/activite/{activity.pk}/": "mediation-activity",
        "/mediation/beneficiaires/": "mediation-beneficiaries",
        f"/mediation/beneficiaires/{jeanne.pk}/": "mediation-beneficiary",
    }
    for url, page in pages.items():
        before = Activity.objects.filter(verb="beneficiary.name_shown").count()
        assert "Jeanne" in client.get(url).content.decode(), url
        shown = Activity.objects.filter(verb="beneficiary.name_shown").order_by("pk")[before:]
        assert [(a.actor_id, a.target_id, a.data["page"]) for a in shown] == [
            (sam.pk, str(jeanne.pk), page)
        ], url


def test_a_mediator_merges_a_duplicate_and_anonymises_a_person(client):
    sam = mediator()
    keep = person(sam, first_name="Jeanne", age_band="70+", commune=commune("84031"))
    duplicate = person(sam, first_name="Jeanne", gender="female")
    record(sam, beneficiary=duplicate)
    client.force_login(sam)
    page = client.get(f"/mediation/beneficiaires/{keep.pk}/").content.decode()
    assert f'href="/mediation/beneficiaires/{duplicate.pk}/"' in page  # a likely duplicate
    response = client.post(
        f"/mediation/beneficiaires/{keep.pk}/", {"action": "merge", "duplicate": duplicate.pk}
    )
    assert response.status_code == 302
    assert not Beneficiary.objects.filter(pk=duplicate.pk).exists()
    assert keep.activities.count() == 1
    lou = mediator()
    theirs = person(lou)
    refused = client.post(
        f"/mediation/beneficiaires/{keep.pk}/", {"action": "merge", "duplicate": theirs.pk}
    )
    assert refused.status_code == 200
    assert "n&#x27;est pas parmi les personnes que vous accompagnez" in refused.content.decode()
    client.post(f"/mediation/beneficiaires/{keep.pk}/", {"action": "anonymise"})
    keep.refresh_from_db()
    assert keep.first_name == "" and keep.anonymised_at is not None
    assert keep.age_band == "70+"


def test_the_statistics_page_exports_and_shares(client):
    sam = mediator()
    place = a_place()
    for day in (2, 40, 80):
        record(sam, place=place, date=days_ago(day), themes=["email", "sante"])
    record(sam, kind="collective", participant_count=9, place=place, date=days_ago(5))
    client.force_login(sam)
    page = client.get("/mediation/statistiques/")
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'data-testid="stat-activities">4<', html)
    assert re.search(r'data-testid="stat-people">12<', html)
    assert 'id="mediation-stats-data"' in html and "Monteux" in html
    csv = client.get("/mediation/statistiques/?portee=moi&export=chiffres&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Total;Activités;4;12;" in csv.content.decode("utf-8-sig")
    rows = client.get("/mediation/statistiques/?portee=moi&export=activites&format=xlsx")
    assert rows["Content-Disposition"].endswith('.xlsx"')
    today = timezone.localdate().isoformat()
    created = client.post("/mediation/statistiques/", {"portee": "moi", "du": "2020-01-01",
                                                        "au": today})  # fmt: skip
    assert created.status_code == 302
    link = ShareLink.objects.get(created_by=sam)
    client.logout()
    shared = client.get(f"/statistiques/partage/{link.token}/")
    assert shared.status_code == 200
    assert shared["X-Robots-Tag"] == "noindex"
    assert re.search(r'data-testid="stat-activities">4<', shared.content.decode())
    client.force_login(sam)
    client.post(f"/mediation/statistiques/liens/{link.pk}/revoquer/")
    client.logout()
    assert client.get(f"/statistiques/partage/{link.token}/").status_code == 404


def test_the_shared_page_groups_communes_of_few_people(client):
    sam = mediator()
    place = a_place()
    record(sam, place=place, kind="collective", participant_count=5)
    record(sam, place_kind="other", commune=commune("84031"))  # one person in Carpentras
    coordinator = UserFactory(roles=["coordinator"])
    link = ShareLink.objects.create(
        scope="hub", date_from=days_ago(10), date_to=timezone.localdate(), created_by=coordinator
    )
    html = client.get(f"/statistiques/partage/{link.token}/").content.decode()
    assert "Monteux" in html
    assert "Carpentras" not in html and "Autres communes" in html


def test_a_place_manager_sees_the_figures_of_their_place_not_the_records(client):
    manager = UserFactory(roles=["place_manager"])
    place = a_place(nom="Médiathèque")
    place.managers.add(manager)
    record(mediator(), place=place)
    client.force_login(manager)
    html = client.get("/mediation/statistiques/").content.decode()
    assert "Statistiques de médiation : Médiathèque" in html
    assert re.search(r'data-testid="stat-activities">1<', html)
    assert client.get("/mediation/").status_code == 403
