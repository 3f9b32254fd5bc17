import pytest
from django.test import RequestFactory

from maillage.accounts.tokens import api_token_create, api_token_revoke, api_token_user
from maillage.api.auth import TokenAuth, acting_person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_key_is_shown_once_and_only_its_hash_is_kept():
    person = UserFactory(roles=["mediator"])
    token, key = api_token_create(user=person, name="Téléphone")
    assert key.startswith("mlg_") and key not in token.key_hash and token.prefix == key[4:12]
    assert api_token_user(key) == person
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_unknown_and_inactive_keys_open_nothing():
    person = UserFactory()
    token, key = api_token_create(user=person, name="Script")
    assert api_token_user("mlg_not-a-key") is None
    assert api_token_user("Bearer whatever") is None
    api_token_revoke(token=token)
    assert api_token_user(key) is None
    _other, other_key = api_token_create(user=person, name="Autre")
    person.is_active = False
    person.save()
    assert api_token_user(other_key) is None


def test_the_bearer_header_names_the_caller():
    person = UserFactory()
    _token, key = api_token_create(user=person, name="Script")
    request = RequestFactory().get("/api/v1/anything", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert acting_person(request) == person
    assert TokenAuth()(request) == person and request.user == person
    forged = RequestFactory().get("/api/v1/anything", HTTP_AUTHORIZATION="Bearer mlg_forged")
    assert TokenAuth()(forged) is None
