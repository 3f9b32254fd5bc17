import csv
import dataclasses
import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.directory import standard
from maillage.directory.standard import COLUMNS, StandardPlace, format_v1, parse_v1
from tests.conftest import require_shared_data

OFFICIAL_EXAMPLE = "standard-mediation-num/exemple-valide.csv"
HUB_DU_SUD_CSV = "hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv"

VALID = {
    "id": "structure-1",
    "pivot": "43493312300029",
    "nom": "Espace numérique de Monteux",
    "commune": "Monteux",
    "code_postal": "84170",
    "code_insee": "84080",
    "adresse": "Place de la mairie",
    "latitude": "44.0343",
    "longitude": "4.9954",
    "date_maj": "2024-04-02",
    "services": "Aide aux démarches administratives|Loisirs et créations numériques",
    "horaires": "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
    "telephone": "+33490000000",
}


def _read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_official_example_is_read_and_written_back_unchanged():
    (row,) = _read_csv(require_shared_data(OFFICIAL_EXAMPLE))
    parsed = parse_v1(row)
    assert parsed.issues == []
    assert parsed.place.services == (
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    )
    assert format_v1(parsed.place) == {name: row[name] for name in COLUMNS}


def test_every_row_of_the_hub_du_sud_file_is_read_and_round_trips():
    rows = _read_csv(require_shared_data(HUB_DU_SUD_CSV))
    assert len(rows) == 646
    parsed = [parse_v1(row) for row in rows]
    assert [p.errors for p in parsed if p.errors] == []
    for result in parsed:
        assert parse_v1(format_v1(result.place)).place == result.place
    with_point = [p.place for p in parsed if p.place.latitude is not None]
    assert len(with_point) == 642


def test_the_vocabulary_is_the_schema_s_own():
    schema = json.loads(require_shared_data("standard-mediation-num/schema.json").read_text())
    by_name = {f["name"]: f for f in schema["fields"]}
    assert tuple(by_name) == COLUMNS
    assert {
        n for n, f in by_name.items() if f.get("constraints", {}).get("required")
    } == standard.REQUIRED
    for name, values in standard.ENUMERATIONS.items():
        pattern = re.compile(by_name[name]["constraints"]["pattern"])
        assert all(pattern.fullmatch(value) for value in values), name
        assert pattern.fullmatch("|".join(values)), name
        assert not pattern.fullmatch("Valeur inventée"), name
        # Every alternative of the pattern is one of our values.
        alternatives = by_name[name]["constraints"]["pattern"].count("|") - 1
        assert len(values) == alternatives, name


def _issues(**changes):
    return parse_v1({**VALID, **changes}).issues


def test_a_valid_row_has_no_issue():
    parsed = parse_v1(VALID)
    assert parsed.issues == []
    assert parsed.place.latitude == 44.0343
    assert parsed.place.date_maj == dt.date(2024, 4, 2)


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"nom": "  "}, "nom", "required"),
        ({"pivot": "000-000"}, "pivot", "9 to 14 letters or digits"),
        ({"code_postal": "8417"}, "code_postal", "5 digits"),
        ({"date_maj": "02/04/2024"}, "date_maj", "YYYY-MM-DD"),
        ({"latitude": "4.9954", "longitude": "44.0343"}, "latitude", "look swapped"),
        ({"latitude": "40.7", "longitude": "-74.0"}, "latitude", "outside France"),
        ({"latitude": "nord", "longitude": "4.99"}, "latitude", "decimal numbers"),
        ({"latitude": "nan", "longitude": "4.99"}, "latitude", "finite"),
    ],
)
def test_errors_reject_the_row_and_name_the_field_and_the_rule(changes, field, rule):
    parsed = parse_v1({**VALID, **changes})
    assert parsed.place is None
    assert [(issue.field, rule in issue.rule) for issue in parsed.errors] == [(field, True)]


