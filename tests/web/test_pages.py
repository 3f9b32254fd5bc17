import pytest
from django.test import override_settings

from maillage.territory.models import Commune

pytestmark = pytest.mark.django_db


def test_home_shows_the_number_of_communes_loaded(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'data-testid="communes-count">594<' in html
    assert 'href="#contenu"' in html  # skip link
    assert 'id="commune-query"' in html  # the commune search, whose results lead to a commune


def test_home_says_how_to_load_the_territory_when_it_is_empty(client):
    Commune.objects.all().delete()
    html = client.get("/").content.decode()
    assert "maillage load-territory" in html


def test_commune_search_page_and_htmx_fragment(client):
    page = client.get("/communes/recherche/", {"q": "st etienne"})
    assert page.status_code == 200
    assert "<title>Communes : st etienne · Maillage</title>" in page.content.decode()
    assert "Saint-Étienne" in page.content.decode()
    fragment = client.get("/communes/recherche/", {"q": "monteux"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "Monteux" in fragment.content.decode()
    nothing = client.get("/communes/recherche/", {"q": "zzzzzz"}, headers={"HX-Request": "true"})
    assert "Aucune commune ne correspond" in nothing.content.decode()


def test_the_site_speaks_english_when_asked(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Aller au contenu" not in html


def test_unknown_page_is_a_clear_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page(client, monkeypatch):
    from maillage.web.views import home

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home.territory_selectors, "territory_totals", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()


def test_admin_lists_every_model_for_a_superuser(admin_client):
    from django.contrib import admin

    for model in admin.site._registry:
        meta = model._meta
        response = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, f"{meta.label}: {response.status_code}"
    assert admin_client.get("/admin/territory/commune/84080/change/").status_code == 200
