import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maillage.accounts.models import User
from maillage.accounts.selectors import user_get_by_email, user_list_with_role
from maillage.accounts.services import roles_sync, user_create, user_set_roles
from maillage.core.models import Activity
from maillage.core.permissions import Role

pytestmark = pytest.mark.django_db


def test_create_user_logs_in_with_email_whatever_its_case():
    user = user_create(
        email="Claire.Martin@Provence-Numerique.FR",
        password="un-mot-de-passe-long",
        full_name="Claire Martin",
    )
    assert user.email == "Claire.Martin@provence-numerique.fr"
    assert (
        authenticate(
            username="claire.martin@PROVENCE-numerique.fr", password="un-mot-de-passe-long"
        )
        == user
    )
    assert user_get_by_email(email=" CLAIRE.martin@provence-numerique.fr ") == user
    assert Activity.objects.filter(verb="user.created", target_id=str(user.pk)).exists()


def test_an_email_is_taken_once_whatever_its_case():
    user_create(email="contact@example.org")
    with pytest.raises(ValidationError) as error:
        user_create(email="CONTACT@example.org")
    assert "email" in error.value.message_dict


def test_the_database_refuses_a_duplicate_email_in_another_case():
    user_create(email="contact@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Contact@Example.org")


def test_every_role_has_its_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    counts = roles_sync()
    assert counts["coordinator"] >= 4
    assert counts["admin"] > counts["coordinator"]
    assert roles_sync() == counts  # idempotent


def test_set_roles_and_list_users_by_role():
    user = user_create(email="mediatrice@example.org", roles=[Role.MEDIATOR])
    assert list(user_list_with_role(role=Role.MEDIATOR)) == [user]
    user_set_roles(user=user, roles=[Role.COORDINATOR, Role.ADMIN])
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {"coordinator", "admin"}
    assert user.is_staff  # the admin role opens the admin site


def test_unknown_role_is_refused_with_the_field_named():
    user = user_create(email="someone@example.org")
    with pytest.raises(ValidationError) as error:
        user_set_roles(user=user, roles=["king"])
    assert "roles" in error.value.message_dict


def test_rights_follow_role_changes_at_once_and_losing_admin_closes_the_admin():
    user = user_create(email="benevole@example.org")
    assert not user.has_perm("territory.view_commune")
    user_set_roles(user=user, roles=[Role.MEMBER, Role.ADMIN])
    assert user.has_perm("territory.view_commune")  # no stale permission cache
    assert user.is_staff
    user_set_roles(user=user, roles=[])
    assert not user.has_perm("territory.view_commune")
    user.refresh_from_db()
    assert not user.is_staff


def test_passwords_follow_the_password_rules():
    with pytest.raises(ValidationError) as error:
        user_create(email="weak@example.org", password="password")
    assert "password" in error.value.message_dict
