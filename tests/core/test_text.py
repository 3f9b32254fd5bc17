import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.core.text import normalise_for_search


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("SAINT ETIENNE", "saint etienne"),
        ("st étienne", "saint etienne"),
        ("Ste-Maxime", "sainte maxime"),
        ("L'Isle-sur-la-Sorgue", "l isle sur la sorgue"),
        ("  Œuilly  ", "oeuilly"),
        ("Châteauneuf-du-Pape", "chateauneuf du pape"),
        ("", ""),
    ],
)
def test_examples(typed, expected):
    assert normalise_for_search(typed) == expected


@given(st.text())
def test_result_is_idempotent_lower_ascii_words(text):
    normalised = normalise_for_search(text)
    assert normalise_for_search(normalised) == normalised
    assert set(normalised) <= set(string.ascii_lowercase + string.digits + " ")
    assert normalised == normalised.strip()
    assert "  " not in normalised


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèêëàâîïôöùûüç- '", min_size=1))
def test_case_and_accents_do_not_matter(text):
    assert normalise_for_search(text.upper()) == normalise_for_search(text)


@given(st.text(alphabet="aeiouc -", min_size=1))
def test_accented_and_plain_letters_match(text):
    accented = text.translate(str.maketrans("aeiouc", "àéîöùç"))
    assert normalise_for_search(accented) == normalise_for_search(text)
