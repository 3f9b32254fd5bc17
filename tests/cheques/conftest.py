"""The pass numérique's places, prescriber and place manager; tests/web/test_cheques.py and
tests/api/test_cheques.py import them too."""

import pytest

from tests.cheques.factories import issued_cheques, make_campaign
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


@pytest.fixture
def place(db):
    return PlaceFactory(nom="Espace numérique de Monteux")


@pytest.fixture
def other_place(db):
    return PlaceFactory(nom="Médiathèque de Pernes")


@pytest.fixture
def prescriber(db):
    return OrganisationFactory(name="CCAS de Monteux")


@pytest.fixture
def manager(place):
    """A place manager of `place`."""
    user = UserFactory(roles=["place_manager"])
    place.managers.add(user)
    return user


@pytest.fixture
def campaign(place, other_place):
    return make_campaign(places=[place, other_place])


@pytest.fixture
def cheques(campaign, prescriber):
    return issued_cheques(campaign=campaign, prescriber=prescriber)


@pytest.fixture
def cheque(cheques):
    return cheques[0]
