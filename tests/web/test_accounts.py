"""The login pages (the site's and the admin's) are throttled (security review, finding 5):
after 5 wrong passwords the right one is refused with a message saying when to retry."""

import html

import pytest

from maillage.accounts.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
MESSAGE = "Trop de tentatives de connexion. Réessayez dans 15 minutes."


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client):
    UserFactory(email="lea@example.org")
    for _attempt in range(30):
        wrong = client.post("/connexion/", {"username": "lea@example.org", "password": "nope"})
        assert wrong.status_code in (200, 429)
    assert LoginFailure.objects.count() == 5  # refused logins checked no password
    right = client.post("/connexion/", {"username": "lea@example.org", "password": PASSWORD})
    assert right.status_code == 429
    assert 900 - 5 <= int(right["Retry-After"]) <= 900
    text = html.unescape(right.content.decode())
    assert MESSAGE in text and 'role="alert"' in text and 'name="password"' in text
    assert "_auth_user_id" not in client.session


def test_the_fifth_failure_is_an_ordinary_error_and_the_sixth_try_is_refused(client):
    UserFactory(email="lea@example.org")
    for _attempt in range(5):
        wrong = client.post("/connexion/", {"username": "lea@example.org", "password": "nope"})
        assert wrong.status_code == 200 and MESSAGE not in html.unescape(wrong.content.decode())
    assert client.post("/connexion/", {"username": "lea@example.org", "password": PASSWORD}).status_code == 429  # fmt: skip


def test_the_admin_login_is_throttled_too(client):
    UserFactory(email="admin@example.org", roles=["admin"], is_staff=True, is_superuser=True)
    for _attempt in range(5):
        wrong = client.post("/admin/login/", {"username": "admin@example.org", "password": "no"})
        assert wrong.status_code == 200
    right = client.post("/admin/login/", {"username": "admin@example.org", "password": PASSWORD})
    assert right.status_code == 200  # the admin's own view: the form again, with the message
    assert MESSAGE in html.unescape(right.content.decode())
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_member_with_the_right_password_at_the_admin_is_no_failure(client):
    UserFactory(email="lea@example.org", roles=["member"])
    client.post("/admin/login/", {"username": "lea@example.org", "password": PASSWORD})
    assert not LoginFailure.objects.exists()
