import datetime as dt

import pytest

from maillage.demo.diagnostic import DIAGNOSTICS, build_diagnostic
from maillage.diagnostic.models import Diagnostic, SkillResult

pytestmark = pytest.mark.django_db


def test_the_demo_diagnostics_are_built_once():
    today = dt.date(2026, 11, 23)
    assert build_diagnostic(today=today) == f"Diagnostics: {DIAGNOSTICS} added."
    assert Diagnostic.objects.filter(is_demo=True, taken_on__lte=today).count() == DIAGNOSTICS
    assert SkillResult.objects.values("level_name").distinct().count() == 4  # every level seen
    assert build_diagnostic(today=today) == "Diagnostics: already built."
    assert Diagnostic.objects.count() == DIAGNOSTICS
