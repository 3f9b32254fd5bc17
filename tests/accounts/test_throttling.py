"""Login throttling (security review, finding 5): the rule of `accounts.throttling` as the
login form applies it — 5 failures per account or 20 per address in 15 minutes, then refused
even with the right password until the window passes; a right password clears the account."""

import datetime as dt
import logging

import pytest
from django.test import RequestFactory
from django.utils import timezone

from maillage.accounts.forms import LoginForm
from maillage.accounts.models import LoginFailure
from maillage.accounts.selectors import login_lockout_get
from maillage.accounts.services import login_failure_record, login_failures_clear
from maillage.accounts.throttling import ACCOUNT_LIMIT, ADDRESS_LIMIT, WINDOW, account_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def _login(email, password, address="192.0.2.1"):
    request = RequestFactory().post("/connexion/", REMOTE_ADDR=address)
    form = LoginForm(request=request, data={"username": email, "password": password})
    return form


def _fail(email, times, address="192.0.2.1"):
    for _attempt in range(times):
        assert not _login(email, "wrong-password", address).is_valid()


def test_five_failures_lock_the_account_even_for_the_right_password():
    UserFactory(email="lea@example.org")
    _fail("lea@example.org", ACCOUNT_LIMIT - 1)
    assert _login("lea@example.org", PASSWORD).is_valid()  # four failures: still open
    _fail("lea@example.org", ACCOUNT_LIMIT)
    form = _login("LEA@example.org", PASSWORD, address="198.51.100.7")  # case, other address
    assert not form.is_valid()
    assert form.has_error("__all__", "throttled")
    assert form.errors["__all__"] == ["Trop de tentatives de connexion. Réessayez dans 15 minutes."]
    assert form.throttled_until is not None
    # The refused login checked no password and is not counted.
    assert LoginFailure.objects.count() == ACCOUNT_LIMIT


def test_a_right_password_clears_the_accounts_failures():
    UserFactory(email="lea@example.org")
    _fail("lea@example.org", ACCOUNT_LIMIT - 1)
    assert _login("lea@example.org", PASSWORD).is_valid()
    assert not LoginFailure.objects.exists()
    _fail("lea@example.org", ACCOUNT_LIMIT - 1)
    assert _login("lea@example.org", PASSWORD).is_valid()


def test_twenty_failures_from_one_address_lock_it_for_every_account():
    UserFactory(email="lea@example.org")
    for number in range(ADDRESS_LIMIT):
        _fail(f"guess{number}@example.org", 1, address="203.0.113.9")
    refused = _login("lea@example.org", PASSWORD, address="203.0.113.9")
    assert not refused.is_valid() and refused.has_error("__all__", "throttled")
    assert _login("lea@example.org", PASSWORD, address="203.0.113.10").is_valid()


def test_the_lockout_ends_when_the_window_has_passed():
    UserFactory(email="lea@example.org")
    _fail("lea@example.org", ACCOUNT_LIMIT)
    assert not _login("lea@example.org", PASSWORD).is_valid()
    # Fourteen minutes later, still refused, and told how long is left.
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=14))
    form = _login("lea@example.org", PASSWORD)
    assert not form.is_valid()
    assert form.errors["__all__"] == ["Trop de tentatives de connexion. Réessayez dans 1 minute."]
    LoginFailure.objects.update(at=timezone.now() - WINDOW - dt.timedelta(seconds=1))
    assert _login("lea@example.org", PASSWORD).is_valid()


def test_the_lockout_lasts_until_the_limit_th_most_recent_failure_leaves_the_window():
    now = timezone.now()
    for minutes_ago in (12, 10, 8, 6, 4, 2):
        login_failure_record(
            email="lea@example.org", address="", now=now - dt.timedelta(minutes=minutes_ago)
        )
    lockout = login_lockout_get(email="Lea@Example.org", address="192.0.2.1", now=now)
    assert lockout is not None and lockout.by_account and not lockout.by_address
    assert lockout.until == now - dt.timedelta(minutes=10) + WINDOW
    later = now + dt.timedelta(minutes=5, seconds=1)
    assert login_lockout_get(email="lea@example.org", address="", now=later) is None


def test_old_failures_are_purged_and_the_email_is_not_stored():
    now = timezone.now()
    login_failure_record(email="lea@example.org", address="", now=now - WINDOW * 2)
    login_failure_record(email="lea@example.org", address="192.0.2.1", now=now)
    (kept,) = LoginFailure.objects.all()
    assert kept.at == now and kept.account_key == account_key("LEA@example.org ")
    assert "lea" not in kept.account_key
    assert login_failures_clear(email="lea@example.org") == 1


def test_a_lockout_is_logged_once_with_the_address_and_no_email(caplog):
    UserFactory(email="lea@example.org")
    with caplog.at_level(logging.INFO, logger="maillage.accounts"):
        _fail("lea@example.org", ACCOUNT_LIMIT)
        _login("lea@example.org", PASSWORD).is_valid()
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert warnings[0].name == "maillage.accounts"
    assert "login locked out" in message and "192.0.2.1" in message
    assert account_key("lea@example.org")[:12] in message and "lea@" not in message
    assert any("login refused (throttled)" in record.getMessage() for record in caplog.records)
