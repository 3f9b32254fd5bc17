import pytest

from maillage.core.personal_data import personal_data_sections
from maillage.diagnostic.models import Diagnostic
from maillage.diagnostic.services import diagnostic_take
from maillage.territory.models import Commune
from tests.diagnostic.factories import answers_with
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_mediators_diagnostics_are_exported_then_forgotten_but_kept():
    section = next(s for s in personal_data_sections() if s.name == "diagnostics_given")
    mediator = UserFactory(roles=["mediator"])
    diagnostic = diagnostic_take(answers=answers_with(1), mediator=mediator,
                                 commune=Commune.objects.get(code="84080"))  # fmt: skip
    assert section.export(mediator) == [
        {"date": diagnostic.taken_on.isoformat(), "commune": "Monteux"}
    ]
    assert section.erase(mediator) == 1
    assert Diagnostic.objects.get().mediator is None and section.export(mediator) == []
