"""The cooperative: the public member directory, funding mix and figures; a member's page,
statement and receipts for the coordination and the member's own people; the member space
and the application page for everybody logged in, where a member changes or applies for
only the organisations they act for; the dashboard (applications admitted there) and
exports for the coordination."""

import datetime as dt
from decimal import Decimal

from maillage.members.models import College, DuesRule, Membership
from maillage.members.services import dues_call, dues_pay
from tests.access.table import EVERYBODY, HUB, LOGGED_IN, Row, expect
from tests.factories import OrganisationFactory

DAY = dt.date(2026, 1, 15)
# Only the coordination and administrators, plus the member acting for the organisation.
OWN = expect(403, anonymous=302, member=200, coordinator=200, admin=200)
NOT_OWN = expect(403, anonymous=302, coordinator=200, admin=200)


def objects(world) -> None:
    college = College.objects.create(slug="beneficiaires", name="Bénéficiaires", voting_weight=40)
    DuesRule.objects.create(membership_type="societaire", amount=Decimal(30))

    def societaire(organisation, listed=False) -> Membership:
        return Membership.objects.create(
            organisation=organisation, type="societaire", status="active", college=college,
            started_on=DAY, listed_publicly=listed,
        )  # fmt: skip

    own = societaire(world.organisation)
    other = societaire(world.other_organisation)

    def payment(membership):
        call = dues_call(membership=membership, year=2026, amount=Decimal(30), called_on=DAY)
        return dues_pay(call=call, amount=Decimal(30), paid_on=DAY, reference="VIR")

    listed = societaire(OrganisationFactory(name="Sociétaire listé"), listed=True)
    applicant = Membership.objects.create(
        organisation=OrganisationFactory(name="Candidate"), type="association", status="applicant"
    )
    world.extra.update(
        applicant_membership=applicant,
        unpaid_call=dues_call(membership=listed, year=2026, amount=Decimal(30), called_on=DAY),
        own_membership=own,
        other_membership=other,
        listed_membership=listed,
        own_payment=payment(own),
        other_payment=payment(other),
    )


def _card(world) -> dict:
    return {"name": world.organisation.name, "description": "Fiche revue.", "email": "",
            "telephone": "", "website": "", "address": "", "sectors": "", "skills": ""}  # fmt: skip


