import pytest

from maillage.core.permissions import Role, can
from maillage.members.models import Representative
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_edits_the_organisations_they_act_for():
    person = UserFactory(roles=[Role.MEMBER])
    first, second, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    Representative.objects.create(person=person, organisation=first)
    Representative.objects.create(person=person, organisation=second)  # acts for several
    assert can(person, "change", first) and can(person, "change", second)
    assert not can(person, "change", other)
    assert not can(person, "delete", first)


def test_a_representative_without_the_edit_right_cannot():
    person = UserFactory(roles=[Role.MEMBER])
    organisation = OrganisationFactory()
    Representative.objects.create(person=person, organisation=organisation, may_edit=False)
    assert not can(person, "change", organisation)


def test_the_coordination_edits_every_organisation():
    assert can(UserFactory(roles=[Role.COORDINATOR]), "change", OrganisationFactory())
