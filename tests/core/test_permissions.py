import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.core.permissions import Role, can, has_role, object_rule, roles_of
from maillage.territory.models import Commune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vaucluse_only_rule():
    """A per-object rule like the later ones: coordinators may view Vaucluse communes only."""
    from maillage.core import permissions

    rule = object_rule(Commune, "view")(lambda user, commune: commune.departement_id == "84")
    yield rule
    permissions._object_rules.pop((Commune, "view"))


def test_roles_are_groups_and_superusers_have_them_all():
    mediator = UserFactory(roles=[Role.MEDIATOR])
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert has_role(mediator, Role.MEDIATOR)
    assert not has_role(mediator, Role.COORDINATOR)
    assert roles_of(mediator) == {"mediator"}
    assert roles_of(admin) == set(Role.values)
    assert not has_role(AnonymousUser(), Role.MEMBER)


def test_model_permission_comes_from_the_role_group():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    nobody = UserFactory()
    monteux = Commune.objects.get(code="84080")
    assert can(coordinator, "view", monteux)
    assert not can(nobody, "view", monteux)
    assert not can(coordinator, "change", monteux)


def test_object_rule_narrows_the_model_permission(vaucluse_only_rule):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    monteux, marseille = Commune.objects.get(code="84080"), Commune.objects.get(code="13055")
    assert can(coordinator, "view", monteux)
    assert not can(coordinator, "view", marseille)
    # Django's own API goes through the same rule.
    assert coordinator.has_perm("territory.view_commune", monteux)
    assert not coordinator.has_perm("territory.view_commune", marseille)
    assert coordinator.has_perm("territory.view_commune")  # model level, unaffected


def test_inactive_users_can_do_nothing():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    coordinator.is_active = False
    assert not can(coordinator, "view", Commune.objects.get(code="84080"))
    assert not has_role(coordinator, Role.COORDINATOR)
