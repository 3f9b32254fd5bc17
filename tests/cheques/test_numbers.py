"""Cheque numbers: every number made reads back to its serial; one mistyped digit or two
neighbouring digits swapped never read as a valid number; nothing else is accepted."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.cheques import numbers

serials = st.integers(min_value=0, max_value=10**numbers.SERIAL_DIGITS - 1)


def test_damm_check_digit_of_the_reference_example():
    assert numbers.check_digit("572") == "4"  # Damm's published example
    assert numbers.check_digit("5724") == "0"  # a number and its check digit check to 0


@given(serials)
def test_a_number_reads_back_to_its_serial(serial):
    number = numbers.number_of(serial)
    assert len(number) == numbers.NUMBER_DIGITS
    assert numbers.parse(number) == number
    assert numbers.parse(numbers.printed(number)) == number
    assert numbers.serial_in(number) == serial


@given(serials, st.integers(0, numbers.NUMBER_DIGITS - 1), st.integers(1, 9))
def test_any_single_mistyped_digit_is_caught(serial, position, shift):
    number = numbers.number_of(serial)
    wrong = str((int(number[position]) + shift) % 10)
    typo = number[:position] + wrong + number[position + 1 :]
    with pytest.raises(numbers.NumberError) as caught:
        numbers.parse(typo)
    assert caught.value.reason == "check_digit"


@given(serials, st.integers(0, numbers.NUMBER_DIGITS - 2))
def test_any_swap_of_neighbouring_digits_is_caught(serial, position):
    number = numbers.number_of(serial)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    with pytest.raises(numbers.NumberError):
        numbers.parse(swapped)


@given(serials, st.lists(st.sampled_from([" ", ".", "-", "\u00a0", "/", "  "]), max_size=10),
       st.randoms())  # fmt: skip
def test_separators_anywhere_are_ignored(serial, separators, rng):
    number = list(numbers.number_of(serial))
    for separator in separators:
        number.insert(rng.randint(0, len(number)), separator)
    assert numbers.parse("".join(number)) == numbers.number_of(serial)


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_number_error(text):
    reason = None
    try:
        digits = numbers.parse(text)
    except numbers.NumberError as error:
        reason = error.reason
    if reason is not None:
        assert reason in {"empty", "not_digits", "length", "check_digit"}
    else:
        assert len(digits) == numbers.NUMBER_DIGITS and digits.isascii() and digits.isdigit()
        assert numbers.check_digit(digits[:-1]) == digits[-1]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("  ", "empty"), ("01200034A7", "not_digits"), ("٠١٢٠٠٠٣٤٥٧", "not_digits"),
     ("012000345", "length"), ("01200034571", "length"), ("0120003458", "check_digit")],
)  # fmt: skip
def test_what_is_not_a_number_says_why(text, reason):
    with pytest.raises(numbers.NumberError) as caught:
        numbers.parse(text)
    assert caught.value.reason == reason


def test_serials_are_campaign_code_and_rank():
    assert numbers.serial_of(code=12, rank=345) == 12_000_345
    assert numbers.printed(numbers.number_of(12_000_345)) == "0120 0034 57"
    with pytest.raises(ValueError, match=r"code 1\.\.999"):
        numbers.serial_of(code=1000, rank=1)
    with pytest.raises(ValueError, match=r"rank 1\.\.999999"):
        numbers.serial_of(code=1, rank=0)
