import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.directory import standard
from maillage.directory.formats.common import (
    decimal_degrees,
    iso_date,
    padded_code,
    phone,
    stable_id,
    text,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("04 90 66 97 11", "+33490669711"),
        ("04.93.41.91.80", "+33493419180"),
        ("0490811300", "+33490811300"),
        ("+33 4 90 66 97 11", "+33490669711"),
        ("33490669711", "+33490669711"),
        ("04 90 66 97 11 / 06 12 34 56 78", "+33490669711|+33612345678"),
        ("poste 12", "poste 12"),  # left for the standard's rule to report
        ("", ""),
    ],
)
def test_french_numbers_in_international_form(written, expected):
    assert phone(written) == expected


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_national_number_meets_the_standard_s_rule(rest):
    assert standard.TELEPHONE.match(phone("0" + rest))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (4000, "04000"),
        ("6088", "06088"),
        ("6088.0", "06088"),
        ("84170", "84170"),
        ("", ""),
        ("2A004", "2A004"),
    ],
)
def test_codes_stored_as_numbers_get_their_zeros_back(written, expected):
    assert padded_code(written) == expected


def test_dates_dms_and_text():
    assert iso_date("01/01/1970") == "1970-01-01"
    assert iso_date("2022-04-28T16:53:11Z") == "2022-04-28"
    assert iso_date("31/02/2022") == "31/02/2022"  # left for the standard's rule
    assert decimal_degrees("44° 40' 43.737''") == "44.678816"
    assert decimal_degrees("43,95") == "43.95"
    assert text(13100.0) == "13100" and text(None) == "" and text(["a", "", "b"]) == "a|b"


def test_ids_are_stable_and_ignore_accents_and_case():
    assert stable_id("x", "Médiathèque", "1 rue") == stable_id("x", "MEDIATHEQUE", "1 RUE")
    assert stable_id("x", "Médiathèque", "1 rue") != stable_id("x", "Médiathèque", "2 rue")