@pytest.mark.parametrize(
    ("changes", "field", "rule", "kept"),
    [
        ({"horaires": "Lu-Ve 9h-12h"}, "horaires", "opening_hours syntax", ("horaires", "")),
        (
            {"services": "Loisirs et créations numériques|Cuisine"},
            "services",
            "not a value of the standard",
            ("services", ("Loisirs et créations numériques",)),
        ),
        ({"telephone": "04 90 00 00 00"}, "telephone", "international form", ("telephone", "")),
        (
            {"telephone": "+33490000000|+33490000001"},
            "telephone",
            "one number",
            ("telephone", "+33490000000"),
        ),
        (
            {"courriels": "contact@monteux.fr|pas-un-courriel"},
            "courriels",
            "e-mail address",
            ("courriels", ("contact@monteux.fr",)),
        ),
        ({"code_insee": "8408"}, "code_insee", "INSEE commune code", ("code_insee", "")),
        (
            {"presentation_resume": "x" * 300},
            "presentation_resume",
            "280",
            ("presentation_resume", "x" * 279 + "…"),
        ),
        ({"prise_rdv": "rdv-solidarites.fr"}, "prise_rdv", "http(s) URL", ("prise_rdv", "")),
    ],
)
def test_warnings_drop_the_bad_value_and_keep_the_row(changes, field, rule, kept):
    parsed = parse_v1({**VALID, **changes})
    assert parsed.place is not None
    assert [(issue.field, issue.severity, rule in issue.rule) for issue in parsed.issues] == [
        (field, "warning", True)
    ]
    assert getattr(parsed.place, kept[0]) == kept[1]


def test_numbers_from_json_are_read_as_text():
    parsed = parse_v1({**VALID, "latitude": 44.0343, "longitude": 4.9954, "code_postal": 84170})
    assert parsed.issues == []
    assert parsed.place.code_postal == "84170"


def test_an_issue_reads_as_field_value_and_rule():
    (issue,) = _issues(code_postal="8417")
    assert str(issue) == "code_postal='8417': must be 5 digits"


# Round trip: any place the standard can hold is written and read back unchanged.
words = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç' -0123456789", min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)


def _subset(values):
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values)).map(tuple)


places = st.builds(
    StandardPlace,
    id=words,
    pivot=st.from_regex(r"[a-zA-Z0-9]{9,14}", fullmatch=True),
    nom=words,
    commune=words,
    code_postal=st.from_regex(r"\d{5}", fullmatch=True),
    adresse=words,
    date_maj=st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 1, 1)),
    code_insee=st.sampled_from(["", "84080", "2A004", "13201"]),
    latitude=st.floats(min_value=42.0, max_value=51.0),
    longitude=st.floats(min_value=-4.0, max_value=7.5),
    typologie=_subset(["EPN", "FABLAB", "TIERS_LIEUX", "ASSO", "BIB"]),
    telephone=st.sampled_from(["", "+33490000000", "+262262000000"]),
    courriels=_subset(["a@b.fr", "contact@hub.org"]),
    site_web=_subset(["https://hub.example.org", "http://fablab.fr/page"]),
    horaires=st.sampled_from(["", "Mo-Fr 09:00-12:00", "24/7", "Tu,Th 14:00-18:00; PH off"]),
    presentation_resume=st.text(alphabet="abc déf", max_size=280).map(str.strip),
    services=_subset(standard.SERVICES),
    itinerance=_subset(standard.ITINERANCE),
    frais_a_charge=_subset(standard.FRAIS),
    dispositif_programmes_nationaux=_subset(standard.DISPOSITIFS),
    formations_labels=_subset(standard.FORMATIONS_LABELS),
    modalites_acces=_subset(standard.MODALITES_ACCES),
    modalites_accompagnement=_subset(standard.MODALITES_ACCOMPAGNEMENT),
    publics_specifiquement_adresses=_subset(standard.PUBLICS),
    prise_en_charge_specifique=_subset(standard.PRISE_EN_CHARGE),
    prise_rdv=st.sampled_from(["", "https://www.rdv-solidarites.fr/"]),
)


@settings(max_examples=150, deadline=None)
@given(places)
def test_format_then_parse_gives_the_place_back(place):
    row = format_v1(place)
    assert list(row) == list(COLUMNS)
    parsed = parse_v1(row)
    assert parsed.issues == []
    assert parsed.place == place
    assert format_v1(parsed.place) == row


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from(COLUMNS), st.text(max_size=40) | st.floats() | st.integers())
)
def test_any_row_gives_a_place_or_errors_never_an_exception(row):
    parsed = parse_v1(row)
    assert (parsed.place is None) == bool(parsed.errors)
    if parsed.place is not None:
        assert dataclasses.asdict(parsed.place).keys() >= {"id", "nom"}
