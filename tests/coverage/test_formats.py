"""The coverage study's CSV: no text cell is read as a formula (security review, finding 3);
numbers stay as they are."""

import csv
import io
from types import SimpleNamespace

from maillage.coverage.formats import study_csv
from maillage.coverage.study import CommuneRow


def test_csv_text_cells_never_start_a_formula():
    row = CommuneRow(
        code="84080", nom="=HYPERLINK(\"http://evil.example\")", departement="84",
        epci="@SUM(1)", population=1200, latitude=44.0, longitude=-1.5, nearest_km=-0.0,
        nearest_place=None, covered=True, new_site=None,
    )  # fmt: skip
    (written,) = csv.DictReader(io.StringIO(study_csv(SimpleNamespace(communes=[row]))))
    assert written["nom"] == '\'=HYPERLINK("http://evil.example")'
    assert written["epci"] == "'@SUM(1)"
    assert (written["population"], written["nearest_km"], written["nearest_place"]) == (
        "1200", "-0.0", ""
    )  # fmt: skip
