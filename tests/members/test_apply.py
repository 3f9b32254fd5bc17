"""Applying for membership: for oneself, for an organisation one acts for, for a new one
(created with its representative and the membership, all or nothing); each refusal names
the field and writes nothing; the coordination hears of it and admits the application."""

import pytest

from maillage.core.models import Activity
from maillage.directory.models import Organisation
from maillage.directory.selectors import organisation_count, organisation_search
from maillage.members.models import Membership, Representative
from maillage.members.services import (
    MembershipRefused,
    NewOrganisation,
    membership_apply,
    membership_transition,
    representative_add,
)
from maillage.territory.models import Commune
from tests.factories import OrganisationFactory, UserFactory
from tests.members.factories import college, member

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Representative.objects.count(),
        Membership.objects.count(),
        Activity.objects.count(),
    )


def test_a_person_applies_for_themselves_with_a_college():
    person = UserFactory()
    college("salaries")
    membership = membership_apply(
        person=person, type="societaire", college="salaries", message="  Je veux voter.  "
    )
    assert membership.status == "applicant" and membership.person == person
    assert membership.organisation is None and membership.college.slug == "salaries"
    assert membership.application_message == "Je veux voter."
    assert membership.started_on is None
    applied = Activity.objects.get(verb="membership.applied")
    assert applied.actor == person and applied.target_id == str(membership.pk)


def test_a_new_organisation_its_representative_and_its_membership_come_together():
    person = UserFactory()
    monteux = Commune.objects.get(code="84080")
    membership = membership_apply(
        person=person,
        type="association",
        new_organisation=NewOrganisation(
            name="  Repair   Café Monteux ", kind="association", commune=monteux, size="0",
            title="Trésorière",
        ),
    )  # fmt: skip
    organisation = membership.organisation
    assert organisation.name == "Repair Café Monteux" and organisation.commune == monteux
    assert organisation.size == "0" and organisation.search_name
    link = Representative.objects.get(organisation=organisation)
    assert link.person == person and link.may_edit and link.title == "Trésorière"
    assert membership.status == "applicant" and membership.person is None
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {"organisation.created", "representative.added", "membership.applied"} <= verbs


def test_a_representative_applies_for_their_organisation():
    person = UserFactory()
    organisation = OrganisationFactory(name="Data Sorgues")
    representative_add(person=person, organisation=organisation)
    membership = membership_apply(person=person, organisation=organisation, type="partner")
    assert membership.organisation == organisation and membership.status == "applicant"
    assert Representative.objects.count() == 1  # no second link


