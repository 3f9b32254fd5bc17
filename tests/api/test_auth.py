"""Who acts through the API: a key, or the session with its CSRF token on writes."""

import pytest
from django.test import RequestFactory
from ninja.errors import HttpError

from maillage.accounts.tokens import api_token_create
from maillage.api.auth import acting_person, object_or_refuse
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _request(method="POST", user=None, csrf=False, headers=None):
    request = RequestFactory(enforce_csrf_checks=True).generic(
        method, "/api/v1/anything", "{}", content_type="application/json", headers=headers or {}
    )
    request.user = user
    if csrf:
        request._dont_enforce_csrf_checks = True  # as CsrfViewMiddleware after a valid token
    return request


def test_a_session_write_without_the_token_acts_as_anonymous():
    person = UserFactory()
    assert acting_person(_request(user=person)) is None


def test_a_session_write_with_the_token_acts_as_the_person():
    person = UserFactory()
    assert acting_person(_request(user=person, csrf=True)) == person


def test_a_session_read_acts_as_the_person():
    person = UserFactory()
    assert acting_person(_request("GET", user=person)) == person


def test_a_key_acts_as_its_owner_and_an_unknown_key_is_refused():
    from django.contrib.auth.models import AnonymousUser

    person = UserFactory()
    _token, key = api_token_create(user=person, name="phone")
    request = _request(user=AnonymousUser(), headers={"Authorization": f"Bearer {key}"})
    assert acting_person(request) == person
    forged = _request(user=AnonymousUser(), headers={"Authorization": "Bearer mlg_forged"})
    with pytest.raises(HttpError) as refused:
        acting_person(forged)
    assert refused.value.status_code == 401


def test_object_rules_answer_404_for_nothing_and_403_for_another_s():
    place = PlaceFactory()
    manager = UserFactory(roles=["place_manager"])
    with pytest.raises(HttpError) as missing:
        object_or_refuse(manager, "change", None, missing="No place has this id.")
    assert missing.value.status_code == 404
    with pytest.raises(HttpError) as refused:
        object_or_refuse(manager, "change", place, missing="No place has this id.")
    assert refused.value.status_code == 403
    coordinator = UserFactory(roles=["coordinator"])
    assert object_or_refuse(coordinator, "change", place, missing="") == place
