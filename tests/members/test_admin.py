"""The cooperative's admin saves through the services: refusals show on the form, the
membership's life moves by actions, the year's dues are called from the calls' list."""

import html
from decimal import Decimal

import pytest

from maillage.core.models import Activity
from maillage.members.models import DuesCall, DuesPayment, Membership, Representative
from maillage.members.services import dues_call
from tests.factories import OrganisationFactory, UserFactory
from tests.members.factories import DAY, member, rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"]))
    return client


def test_every_admin_page_opens(admin_client):
    membership = member("Comtat")
    call = dues_call(membership=membership, year=2026, amount=Decimal(30), called_on=DAY)
    for url in (
        "/admin/members/", "/admin/members/representative/", "/admin/members/representative/add/",
        "/admin/members/duesrule/", "/admin/members/duesrule/add/", "/admin/members/duescall/",
        "/admin/members/duescall/add/", "/admin/members/duescall/appeler-l-annee/",
        "/admin/members/duespayment/", "/admin/members/duespayment/add/",
        "/admin/members/volunteerhours/", "/admin/members/volunteerhours/add/",
        "/admin/members/fundingline/", "/admin/members/fundingline/add/",
        "/admin/members/cooperativeterms/", f"/admin/members/duescall/{call.pk}/change/",
        f"/admin/members/membership/{membership.pk}/change/",
    ):  # fmt: skip
        assert admin_client.get(url).status_code == 200, url


def test_a_payment_recorded_twice_in_the_admin_shows_the_refusal(admin_client):
    call = dues_call(membership=member("Comtat"), year=2026, amount=Decimal(30), called_on=DAY)
    form = {"call": call.pk, "amount": "30", "paid_on": "2026-02-01", "reference": "VIR-1"}
    assert admin_client.post("/admin/members/duespayment/add/", form).status_code == 302
    again = admin_client.post("/admin/members/duespayment/add/", {**form, "reference": "VIR-2"})
    assert again.status_code == 200
    assert "déjà payée" in html.unescape(again.content.decode())
    assert list(DuesPayment.objects.values_list("reference", flat=True)) == ["VIR-1"]
    assert Activity.objects.filter(verb="dues.paid").count() == 1


def test_the_membership_form_refuses_an_unknown_state_change_and_actions_move_it(admin_client):
    membership = member("Comtat", status="applicant")
    page = admin_client.get(f"/admin/members/membership/{membership.pk}/change/")
    assert "status" not in page.context["adminform"].form.fields  # read-only: by actions
    answer = admin_client.post(
        "/admin/members/membership/",
        {"action": "admit", "_selected_action": [membership.pk]},
    )
    assert answer.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "active" and membership.started_on is not None
    admin_client.post(
        "/admin/members/membership/", {"action": "admit", "_selected_action": [membership.pk]}
    )
    membership.refresh_from_db()
    assert membership.status == "active"  # active → active is refused, with a message
    added = admin_client.post(
        "/admin/members/membership/add/",
        {"organisation": OrganisationFactory().pk, "type": "partner", "status": "active",
         "college": membership.college_id, "started_on": "2026-01-15"},
    )  # fmt: skip
    assert added.status_code == 200
    assert "Seuls les sociétaires siègent dans un collège." in html.unescape(added.content.decode())
    assert Membership.objects.count() == 1


def test_calling_the_year_from_the_admin(admin_client):
    rule(30)
    member("Comtat")
    answer = admin_client.post(
        "/admin/members/duescall/appeler-l-annee/", {"year": 2026, "called_on": "2026-01-15"}
    )
    assert answer.status_code == 302
    assert DuesCall.objects.get().amount == Decimal(30)


def test_representatives_are_added_once_through_the_service(admin_client):
    person, organisation = UserFactory(), OrganisationFactory()
    form = {"person": person.pk, "organisation": organisation.pk, "title": "Gérante",
            "may_edit": "on"}  # fmt: skip
    assert admin_client.post("/admin/members/representative/add/", form).status_code == 302
    again = admin_client.post("/admin/members/representative/add/", form)
    assert again.status_code == 200 and Representative.objects.count() == 1
    assert Activity.objects.filter(verb="representative.added").count() == 1
