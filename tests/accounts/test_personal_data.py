"""A person's data: the download holds every section and nobody else's data; the erasure
anonymises, keeps every statistic, refuses a second time writing nothing; guests are
reached by their address; registrations are forgotten 12 months after their session."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from maillage.accounts.models import ApiToken, User
from maillage.accounts.personal_data import PersonalDataRefused, export_summary
from maillage.accounts.services import (
    guest_data_export,
    guest_erase,
    person_data_export,
    person_erase,
    personal_data_expire,
)
from maillage.accounts.tokens import api_token_user
from maillage.booking.models import Booking, BookingTransition, Resource, Training
from maillage.booking.selectors import resource_usage
from maillage.core import personal_data as registry
from maillage.core.models import Activity
from maillage.members.models import Membership, Representative, VolunteerHours
from maillage.members.selectors import member_figures
from maillage.members.services import membership_save, shares_subscribe
from maillage.programme.models import Registration
from maillage.programme.personal_data import months_before
from maillage.programme.selectors import programme_figures
from tests.accounts.factories import (
    a_booking,
    a_person_with_data,
    a_registration,
    a_resource,
    a_session,
    days_ago,
    somebody_else,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JEANNE = ("jeanne.martin@example.org", "Jeanne Martin")


def figures() -> tuple:
    """Every figure the hub computes from bookings, registrations and members."""
    usage = resource_usage(start=days_ago(60), end=days_ago(-1), resources=Resource.objects.all())
    year = timezone.localdate().year
    return (
        [(u.resource.pk, u.booked_hours, u.bookings, u.no_shows) for u in usage],
        sorted(Booking.objects.values_list("state", flat=True)),
        programme_figures(),
        member_figures(year=year),
        member_figures(year=year - 1),
        sorted(Membership.objects.values_list("type", "status")),
        VolunteerHours.objects.count(),
    )


def everything_written() -> str:
    """The text of every row that may name a person, to search for a name or an address."""
    rows = [
        *Booking.objects.values_list("guest_name", "guest_email", "guest_phone", "reason"),
        *Registration.objects.values_list("name", "email", "phone", "organisation_name"),
        *Activity.objects.values_list("target_label", "data"),
        *User.objects.values_list("email", "full_name"),
        *BookingTransition.objects.values_list("note"),
    ]
    return json.dumps(rows, default=str, ensure_ascii=False).lower()


# --- download -------------------------------------------------------------------------------


def test_the_download_holds_every_section_and_nothing_of_anybody_else():
    jeanne = a_person_with_data()
    paul = somebody_else(jeanne.resource, jeanne.session)
    data = person_data_export(user=jeanne.user)
    text = json.dumps(data, ensure_ascii=False)
    assert set(data) == {"generated_at", "account", "roles", "sections"}
    assert data["account"]["email"] == JEANNE[0] and data["roles"] == ["member"]
    assert set(data["sections"]) == {section.name for section in registry.personal_data_sections()}
    booking, programme, members = (data["sections"][n] for n in ("booking", "programme", "members"))
    # Her two bookings as an account and the one she made as a guest with her address.
    assert len(booking["bookings"]) == 3 and len(booking["bookings_for_others"]) == 1
    assert {b["reason"] for b in booking["bookings"]} >= {"Aide pour un dossier"}
    assert len(booking["trainings"]) == 1
    assert [r["name"] for r in programme["registrations"]] == ["J. Martin", "Jeanne Martin"]
    assert len(programme["registrations_for_others"]) == 1
    assert members["memberships"][0]["type"] == "association"
    assert members["representations"][0]["organisation"] == "Club numérique"
    assert members["volunteer_hours"] == [
        {"activity": "Repair café", "date": days_ago(15).date().isoformat(), "hours": "3.00"}
    ]
    assert data["sections"]["account"]["api_keys"][0]["name"] == "Mon téléphone"
    # Nobody else's data; no password, key or key hash.
    for foreign in ("paul", "durand", "ami@example.org", "camille", "club photo", "06 11 22 33 44"):
        assert foreign not in text.lower(), foreign
    for secret in (jeanne.user.password, jeanne.key, jeanne.token.key_hash, paul.password):
        assert secret not in text
    assert "password" not in text and "key_hash" not in text
    summary = {(line.section, line.item): line.count for line in export_summary(data["sections"])}
    assert summary[("booking", "bookings")] == 3
    assert summary[("programme", "registrations")] == 2


# --- erasure --------------------------------------------------------------------------------


def test_the_erasure_anonymises_the_person_and_keeps_every_figure():
    jeanne = a_person_with_data()
    paul = somebody_else(jeanne.resource, jeanne.session)
    admin = UserFactory(roles=["admin"], full_name="Alice Admin")  # a name no trace matches
    before = figures()
    paul_before = person_data_export(user=paul)
    report = person_erase(user=jeanne.user, actor=admin)
    assert figures() == before
    assert report.records > 0 and report.api_keys_revoked == 1 and report.roles_removed == 1
    user = User.objects.get(pk=jeanne.user.pk)
    assert user.email == f"efface-{user.pk}@efface.invalid" and user.full_name == ""
    assert not user.has_usable_password() and not user.is_active and user.erased_at is not None
    assert not user.groups.exists() and not user.is_staff
    assert authenticate(username=JEANNE[0], password="a-long-test-password") is None
    assert api_token_user(jeanne.key) is None
    assert ApiToken.objects.get(pk=jeanne.token.pk).revoked_at is not None
    written = everything_written()
    for trace in ("jeanne", "martin", "04 90 00 00 01", "aide pour un dossier", "réunion de"):
        assert trace not in written, trace
    assert not Training.objects.filter(user=user).exists()
    assert not Representative.objects.filter(person=user).exists()
    assert not Membership.objects.filter(person=user, listed_publicly=True).exists()
    # What belongs to other people stays: Paul, and the friends Jeanne booked for.
    paul_after = person_data_export(user=paul)
    assert paul_after["sections"] == paul_before["sections"]
    assert Booking.objects.filter(guest_email="ami@example.org").exists()
    assert Registration.objects.filter(email="amie@example.org", name="Camille Amie").exists()
    # The log says what, never who.
    erased = Activity.objects.get(verb="person.erased")
    assert erased.actor == admin and erased.target_id == str(user.pk)
    assert "jeanne" not in json.dumps(erased.data).lower() and erased.data["api_keys_revoked"] == 1


def test_the_links_sent_by_e_mail_open_nothing_after_the_erasure():
    jeanne = a_person_with_data()
    own = Booking.objects.filter(user=jeanne.user).exclude(guest_email="ami@example.org")
    tokens = set(own.values_list("token", flat=True))
    tokens |= set(Registration.objects.filter(user=jeanne.user).values_list("token", flat=True))
    person_erase(user=jeanne.user, actor=None)
    assert len(tokens) == 4 and not Booking.objects.filter(token__in=tokens).exists()
    assert Registration.objects.filter(token__in=tokens).count() == 1  # the friend's, kept


def test_erasing_twice_is_refused_with_the_date_and_writes_nothing():
    jeanne = a_person_with_data()
    person_erase(user=jeanne.user, actor=None)
    lines, user = Activity.objects.count(), User.objects.get(pk=jeanne.user.pk)
    rows = everything_written()
    with pytest.raises(PersonalDataRefused) as refused:
        person_erase(user=user, actor=None)
    assert (refused.value.rule, refused.value.field) == ("erased_twice", "user")
    day = timezone.localtime(user.erased_at).strftime("%d/%m/%Y")
    assert str(refused.value) == f"Les données de cette personne ont déjà été effacées le {day}."
    assert Activity.objects.count() == lines and everything_written() == rows
    assert User.objects.get(pk=user.pk).erased_at == user.erased_at


def test_a_person_holding_shares_is_refused_and_nothing_is_half_written():
    jeanne = a_person_with_data()
    from maillage.members.models import College

    college = College.objects.create(slug="usagers", name="Usagers", voting_weight=20)
    societaire = membership_save(
        membership=Membership(
            person=jeanne.user, type="societaire", status="active", college=college,
            started_on=dt.date(2025, 1, 1),
        )
    )  # fmt: skip
    shares_subscribe(membership=societaire, shares=2, date=dt.date(2025, 1, 1))
    rows, lines = everything_written(), Activity.objects.count()
    with pytest.raises(PersonalDataRefused) as refused:
        person_erase(user=jeanne.user, actor=None)
    assert refused.value.rule == "holds_shares"
    # The sections before the refusal (bookings…) were rolled back with the rest.
    assert everything_written() == rows and Activity.objects.count() == lines
    assert User.objects.get(pk=jeanne.user.pk).erased_at is None
    assert Training.objects.filter(user=jeanne.user).exists()


def test_the_last_administrator_cannot_be_erased_but_one_of_two_can():
    admin = UserFactory(roles=["admin"])
    with pytest.raises(PersonalDataRefused) as refused:
        person_erase(user=admin, actor=admin)
    assert refused.value.rule == "last_admin"
    UserFactory(roles=["admin"])
    assert person_erase(user=admin, actor=admin).roles_removed == 1


# --- guests ---------------------------------------------------------------------------------


def test_a_guest_is_exported_and_erased_by_e_mail_address():
    resource, session = a_resource(), a_session(days_ago(12))
    a_booking(resource, days_ago(11), "done", guest_name="Léa Visiteuse",
              guest_email="lea@example.org", guest_phone="07 00 00 00 07")  # fmt: skip
    a_registration(session, True, name="Léa Visiteuse", email="lea@example.org")
    a_registration(session, True, name="Autre", email="autre@example.org")
    before = figures()
    data = guest_data_export(email=" LEA@example.org ")
    assert len(data["sections"]["booking"]["bookings"]) == 1
    assert data["sections"]["programme"]["registrations"][0]["name"] == "Léa Visiteuse"
    assert "autre" not in json.dumps(data)
    report = guest_erase(email="lea@example.org", actor=UserFactory(roles=["admin"]))
    assert report.sections["booking"] >= 1 and report.sections["programme"] >= 1
    assert figures() == before
    assert "léa" not in everything_written() and "lea@" not in everything_written()
    assert Registration.objects.filter(name="Autre").exists()
    lines = Activity.objects.count()
    with pytest.raises(PersonalDataRefused) as refused:
        guest_erase(email="lea@example.org", actor=None)
    assert (refused.value.rule, refused.value.field) == ("nothing_held", "email")
    assert Activity.objects.count() == lines


def test_an_address_with_an_account_is_erased_through_the_account():
    UserFactory(email="compte@example.org")
    for call in (guest_data_export, guest_erase):
        with pytest.raises(PersonalDataRefused) as refused:
            call(email="Compte@example.org")
        assert refused.value.rule == "has_account"


# --- retention ------------------------------------------------------------------------------


def test_registrations_are_forgotten_twelve_months_after_their_session(capsys):
    old, recent = a_session(days_ago(400), title="Vieil atelier"), a_session(days_ago(330))
    user = UserFactory(email="ancien@example.org", full_name="Ancien Inscrit")
    kept = a_registration(recent, True, name="Récente", email="recente@example.org")
    gone = a_registration(
        old, True, name="Ancienne", email="ancienne@example.org", phone="04 90 11 22 33"
    )
    with_account = a_registration(old, False, name="Ancien Inscrit", user=user)
    before = programme_figures()
    call_command("forget-expired", "--no-progress")
    assert "programme" in capsys.readouterr().out
    gone.refresh_from_db(), with_account.refresh_from_db(), kept.refresh_from_db()
    assert (gone.name, gone.phone, gone.organisation_name) == ("Personne effacée", "", "")
    assert gone.email == f"efface-inscription-{gone.pk}@efface.invalid"
    assert (gone.state, with_account.state) == ("attended", "absent")
    assert with_account.user is None and with_account.email.endswith("@efface.invalid")
    assert (kept.name, kept.email) == ("Récente", "recente@example.org")
    assert programme_figures() == before
    assert not Activity.objects.filter(target_id=str(gone.pk), verb__startswith="registration")
    # The account itself is not touched: only its old registration.
    assert User.objects.get(pk=user.pk).full_name == "Ancien Inscrit"
    assert personal_data_expire().sections["programme"] == 0  # a second run changes nothing


def test_forget_expired_reports_counts_and_fails_loudly(monkeypatch, capsys):
    a_registration(a_session(days_ago(500)), True, name="Ancienne", email="a@example.org")
    call_command("forget-expired", "--no-progress")
    out = capsys.readouterr().out
    changed = re.search(r"programme +(\d+) records changed", out)
    assert changed and int(changed.group(1)) >= 1, out

    def broken(now):
        raise RuntimeError("database gone")

    monkeypatch.setitem(
        registry._sections,
        "broken",
        registry.PersonalDataSection("broken", lambda u: {}, lambda u: 0, broken),
    )
    a_registration(a_session(days_ago(450)), True, name="Autre", email="b@example.org")
    with pytest.raises(CommandError, match="broken"):
        call_command("forget-expired", "--no-progress")
    # The sections that worked kept their work.
    assert not Registration.objects.filter(email="b@example.org").exists()


@given(
    st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    st.integers(0, 36),
)
def test_months_before_goes_back_that_many_calendar_months(moment, months):
    earlier = months_before(moment, months)
    assert (moment.year * 12 + moment.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier <= moment and earlier.time() == moment.time()
    if earlier.day != moment.day:  # a shorter month: its last day
        assert earlier.day < moment.day and (earlier + dt.timedelta(days=1)).day == 1


# --- admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"]))
    return client


def test_the_admin_downloads_one_person_and_refuses_several(admin_client):
    jeanne = a_person_with_data()
    other = UserFactory()
    url = "/admin/accounts/user/"
    response = admin_client.post(url, {"action": "download_personal_data",
                                       "_selected_action": [jeanne.user.pk]})  # fmt: skip
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["account"]["email"] == JEANNE[0]
    response = admin_client.post(
        url, {"action": "download_personal_data", "_selected_action": [jeanne.user.pk, other.pk]},
        follow=True,
    )  # fmt: skip
    assert "Choisissez une seule personne" in response.content.decode()


def test_the_admin_erases_after_a_confirmation_and_says_when_it_was_already_done(admin_client):
    jeanne = a_person_with_data()
    url = "/admin/accounts/user/"
    asked = admin_client.post(url, {"action": "erase_personal_data",
                                    "_selected_action": [jeanne.user.pk]})  # fmt: skip
    assert asked.status_code == 200 and "Oui, effacer leurs données" in asked.content.decode()
    assert User.objects.get(pk=jeanne.user.pk).erased_at is None  # asking changes nothing
    confirm = {"action": "erase_personal_data", "_selected_action": [jeanne.user.pk], "post": "yes"}
    done = admin_client.post(url, confirm, follow=True)
    assert "Données de Jeanne Martin effacées" in done.content.decode()
    assert User.objects.get(pk=jeanne.user.pk).erased_at is not None
    again = admin_client.post(url, confirm, follow=True)
    assert again.status_code == 200
    assert "ont déjà été effacées le" in again.content.decode()


def test_the_admin_exports_and_erases_a_guest_by_address(admin_client):
    a_booking(a_resource(), days_ago(3), "done", guest_name="Léa", guest_email="lea@example.org")
    changelist = admin_client.get("/admin/accounts/user/").content.decode()
    assert "/admin/accounts/user/donnees-sans-compte/" in changelist
    url = "/admin/accounts/user/donnees-sans-compte/"
    assert admin_client.get(url).status_code == 200
    exported = admin_client.post(url, {"email": "lea@example.org", "do": "export"})
    assert json.loads(exported.content)["sections"]["booking"]["bookings"][0]["name"] == "Léa"
    unconfirmed = admin_client.post(url, {"email": "lea@example.org", "do": "erase"})
    assert "Cochez la case" in unconfirmed.content.decode()
    assert Booking.objects.filter(guest_email="lea@example.org").exists()
    erased = admin_client.post(url, {"email": "lea@example.org", "do": "erase", "confirm": "on"})
    assert "effacées" in erased.content.decode()
    assert not Booking.objects.filter(guest_email="lea@example.org").exists()
    again = admin_client.post(url, {"email": "lea@example.org", "do": "erase", "confirm": "on"})
    assert "Aucune donnée n'est enregistrée" in html.unescape(again.content.decode())


def test_only_the_admin_opens_the_guest_page(client):
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get("/admin/accounts/user/donnees-sans-compte/").status_code == 302


def test_hours_are_kept_as_decimals_in_the_statistics():
    jeanne = a_person_with_data()
    person_erase(user=jeanne.user, actor=None)
    assert VolunteerHours.objects.get(person=jeanne.user).hours == Decimal(3)
