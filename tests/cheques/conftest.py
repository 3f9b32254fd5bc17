import pytest

from tests.cheques.factories import issued_cheques, make_campaign
from tests.factories import OrganisationFactory, PlaceFactory


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
def campaign(place, other_place):
    return make_campaign(places=[place, other_place])


@pytest.fixture
def cheques(campaign, prescriber):
    return issued_cheques(campaign=campaign, prescriber=prescriber)


@pytest.fixture
def cheque(cheques):
    return cheques[0]
