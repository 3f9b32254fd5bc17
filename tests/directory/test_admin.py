import datetime as dt
import html

import pytest
from django.contrib import admin

from maillage.core.permissions import Role
from maillage.directory.admin import OrganisationAdmin, PlaceAdmin, map_preview_html
from maillage.directory.models import Organisation, Place, PlaceTag
from maillage.territory.models import Commune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPROXIMATE = "Position approximative : mairie de la commune"
NO_POINT = "Pas de coordonnées"
SERVICE = "Aide aux démarches administratives"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    return client


@pytest.fixture
def place():
    place = Place.objects.create(
        source="Hub du Vaucluse",
        source_id="lieu-1",
        pivot="12345678900011",
        nom="Médiathèque Ceccano",
        commune=Commune.objects.get(code="84007"),
        commune_nom="Avignon",
        code_postal="84000",
        adresse="2 bis rue Laboureur",
        latitude=43.9466,
        longitude=4.8059,
        location_exact=False,
        date_maj=dt.date(2024, 5, 2),
    )
    PlaceTag.objects.create(place=place, vocabulary="services", value=SERVICE, position=0)
    return place


@pytest.fixture
def organisation():
    return Organisation.objects.create(
        name="Tiers-lieu de Gex",
        kind=Organisation.Kind.TIERS_LIEU_OPERATOR,
        latitude=46.3333,
        longitude=6.0578,
    )


