import pytest

from maillage.accompaniment.models import Accompaniment, Step
from maillage.accompaniment.services import step_add
from maillage.core.personal_data import personal_data_sections
from tests.accompaniment.factories import TODAY, accompaniment_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_referents_accompaniments_are_exported_then_forgotten_but_kept():
    section = next(s for s in personal_data_sections() if s.name == "accompaniments")
    mediator = UserFactory(roles=["mediator"])
    accompaniment = accompaniment_of(referent=mediator)
    step_add(accompaniment=accompaniment, kind="advice", date=TODAY, minutes=30, actor=mediator,
             today=TODAY)  # fmt: skip
    exported = section.export(mediator)
    assert exported["referent_of"][0]["company"] == "Menuiserie du Comtat"
    assert exported["steps_recorded"] == 1
    assert section.erase(mediator) == 2
    assert Accompaniment.objects.get().referent is None and Step.objects.get().author is None