ROWS = [
    Row("GET", "web:members", "/membres/", EVERYBODY),
    Row("GET", "web:members", "/membres/?college=inconnu", EVERYBODY, note="unknown college"),
    Row(
        "GET",
        "web:member",
        lambda w: f"/membres/{w.listed_membership.pk}/",
        EVERYBODY,
        note="a member in the public directory",
    ),
    Row(
        "GET",
        "web:member",
        lambda w: f"/membres/{w.own_membership.pk}/",
        OWN,
        note="unlisted: the organisation the member acts for",
    ),
    Row(
        "GET",
        "web:member",
        lambda w: f"/membres/{w.other_membership.pk}/",
        NOT_OWN,
        note="unlisted: an organisation the member does not act for",
    ),
    Row("GET", "web:member", "/membres/999999/", expect(404)),
    Row(
        "POST",
        "web:member",
        lambda w: f"/membres/{w.own_membership.pk}/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data={"to": "lapsed"},
        note="only the coordination changes the status, even of one's own organisation",
    ),
    Row("GET", "web:member-space", "/espace-membre/", LOGGED_IN),
    Row(
        "POST",
        "web:member-space",
        "/espace-membre/",
        expect(403, anonymous=302, member=302, coordinator=302, admin=302),
        data=lambda w: {"action": "listed", "membership": w.own_membership.pk, "listed": "on"},
        note="directory choice of the organisation the member acts for",
    ),
    Row(
        "POST",
        "web:member-space",
        "/espace-membre/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=lambda w: {"action": "listed", "membership": w.other_membership.pk, "listed": "on"},
        note="directory choice of someone else's organisation",
    ),
    Row(
        "POST",
        "web:member-space",
        "/espace-membre/",
        expect(302),
        data={"action": "hours", "activity": "Repair café", "date": "2026-01-15", "hours": "2"},
        note="one's own volunteer hours (anonymous: to the login page)",
    ),
    Row(
        "GET",
        "web:member-organisation",
        lambda w: f"/espace-membre/organisation/{w.organisation.pk}/",
        OWN,
        note="the organisation the member acts for",
    ),
    Row(
        "GET",
        "web:member-organisation",
        lambda w: f"/espace-membre/organisation/{w.other_organisation.pk}/",
        NOT_OWN,
        note="an organisation the member does not act for",
    ),
    Row(
        "POST",
        "web:member-organisation",
        lambda w: f"/espace-membre/organisation/{w.organisation.pk}/",
        expect(403, anonymous=302, member=302, coordinator=302, admin=302),
        data=_card,
        note="save the card of the organisation the member acts for",
    ),
    Row(
        "POST",
        "web:member-organisation",
        lambda w: f"/espace-membre/organisation/{w.other_organisation.pk}/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=_card,
        note="save the card of someone else's organisation",
    ),
    Row("GET", "web:member-apply", "/membres/adherer/", LOGGED_IN),
    Row(
        "POST",
        "web:member-apply",
        "/membres/adherer/",
        expect(302),
        data={"organisation": "self", "type": "association", "message": "Bonjour"},
        note="apply for oneself: to the member space (anonymous: to the login page)",
    ),
    Row(
        "POST",
        "web:member-apply",
        "/membres/adherer/",
        LOGGED_IN,
        data={"organisation": "self", "type": "societaire", "college": ""},
        note="a sociétaire without a college: the error on the field, nothing written",
    ),
    Row(
        "POST",
        "web:member-apply",
        "/membres/adherer/",
        expect(200, anonymous=302, member=302),
        data=lambda w: {"organisation": w.organisation.pk, "type": "partner"},
        note="for the organisation the member acts for (the others may not choose it)",
    ),
    Row(
        "POST",
        "web:member-apply",
        "/membres/adherer/",
        LOGGED_IN,
        data=lambda w: {"organisation": w.other_organisation.pk, "type": "partner"},
        note="for an organisation nobody of the world acts for: refused on the field",
    ),
    Row("GET", "web:funding", "/cooperative/financement/?annee=2026", EVERYBODY),
    Row(
        "GET",
        "web:dues-receipt",
        lambda w: f"/cooperative/recu/{w.own_payment.pk}/",
        OWN,
        note="receipt of the organisation the member acts for",
    ),
    Row(
        "GET",
        "web:dues-receipt",
        lambda w: f"/cooperative/recu/{w.other_payment.pk}/",
        NOT_OWN,
        note="receipt of another member",
    ),
    Row("GET", "web:cooperative", "/equipe/cooperative/?annee=2026", HUB),
    Row(
        "POST",
        "web:cooperative",
        "/equipe/cooperative/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data={"action": "call", "year": 2027, "called_on": "2027-01-15"},
        note="call the year's dues",
    ),
    Row(
        "POST",
        "web:cooperative",
        "/equipe/cooperative/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=lambda w: {
            "action": "pay",
            "call": w.unpaid_call.pk,
            "amount": "30",
            "paid_on": "2026-02-01",
            "reference": "CHQ 1",
        },
        note="record a payment",
    ),
    Row(
        "POST",
        "web:cooperative",
        "/equipe/cooperative/",
        expect(403, anonymous=302, coordinator=200, admin=200),
        data=lambda w: {
            "action": "pay",
            "call": w.own_payment.call_id,
            "amount": "30",
            "paid_on": "2026-02-01",
            "reference": "CHQ 2",
        },
        note="paid twice: refused, the page says why",
    ),
    Row(
        "POST",
        "web:cooperative",
        "/equipe/cooperative/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=lambda w: {"action": "admit", "membership": w.applicant_membership.pk},
        note="admit an application",
    ),
    Row("GET", "web:cooperative-export", "/equipe/cooperative/export/members.csv", HUB),
    Row("GET", "web:cooperative-export", "/equipe/cooperative/export/register.xlsx", HUB),
    Row("GET", "web:cooperative-export", "/equipe/cooperative/export/dues.csv?annee=2026", HUB),
    Row("GET", "web:cooperative-export", "/equipe/cooperative/export/volunteering.xlsx", HUB),
    Row(
        "GET",
        "web:cooperative-export",
        "/equipe/cooperative/export/secrets.csv",
        expect(403, anonymous=302, coordinator=404, admin=404),
        note="unknown export",
    ),
    Row("GET", "/api/v1/members", "/api/v1/members?status=active", EVERYBODY),
    Row(
        "GET",
        "/api/v1/members",
        "/api/v1/members?college=inconnu",
        expect(404),
        note="a code of no college",
    ),
    Row("GET", "/api/v1/members", "/api/v1/members?status=inconnu", expect(422)),
    Row("GET", "/api/v1/members/figures", "/api/v1/members/figures?year=2026", EVERYBODY),
]
