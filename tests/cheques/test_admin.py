"""The admin: campaigns saved through the services; cheques followed, cancelled by action."""

import pytest

from maillage.cheques.models import Campaign, Cheque
from maillage.core.models import Activity
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"]))
    return client


def test_every_list_and_page_opens(admin_client, cheque):
    for url in ("/admin/cheques/campaign/", "/admin/cheques/chequebook/", "/admin/cheques/cheque/",
                "/admin/cheques/reimbursement/", "/admin/cheques/campaign/add/",
                f"/admin/cheques/campaign/{cheque.book.campaign_id}/change/",
                f"/admin/cheques/cheque/{cheque.pk}/change/"):  # fmt: skip
        assert admin_client.get(url).status_code == 200, url
    found = admin_client.get("/admin/cheques/cheque/", {"q": cheque.printed_number})
    assert cheque.printed_number in found.content.decode()


def test_a_campaign_is_created_and_changed_through_the_services(admin_client, place):
    funder = OrganisationFactory(name="CAF de Vaucluse")
    response = admin_client.post("/admin/cheques/campaign/add/", {
        "funder": funder.pk, "name": "Pass CAF", "year": 2026, "face_value": "20",
        "valid_until": "2027-06-30", "places": [place.pk],
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(name="Pass CAF")
    assert campaign.code == 1 and list(campaign.places.all()) == [place]
    assert Activity.objects.filter(verb="cheque_campaign.created").count() == 1
    refused = admin_client.post(f"/admin/cheques/campaign/{campaign.pk}/change/", {
        "name": "Pass CAF", "valid_until": "2025-06-30", "places": [place.pk],
    })  # fmt: skip
    assert refused.status_code == 200 and "année de la campagne" in refused.content.decode()
    admin_client.post(f"/admin/cheques/campaign/{campaign.pk}/change/", {
        "name": "Pass CAF 2026", "valid_until": "2027-12-31", "places": [],
    })  # fmt: skip
    campaign.refresh_from_db()
    assert (campaign.name, campaign.places.count()) == ("Pass CAF 2026", 0)
    assert Activity.objects.filter(verb="cheque_campaign.updated").exists()


def test_lost_cheques_are_cancelled_by_action(admin_client, cheques, place):
    from maillage.cheques.services import cheque_redeem
    from tests.cheques.factories import TODAY

    cheque_redeem(cheque=cheques[0], place=place, today=TODAY)
    response = admin_client.post("/admin/cheques/cheque/", {
        "action": "cancel", "_selected_action": [cheques[0].pk, cheques[1].pk],
    }, follow=True)  # fmt: skip
    assert "1 chèque(s) annulé(s)." in response.content.decode()
    assert dict(Cheque.objects.filter(pk__in=[cheques[0].pk, cheques[1].pk]).values_list(
        "pk", "state")) == {cheques[0].pk: "redeemed", cheques[1].pk: "cancelled"}  # fmt: skip


def test_a_place_manager_has_no_admin_of_campaigns(client):
    client.force_login(UserFactory(roles=["place_manager"], is_staff=True))
    assert client.get("/admin/cheques/campaign/").status_code in (302, 403)
