"""Diagnostic: anyone takes it (no account) and reads a result through its secret link;
the counts by level are for the team."""

from maillage.diagnostic.services import diagnostic_take
from tests.access.table import EVERYBODY, STAFF, Row, expect
from tests.diagnostic.factories import answers_with


def objects(world) -> None:
    world.extra["diagnostic"] = diagnostic_take(answers=answers_with(1))


def _form(world) -> dict:
    return {f"question-{q}": c for q, c in answers_with(2).items()}


def _body(world) -> dict:
    return {"answers": [{"question": q, "choice": c} for q, c in answers_with(2).items()]}


ROWS = [
    Row("GET", "web:diagnostic", "/diagnostic/", EVERYBODY),
    Row(
        "POST",
        "web:diagnostic",
        "/diagnostic/",
        expect(302),
        data=_form,
        note="every question answered: to the result",
    ),
    Row(
        "GET",
        "web:diagnostic-result",
        lambda w: f"/diagnostic/resultat/{w.diagnostic.token}/",
        EVERYBODY,
    ),
    Row(
        "GET",
        "web:diagnostic-result",
        "/diagnostic/resultat/forged/",
        expect(404),
        note="forged token",
    ),
    Row("GET", "web:diagnostic-staff", "/equipe/diagnostics/", STAFF),
    Row("GET", "web:diagnostic-staff", "/equipe/diagnostics/?format=xlsx", STAFF, note="export"),
    Row("GET", "/api/v1/diagnostic/questionnaire", "/api/v1/diagnostic/questionnaire", EVERYBODY),
    Row("POST", "/api/v1/diagnostics", "/api/v1/diagnostics", expect(201), data=_body),
    Row(
        "POST",
        "/api/v1/diagnostics",
        "/api/v1/diagnostics",
        expect(422),
        data={"answers": []},
        note="no answer",
    ),
]
