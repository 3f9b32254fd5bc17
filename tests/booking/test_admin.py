import pytest

from maillage.booking.models import Booking, Resource
from maillage.booking.services import booking_create
from tests.booking.conftest import NOW, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=["admin"]))
    return client


def test_the_booking_pages_open(admin_client, desk):
    booking = booking_create(
        resource=desk, start=at(24, 9), end=at(24, 10), now=NOW, guest_email="a@b.fr"
    )
    for url in (
        "/admin/booking/resource/",
        f"/admin/booking/resource/{desk.pk}/change/",
        "/admin/booking/resource/add/",
        "/admin/booking/booking/",
        f"/admin/booking/booking/{booking.pk}/change/",
        "/admin/booking/closure/",
        "/admin/booking/tourstop/",
        "/admin/booking/training/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_an_admin_action_moves_bookings_through_the_state_machine(admin_client, desk):
    booking = booking_create(
        resource=desk, start=at(24, 9), end=at(24, 10), now=NOW, guest_email="a@b.fr"
    )
    response = admin_client.post(
        "/admin/booking/booking/",
        {"action": "mark_no_show", "_selected_action": [booking.pk]},
        follow=True,
    )
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.state == Booking.State.NO_SHOW
    assert booking.transitions.last().actor is not None


def test_invalid_own_hours_are_refused_with_the_field(admin_client, place):
    response = admin_client.post(
        "/admin/booking/resource/add/",
        {
            "place": place.pk, "name": "Laser", "kind": "machine", "capacity": 1,
            "opening_hours": "lundi matin", "min_minutes": 30, "max_minutes": 60,
            "step_minutes": 30, "lead_minutes": 60, "max_days_ahead": 30, "cancel_minutes": 60,
            "audience": "public", "price_member": 0, "price_public": 0,
            "closures-TOTAL_FORMS": 0, "closures-INITIAL_FORMS": 0,
            "stops-TOTAL_FORMS": 0, "stops-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Horaires invalides" in response.content.decode()
    assert not Resource.objects.filter(name="Laser").exists()