REFUSALS = [
    # (rule, field, arguments other than person)
    ("college_required", "college", {"type": "societaire"}),
    ("unknown_college", "college", {"type": "societaire", "college": "inconnu"}),
    ("college_of_societaires", "college", {"type": "association", "college": "beneficiaires"}),
    ("type", "type", {"type": "adherent"}),
    ("type_for_organisations", "type", {"type": "partner"}),
    ("message", "message", {"type": "association", "message": "x" * 2001}),
    ("organisation_name", "organisation_name",
     {"type": "association", "new_organisation": NewOrganisation(name="  ", kind="association")}),
    ("organisation_kind", "organisation_kind",
     {"type": "association", "new_organisation": NewOrganisation(name="Neuve", kind="ovni")}),
    ("organisation_size", "organisation_size",
     {"type": "association",
      "new_organisation": NewOrganisation(name="Neuve", kind="association", size="12")}),
    ("organisation_exists", "organisation_name",
     {"type": "association",
      "new_organisation": NewOrganisation(name="mairie de monteux", kind="local_authority")}),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "field", "arguments"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_its_field_and_writes_nothing(rule, field, arguments):
    college("beneficiaires")
    OrganisationFactory(name="Mairie de Monteux")
    person = UserFactory()
    before = _counts()
    with pytest.raises(MembershipRefused) as refused:
        membership_apply(person=person, **arguments)
    assert (refused.value.rule, refused.value.field) == (rule, field)
    assert str(refused.value)
    assert _counts() == before


def test_an_organisation_one_does_not_act_for_is_refused():
    person = UserFactory()
    organisation = OrganisationFactory(name="Voisine")
    reader = UserFactory()
    representative_add(person=reader, organisation=organisation, may_edit=False)
    representative_add(person=person, organisation=OrganisationFactory(name="La mienne"))
    before = _counts()
    for who in (person, reader):  # a stranger, and a representative who may not edit it
        with pytest.raises(MembershipRefused) as refused:
            membership_apply(person=who, organisation=organisation, type="partner")
        assert (refused.value.rule, refused.value.field) == ("not_representative", "organisation")
        assert "Voisine" in str(refused.value)
    assert _counts() == before


def test_both_an_organisation_and_a_new_one_is_refused():
    person = UserFactory()
    organisation = OrganisationFactory()
    representative_add(person=person, organisation=organisation)
    before = _counts()
    with pytest.raises(MembershipRefused) as refused:
        membership_apply(
            person=person, organisation=organisation, type="partner",
            new_organisation=NewOrganisation(name="Autre", kind="association"),
        )  # fmt: skip
    assert (refused.value.rule, refused.value.field) == ("one_member", "organisation")
    assert _counts() == before


@pytest.mark.parametrize("status", ["applicant", "active", "lapsed"])
def test_a_member_with_a_current_membership_of_that_type_is_refused(status):
    person = UserFactory()
    organisation = OrganisationFactory(name="Déjà membre")
    representative_add(person=person, organisation=organisation)
    existing = member(organisation=organisation, type="association", status="applicant",
                      college_code=None)  # fmt: skip
    if status != "applicant":
        existing = membership_transition(membership=existing, to="active")
    if status == "lapsed":
        membership_transition(membership=existing, to="lapsed")
    before = _counts()
    with pytest.raises(MembershipRefused) as refused:
        membership_apply(person=person, organisation=organisation, type="association")
    assert (refused.value.rule, refused.value.field) == ("already_member", "type")
    assert _counts() == before
    # Another type is a new application; so is the same type once the member has left.
    assert membership_apply(person=person, organisation=organisation, type="partner").pk
    membership_transition(membership=existing, to="left")
    assert membership_apply(person=person, organisation=organisation, type="association").pk


def test_a_person_already_applying_is_refused():
    person = UserFactory()
    membership_apply(person=person, type="association")
    with pytest.raises(MembershipRefused) as refused:
        membership_apply(person=person, type="association")
    assert refused.value.rule == "already_member"
    assert Membership.objects.filter(person=person).count() == 1


def test_the_coordination_admits_an_application():
    person = UserFactory()
    college("beneficiaires")
    membership = membership_apply(person=person, type="societaire", college="beneficiaires")
    admitted = membership_transition(membership=membership, to="active")
    assert admitted.status == "active" and admitted.started_on is not None
    assert admitted.college.slug == "beneficiaires"


def test_an_organisation_created_by_its_application_is_public_once_admitted():
    """Security review, finding 7: an organisation applying for membership appeared in the
    public directory of actors before it was admitted. It waits out of it; admitting the
    application lists it; a declined one stays out."""
    person, other = UserFactory(), UserFactory()
    applied = membership_apply(
        person=person, type="partner",
        new_organisation=NewOrganisation(name="Fablab du Comtat", kind="association"),
    )  # fmt: skip
    declined = membership_apply(
        person=other, type="partner",
        new_organisation=NewOrganisation(name="Fablab refusé", kind="association"),
    )  # fmt: skip
    known = OrganisationFactory(name="Fablab de Carpentras")
    assert not applied.organisation.listed and known.listed
    assert [o.name for o in organisation_search(query="fablab").items] == [known.name]
    assert organisation_count() == 1
    membership_transition(membership=applied, to="active")
    membership_transition(membership=declined, to="left")
    assert Organisation.objects.get(pk=applied.organisation_id).listed
    assert not Organisation.objects.get(pk=declined.organisation_id).listed
    assert [o.name for o in organisation_search(query="fablab").items] == [
        "Fablab de Carpentras", "Fablab du Comtat",
    ]  # fmt: skip
    listed = Activity.objects.get(verb="organisation.listing_changed")
    assert listed.target_id == str(applied.organisation_id) and listed.data == {"listed": True}


def test_the_coordination_is_emailed_when_the_hub_has_an_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        membership_apply(person=person, type="association", message="Bonjour")
    assert mailoutbox == []  # no hub, no address: nobody to tell
    OrganisationFactory(name="Le pôle", is_hub=True, email="coordination@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        membership_apply(
            person=person, type="association",
            new_organisation=NewOrganisation(name="Fablab du Comtat", kind="association"),
        )  # fmt: skip
    (mail,) = mailoutbox
    assert mail.to == ["coordination@example.org"] and mail.reply_to == ["lea@example.org"]
    assert "Fablab du Comtat" in mail.subject and "lea@example.org" in mail.body


def test_a_refused_application_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    OrganisationFactory(name="Le pôle", is_hub=True, email="coordination@example.org")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(MembershipRefused):
        membership_apply(person=UserFactory(), type="societaire")
    assert mailoutbox == []
