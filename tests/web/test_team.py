import pytest
from django.urls import reverse

from maillage.core.permissions import Role
from maillage.web.views.team import TEAM_LINKS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_team_link_leads_to_a_page():
    for link in TEAM_LINKS:
        assert reverse(link.url_name)


def test_each_role_sees_the_links_of_its_role(client):
    coordinator_only = [link for link in TEAM_LINKS if Role.MEDIATOR.value not in link.roles]
    client.force_login(UserFactory(roles=[Role.MEDIATOR]))
    page = client.get("/equipe/").content.decode()
    assert "Réservations" in page and "Mes créneaux de rendez-vous" in page
    for link in coordinator_only:
        assert reverse(link.url_name) not in page
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    page = client.get("/equipe/").content.decode()
    for link in TEAM_LINKS:
        assert reverse(link.url_name) in page
