import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.core.cursors import CursorError, decode_cursor, encode_cursor

cursor_parts = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(st.lists(cursor_parts, min_size=1, max_size=4))
def test_a_key_survives_the_round_trip(key):
    token = encode_cursor(key)
    assert decode_cursor(token) == tuple(key)
    assert [type(part) for part in decode_cursor(token)] == [type(part) for part in key]
    assert token.isascii() and "=" not in token and "+" not in token and "/" not in token


@given(st.text(max_size=80))
def test_any_text_decodes_to_a_key_or_a_cursor_error(text):
    try:
        key = decode_cursor(text)
    except CursorError:
        return
    assert key and all(isinstance(part, str | int | float) for part in key)


def _token(json_text: str) -> str:
    return base64.urlsafe_b64encode(json_text.encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not a cursor!",
        "abc",  # not base64 of anything
        _token("{}"),
        _token("[]"),
        _token('"n"'),
        _token("[true, 1]"),
        _token("[null]"),
        _token('[["nested"]]'),
        _token("[NaN]"),
        _token("[1e999]"),
        _token("[1,"),
        "A" * 2000,
    ],
)
def test_malformed_tokens_are_cursor_errors(token):
    with pytest.raises(CursorError):
        decode_cursor(token)


def test_encoding_refuses_what_it_could_not_give_back():
    with pytest.raises(ValueError, match="finite"):
        encode_cursor(["d", float("inf"), 1])
    with pytest.raises(TypeError):
        encode_cursor([True])
    with pytest.raises(ValueError, match="at least one"):
        encode_cursor([])
