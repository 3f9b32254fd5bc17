import pytest
from django.test import RequestFactory

from maillage.core.permissions import Role, object_rule
from maillage.territory.admin import CommuneAdmin
from maillage.territory.models import Commune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vaucluse_only_rule():
    from maillage.core import permissions

    object_rule(Commune, "view")(lambda user, commune: commune.departement_id == "84")
    yield
    permissions._object_rules.pop((Commune, "view"))


def test_the_admin_asks_the_object_rules(vaucluse_only_rule):
    from django.contrib import admin

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(roles=[Role.COORDINATOR])
    model_admin = CommuneAdmin(Commune, admin.site)
    assert model_admin.has_view_permission(request)  # the list: model permission
    assert model_admin.has_view_permission(request, Commune.objects.get(code="84080"))
    assert not model_admin.has_view_permission(request, Commune.objects.get(code="13055"))
    assert not model_admin.has_change_permission(request, Commune.objects.get(code="84080"))


def test_a_coordinator_sees_communes_in_the_admin_but_cannot_change_them(client):
    coordinator = UserFactory(roles=[Role.COORDINATOR, Role.ADMIN])
    coordinator_only = UserFactory(roles=[Role.COORDINATOR])
    client.force_login(coordinator_only)
    assert client.get("/admin/territory/commune/").status_code == 302  # not staff
    client.force_login(coordinator)
    assert client.get("/admin/territory/commune/84080/change/").status_code == 200
