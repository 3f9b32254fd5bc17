import pytest
from django.core import mail

from maillage.programme.models import Registration
from maillage.programme.services import registration_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_cancelling_in_the_admin_promotes_and_tells_the_next_person(client, session):
    client.force_login(UserFactory(roles=["admin"]))
    first, second = (
        registration_create(session=session, name=f"P{n}", email=f"p{n}@example.org")
        for n in range(2)
    )
    waiting = registration_create(session=session, name="Attente", email="attente@example.org")
    assert waiting.state == "waiting" and first.state == second.state == "registered"
    mail.outbox.clear()
    response = client.post(
        "/admin/programme/registration/",
        {"action": "cancel", "_selected_action": [first.pk]},
        follow=True,
    )
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.state == Registration.State.REGISTERED
    assert [message.to for message in mail.outbox] == [["attente@example.org"]]
    for url in (
        "/admin/programme/event/",
        "/admin/programme/category/",
        "/admin/programme/registration/",
    ):
        assert client.get(url).status_code == 200
