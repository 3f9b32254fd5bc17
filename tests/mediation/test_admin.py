"""The admin of mediation: themes saved through the service; records and people read,
deleted and anonymised through the services; no first name shown."""

import pytest

from maillage.core.models import Activity
from maillage.mediation.models import Beneficiary, MediationActivity, Theme
from tests.factories import UserFactory
from tests.mediation.factories import mediator, person, record

pytestmark = pytest.mark.django_db


def test_the_admin_pages_open_and_show_no_first_name(client):
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne")
    activity = record(sam, beneficiary=jeanne)
    client.force_login(UserFactory(roles=["admin"], is_staff=True))
    for url in (
        "/admin/mediation/theme/",
        "/admin/mediation/mediationactivity/",
        f"/admin/mediation/mediationactivity/{activity.pk}/change/",
        "/admin/mediation/beneficiary/",
        f"/admin/mediation/beneficiary/{jeanne.pk}/change/",
        "/admin/mediation/sharelink/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Jeanne" not in response.content.decode(), url


def test_a_theme_added_in_the_admin_goes_through_the_service(client):
    client.force_login(UserFactory(roles=["admin"], is_staff=True))
    response = client.post(
        "/admin/mediation/theme/add/",
        {"slug": "cybersecurite-pro", "name": "Cybersécurité des pros", "group": "digital",
         "position": 40, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    theme = Theme.objects.get(slug="cybersecurite-pro")
    assert Activity.objects.filter(verb="theme.created", target_id=str(theme.pk)).exists()


def test_anonymising_and_deleting_in_the_admin(client):
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne")
    activity = record(sam, beneficiary=jeanne)
    client.force_login(UserFactory(roles=["admin"], is_staff=True))
    client.post("/admin/mediation/beneficiary/",
                {"action": "anonymise", "_selected_action": [jeanne.pk]})  # fmt: skip
    jeanne.refresh_from_db()
    assert jeanne.first_name == "" and jeanne.anonymised_at is not None
    client.post(f"/admin/mediation/mediationactivity/{activity.pk}/delete/", {"post": "yes"})
    assert not MediationActivity.objects.filter(pk=activity.pk).exists()
    assert Activity.objects.filter(verb="mediation_activity.deleted").exists()
    assert Beneficiary.objects.filter(pk=jeanne.pk).exists()