def _post_data(response) -> dict:
    """The change form as a browser would send it back: the main form and every inline
    formset (management form included), with their current values."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list):  # a many-to-many field's chosen ids
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def test_the_place_pages_show_the_point_on_a_map(admin_client, place):
    response = admin_client.get(f"/admin/directory/place/{place.pk}/change/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'role="img"' in page
    assert 'data-lat="43.9466" data-lon="4.8059"' in page
    assert "Carte de la position : latitude 43.9466, longitude 4.8059" in page
    assert APPROXIMATE in page
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in page
    assert "vendor/leaflet/leaflet.js" in page and "directory/admin_map_preview.js" in page
    assert 'data-exact-input="id_location_exact"' in page
    for group in ("Identité", "Adresse et position", "Contact", "Accès et accompagnement"):
        assert group in page
    assert SERVICE in page  # the inline's value choices


def test_an_exact_place_has_no_approximation_notice(admin_client, place):
    place.location_exact = True
    place.save()
    page = html.unescape(
        admin_client.get(f"/admin/directory/place/{place.pk}/change/").content.decode()
    )
    assert 'data-lat="43.9466"' in page
    assert APPROXIMATE not in page.split('data-text-approximate="')[0]


def test_the_add_page_says_there_is_no_point_yet(admin_client):
    response = admin_client.get("/admin/directory/place/add/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'data-lat="" data-lon=""' in page
    assert f'aria-live="polite">{NO_POINT}</p>' in page


def test_saving_a_place_with_a_new_latitude(admin_client, place):
    url = f"/admin/directory/place/{place.pk}/change/"
    data = _post_data(admin_client.get(url))
    assert data["tags-TOTAL_FORMS"] == "2" and data["tags-INITIAL_FORMS"] == "1"
    data["latitude"] = "43.95"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    place.refresh_from_db()
    assert place.latitude == 43.95
    assert place.longitude == 4.8059
    assert not place.location_exact
    assert place.values_of("services") == (SERVICE,)
    page = html.unescape(admin_client.get(url).content.decode())
    assert 'data-lat="43.95" data-lon="4.8059"' in page


def test_a_tag_value_must_belong_to_its_field(admin_client, place):
    url = f"/admin/directory/place/{place.pk}/change/"
    data = _post_data(admin_client.get(url))
    data.update({"tags-1-vocabulary": "publics_specifiquement_adresses", "tags-1-value": SERVICE})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert (
        f"« {SERVICE} » n'est pas une valeur du champ « Publics spécifiquement adressés »" in page
    )
    assert place.tags.count() == 1


def test_a_point_off_the_earth_is_refused(admin_client, place):
    url = f"/admin/directory/place/{place.pk}/change/"
    data = _post_data(admin_client.get(url))
    data["latitude"] = "95"
    assert admin_client.post(url, data).status_code == 200
    place.refresh_from_db()
    assert place.latitude == 43.9466


def test_the_organisation_pages_show_the_point_on_a_map(admin_client, organisation):
    assert admin_client.get("/admin/directory/organisation/add/").status_code == 200
    url = f"/admin/directory/organisation/{organisation.pk}/change/"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'role="img"' in page
    assert 'data-lat="46.3333" data-lon="6.0578"' in page
    assert "Carte de la position : latitude 46.3333, longitude 6.0578" in page
    assert 'data-exact-input=""' in page
    assert APPROXIMATE not in page.split('data-text-approximate="')[0]

    data = _post_data(response)
    data["latitude"] = "46.3"
    assert admin_client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.latitude == 46.3


def test_the_place_list_filters(admin_client, place):
    other = Place.objects.create(
        source="Hub du Vaucluse",
        source_id="lieu-2",
        pivot="123456789",
        nom="Espace sans point",
        commune_nom="Avignon",
        code_postal="84000",
        adresse="1 place de l'Horloge",
        date_maj=dt.date(2024, 5, 2),
    )
    response = admin_client.get("/admin/directory/place/")
    assert response.status_code == 200
    for query, expected in (
        ("coordonnees=oui", [place]),
        ("coordonnees=non", [other]),
        (f"service={SERVICE}", [place]),
        ("type_pole=library", []),
    ):
        response = admin_client.get(f"/admin/directory/place/?{query}")
        assert list(response.context["cl"].queryset) == expected, query
    assert admin_client.get("/admin/directory/organisation/?coordonnees=oui").status_code == 200


@pytest.mark.parametrize("model_admin", [PlaceAdmin, OrganisationAdmin])
def test_the_fieldsets_hold_every_editable_field(model_admin):
    model = {PlaceAdmin: Place, OrganisationAdmin: Organisation}[model_admin]
    shown = set()
    for _name, options in model_admin.fieldsets:
        for entry in options["fields"]:
            shown.update(entry if isinstance(entry, tuple) else (entry,))
    editable = {
        field.name
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.editable and not field.primary_key
    }
    assert editable <= shown
    assert shown - editable <= set(model_admin.readonly_fields)
    assert admin.site._registry[model].__class__ is model_admin


def test_the_preview_escapes_and_formats_its_values():
    markup = str(map_preview_html(latitude=1e-7, longitude=-0.5, approximate=True))
    assert 'data-lat="0" data-lon="-0.5"' in markup
    assert "{latitude}" in markup and "{longitude}" in markup  # the script's label template
    assert "hidden" not in markup.split("data-map-preview")[0]
    empty = str(map_preview_html(latitude=None, longitude=None))
    assert 'class="directory-map-preview__frame" hidden' in empty


def test_the_coordination_says_who_manages_a_place_and_a_manager_sees_theirs(admin_client, place):
    from maillage.core.models import Activity
    from tests.factories import PlaceFactory

    manager = UserFactory(roles=[Role.PLACE_MANAGER])
    url = f"/admin/directory/place/{place.pk}/change/"
    data = _post_data(admin_client.get(url))
    data["managers"] = str(manager.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(place.managers.all()) == [manager]
    assert Activity.objects.filter(verb="place.managers_changed").count() == 1

    other = PlaceFactory(nom="Lieu d'un autre")
    manager.is_staff = True  # given the admin site by hand
    manager.save()
    admin_client.force_login(manager)
    listing = admin_client.get("/admin/directory/place/").content.decode()
    assert "Médiathèque Ceccano" in listing and "Lieu d&#x27;un autre" not in listing
    assert admin_client.get(f"/admin/directory/place/{other.pk}/change/").status_code in (302, 403)
    page = admin_client.get(url)
    assert page.status_code == 200 and "managers" not in page.context["adminform"].form.fields
