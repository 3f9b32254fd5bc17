"""The application page: for people logged in, it explains the types, the colleges and
the share; applying lands on the member space, which shows the application; errors sit on
their field and write nothing; the coordination admits an application from its dashboard."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from maillage.directory.models import Organisation
from maillage.members.models import Membership, Representative
from maillage.members.services import cooperative_terms, membership_apply, representative_add
from tests.factories import OrganisationFactory, UserFactory
from tests.members.factories import college, member

pytestmark = pytest.mark.django_db

URL = "/membres/adherer/"


@pytest.fixture
def person(client):
    user = UserFactory(full_name="Léa Martin")
    client.force_login(user)
    return user


def _post(client, **data):
    return client.post(URL, {"organisation": "self", "type": "association", **data})


def test_anonymous_people_are_sent_to_the_login_page(client):
    page = client.get(URL)
    assert page.status_code == 302
    assert page["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert "next=/membres/adherer/" in page["Location"]
    assert client.post(URL, {"organisation": "self", "type": "association"}).status_code == 302
    assert not Membership.objects.exists()


def test_the_page_explains_types_colleges_and_the_share(client, person):
    college("salaries", weight=35, name="Salariés")
    college("collectivites", weight=20, name="Collectivités")
    terms = cooperative_terms()
    terms.share_value = 150
    terms.save()
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Salariés" in text and "35 %" in text and "Collectivités" in text
    assert "150 €" in text
    assert "Sociétaire de la SCIC" in text and "Partenaire" in text
    assert 'for="id_organisation"' in text and 'for="id_college"' in text
    assert "Moi-même (Léa Martin)" in text


def test_a_person_applies_and_the_member_space_shows_it(client, person):
    college("salaries", name="Salariés")
    response = _post(client, type="societaire", college="salaries", message="Bonjour !")
    assert response.status_code == 302 and response["Location"] == "/espace-membre/"
    membership = Membership.objects.get(person=person)
    assert (membership.status, membership.college.slug) == ("applicant", "salaries")
    assert membership.application_message == "Bonjour !"
    space = client.get(response["Location"])
    text = space.content.decode()
    assert "Votre candidature est enregistrée : la coordination vous répondra." in text
    assert 'data-testid="pending-application"' in text and "Candidature" in text
    assert f'href="{URL}"' in text  # "Adhérer" in the member space


def test_the_college_is_ignored_for_other_types(client, person):
    college("salaries")
    assert _post(client, type="association", college="salaries").status_code == 302
    assert Membership.objects.get(person=person).college is None


def test_a_person_applies_for_a_new_organisation_picked_by_its_commune_code(client, person):
    response = _post(
        client, organisation="new", organisation_name="Fablab du Comtat",
        organisation_kind="association", organisation_commune="84080", organisation_size="1-9",
        title="Présidente", type="partner",
    )  # fmt: skip
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fablab du Comtat")
    assert organisation.commune_id == "84080" and organisation.size == "1-9"
    assert Representative.objects.get(organisation=organisation).person == person
    assert Membership.objects.get(organisation=organisation).type == "partner"


def test_a_new_organisation_stays_out_of_the_public_directory_until_admitted(client, person):
    """Security review, finding 7: an organisation applying for membership appeared among
    the actors (/acteurs/, its card, its commune's page, the count on the home page) before
    it was admitted. Its own people see its card, with a notice; nobody else until then."""
    response = _post(
        client, organisation="new", organisation_name="Fablab du Comtat",
        organisation_kind="association", organisation_commune="84080", type="partner",
    )  # fmt: skip
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fablab du Comtat")
    card = f"/acteurs/{organisation.pk}/"
    own = client.get(card)
    assert own.status_code == 200 and 'data-testid="unlisted"' in own.content.decode()
    client.logout()
    assert "Fablab du Comtat" not in client.get("/acteurs/").content.decode()
    assert "Fablab du Comtat" not in client.get("/acteurs/", {"q": "fablab"}).content.decode()
    assert "Fablab du Comtat" not in client.get("/territoire/84080/").content.decode()
    assert "Fablab du Comtat" not in client.get("/membres/").content.decode()
    assert client.get(card).status_code == 404
    client.force_login(UserFactory(roles=["member"]))
    assert client.get(card).status_code == 404
    coordinator = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    assert client.get(card).status_code == 200
    client.post(
        "/equipe/cooperative/",
        {"action": "admit", "membership": Membership.objects.get(organisation=organisation).pk},
    )
    client.logout()
    public = client.get(card)
    assert public.status_code == 200 and 'data-testid="unlisted"' not in public.content.decode()
    assert "Fablab du Comtat" in client.get("/acteurs/", {"q": "fablab"}).content.decode()


def test_a_commune_by_its_name_or_the_suggestions_form(client, person):
    assert (
        _post(
            client, organisation="new", organisation_name="A", organisation_kind="association",
            organisation_commune="Monteux (84080)",
        ).status_code
        == 302
    )  # fmt: skip
    assert Organisation.objects.get(name="A").commune_id == "84080"
    page = _post(
        client, organisation="new", organisation_name="B", organisation_kind="association",
        organisation_commune="Nullepart-sur-Rien",
    )  # fmt: skip
    assert page.status_code == 200
    assert page.context["form"].errors["organisation_commune"]


def test_a_representative_applies_for_their_organisation(client, person):
    organisation = OrganisationFactory(name="Comtat Logiciels")
    representative_add(person=person, organisation=organisation)
    text = client.get(URL).content.decode()
    assert "Comtat Logiciels" in text
    assert _post(client, organisation=str(organisation.pk), type="partner").status_code == 302
    assert Membership.objects.get(organisation=organisation).status == "applicant"


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"type": "societaire"}, "college", "collège"),
        ({"type": "partner"}, "type", "réservé aux organisations"),
        ({"organisation": "new", "organisation_kind": "association"}, "organisation_name",
         "nom de l'organisation"),
        ({"organisation": "new", "organisation_name": "Neuve"}, "organisation_kind",
         "type d'organisation"),
        ({"organisation": "new", "organisation_name": "mairie DE monteux",
          "organisation_kind": "association"}, "organisation_name", "déjà dans l'annuaire"),
        ({"type": ""}, "type", "obligatoire"),
    ],
)  # fmt: skip
def test_errors_name_their_field_and_write_nothing(client, person, data, field, words):
    OrganisationFactory(name="Mairie de Monteux")
    before = (Organisation.objects.count(), Membership.objects.count())
    page = _post(client, **data)
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert list(errors) == [field] and words in " ".join(errors[field])
    assert f'id="id_{field}_error"' in page.content.decode()
    assert (Organisation.objects.count(), Membership.objects.count()) == before


def test_an_organisation_one_does_not_act_for_cannot_be_chosen(client, person):
    other = OrganisationFactory(name="Voisine")
    reader = OrganisationFactory(name="Lue seulement")
    representative_add(person=person, organisation=reader, may_edit=False)
    assert "Voisine" not in client.get(URL).content.decode()
    for organisation in (other, reader):
        page = _post(client, organisation=str(organisation.pk), type="partner")
        assert page.status_code == 200 and "organisation" in page.context["form"].errors
    assert not Membership.objects.exists()


def test_already_member_is_said_on_the_type(client, person):
    membership_apply(person=person, type="association")
    page = _post(client)
    assert page.status_code == 200
    assert "déjà une adhésion en cours" in " ".join(page.context["form"].errors["type"])
    assert Membership.objects.count() == 1


def test_the_directory_links_to_the_application_page(client):
    assert f'href="{URL}"' in client.get("/membres/").content.decode()


# --- The coordination answers ---------------------------------------------------------------------


@pytest.fixture
def coordinator(client):
    user = UserFactory(roles=["coordinator"])
    client.force_login(user)
    return user


def test_the_dashboard_lists_the_applications_and_admits_one(client, coordinator):
    college("salaries", name="Salariés")
    applicant = UserFactory(full_name="Paul Durand")
    membership = membership_apply(
        person=applicant, type="societaire", college="salaries", message="Je suis salarié."
    )
    member("Active", listed=True)  # not an application
    page = client.get("/equipe/cooperative/")
    text = page.content.decode()
    assert list(page.context["applications"]) == [membership]
    assert "Paul Durand" in text and "Je suis salarié." in text and "Salariés" in text
    assert "Sociétaire de la SCIC" in text
    response = client.post("/equipe/cooperative/", {"action": "admit", "membership": membership.pk})
    assert response.status_code == 302 and response["Location"].endswith("#candidatures")
    membership.refresh_from_db()
    assert membership.status == "active" and membership.started_on is not None
    assert not client.get("/equipe/cooperative/").context["applications"]


def test_admitting_twice_says_why_and_changes_nothing(client, coordinator):
    membership = member("Déjà active", type="association", college_code=None)
    response = client.post(
        "/equipe/cooperative/", {"action": "admit", "membership": membership.pk}, follow=True
    )
    assert "ne peut pas passer" in response.content.decode()
    assert client.post(
        "/equipe/cooperative/", {"action": "admit", "membership": "999999"}
    ).status_code == 404  # fmt: skip


def test_only_the_coordination_admits(client, person):
    membership = membership_apply(person=UserFactory(), type="association")
    response = client.post("/equipe/cooperative/", {"action": "admit", "membership": membership.pk})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == "applicant"
