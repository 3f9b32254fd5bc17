"""My account: what the hub holds about me, its download, my API keys and the erasure of
my data (password and EFFACER asked; success logs me out for good)."""

from __future__ import annotations

import html
import json

import pytest

from maillage.accounts.models import ApiToken, User
from maillage.accounts.tokens import api_token_create, api_token_user
from tests.accounts.factories import a_person_with_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def jeanne(client):
    person = a_person_with_data()
    client.force_login(person.user)
    return person


def test_what_the_hub_does_not_hold_stays_out_of_the_way(client):
    client.force_login(UserFactory())
    page = text(client.get("/mon-compte/"))
    assert "Lignes du journal d'activité" in page  # the account's creation
    assert "Réservations" not in page and "Heures de bénévolat" not in page


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in ("/mon-compte/", "/mon-compte/donnees.json", "/mon-compte/effacer/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_the_page_says_who_i_am_and_what_the_hub_holds(client, jeanne):
    page = text(client.get("/mon-compte/"))
    assert "Jeanne Martin" in page and "jeanne.martin@example.org" in page
    assert "Membre" in page
    assert "Réservations" in page and "Inscriptions au programme" in page
    assert "Heures de bénévolat" in page and "Mon téléphone" in page
    assert 'href="/mon-compte/donnees.json"' in page and 'href="/mon-compte/effacer/"' in page


def test_the_download_is_a_json_file_of_my_data(client, jeanne):
    response = client.get("/mon-compte/donnees.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-maillage-')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["full_name"] == "Jeanne Martin"
    assert len(data["sections"]["booking"]["bookings"]) == 3
    assert jeanne.user.password not in response.content.decode()


def test_a_key_is_shown_once_then_revoked(client, jeanne):
    made = text(client.post("/mon-compte/cles/", {"name": "Script de la médiathèque"}))
    token = ApiToken.objects.get(user=jeanne.user, name="Script de la médiathèque")
    key = made.split('<code id="nouvelle-cle">')[1].split("</code>")[0]
    assert key.startswith("mlg_") and api_token_user(key) == jeanne.user
    assert key not in text(client.get("/mon-compte/"))  # never shown again
    response = client.post(f"/mon-compte/cles/{token.pk}/revoquer/")
    assert response.status_code == 302 and response["Location"] == "/mon-compte/#account-keys"
    assert api_token_user(key) is None
    assert "révoquée" in text(client.get("/mon-compte/"))


def test_a_key_needs_a_name_and_somebody_elses_key_is_not_found(client, jeanne):
    refused = text(client.post("/mon-compte/cles/", {"name": "  "}))
    assert "Ce champ est obligatoire." in refused
    assert ApiToken.objects.filter(user=jeanne.user).count() == 1
    others, other_key = api_token_create(user=UserFactory(), name="Autre")
    assert client.post(f"/mon-compte/cles/{others.pk}/revoquer/").status_code == 404
    assert api_token_user(other_key) is not None
    assert client.get(f"/mon-compte/cles/{others.pk}/revoquer/").status_code == 405


def test_the_erase_page_says_what_goes_and_what_stays(client, jeanne):
    page = text(client.get("/mon-compte/effacer/"))
    assert "Ce qui est effacé" in page and "Ce qui est gardé, sans rien qui vous désigne" in page
    assert 'for="id_password"' in page and 'for="id_confirmation"' in page


def test_a_wrong_password_or_confirmation_names_the_field_and_erases_nothing(client, jeanne):
    wrong = client.post("/mon-compte/effacer/", {"password": "not-it", "confirmation": "EFFACER"})
    page = text(wrong)
    assert wrong.status_code == 200 and "Mot de passe incorrect." in page
    assert 'id="id_password-erreur"' in page
    lower = text(
        client.post("/mon-compte/effacer/", {"password": PASSWORD, "confirmation": "effacer"})
    )
    assert "Tapez exactement EFFACER" in lower and 'id="id_confirmation-erreur"' in lower
    assert User.objects.get(pk=jeanne.user.pk).erased_at is None
    assert client.get("/mon-compte/").status_code == 200  # still logged in


def test_erasing_logs_me_out_for_good(client, jeanne):
    done = client.post("/mon-compte/effacer/", {"password": PASSWORD, "confirmation": " EFFACER "})
    assert done.status_code == 200 and "Vos données sont effacées" in text(done)
    assert client.get("/mon-compte/").status_code == 302  # logged out
    user = User.objects.get(pk=jeanne.user.pk)
    assert user.erased_at is not None and user.email.endswith("@efface.invalid")
    assert not client.login(username="jeanne.martin@example.org", password=PASSWORD)
    login = client.post(
        "/connexion/", {"username": "jeanne.martin@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200  # the form again, with its error


def test_the_last_administrator_is_told_why_not(client):
    admin = UserFactory(roles=["admin"])
    client.force_login(admin)
    page = text(
        client.post("/mon-compte/effacer/", {"password": PASSWORD, "confirmation": "EFFACER"})
    )
    assert "dernier compte d'administration" in page
    assert User.objects.get(pk=admin.pk).erased_at is None
