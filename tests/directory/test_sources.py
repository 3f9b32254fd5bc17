import json

import pytest

from maillage.directory import sources
from maillage.directory.sources import SourceFileError, decode, read_rows
from tests.conftest import require_shared_data


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "mac_roman", "cp1252"])
def test_french_text_is_decoded_whatever_its_encoding(encoding):
    text = "nom;adresse\nCyber-espace;4 rue Sainte-Réparate, où l'on crée\n"
    decoded, _found = decode(text.encode(encoding))
    assert decoded == text


def test_the_nice_file_is_mac_roman_with_cr_line_ends():
    rows, encoding = read_rows(
        require_shared_data("nice-cyber-espaces/coordonnees-cyber-espaces.original.csv")
    )
    assert encoding == "mac_roman"
    assert len(rows) == 8
    assert "Réparate" in rows[0].values["ETABLISSEMENT_ADRESSE"]
    assert rows[0].line == 2


def test_semicolons_and_line_numbers(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text('id;nom\n1;"Tiers-lieu; le Garage"\n\n2;Fablab\n', encoding="utf-8")
    rows, _encoding = read_rows(path)
    assert [(row.line, row.values["nom"]) for row in rows] == [
        (2, "Tiers-lieu; le Garage"),
        (4, "Fablab"),
    ]


def test_csv_cells_kept_from_being_formulas_read_as_their_text(tmp_path):
    """export-places writes "'@telier" so that no spreadsheet reads a formula; it is read back
    as "@telier". JSON values are taken as they are."""
    path = tmp_path / "lieux.csv"
    path.write_text("id;nom;adresse\n1;'@telier;'O'Neil\n", encoding="utf-8")
    (row,) = read_rows(path)[0]
    assert (row.values["nom"], row.values["adresse"]) == ("@telier", "'O'Neil")
    path = tmp_path / "lieux.json"
    path.write_text(json.dumps([{"id": "1", "nom": "'@telier"}]), encoding="utf-8")
    (row,) = read_rows(path)[0]
    assert row.values["nom"] == "'@telier"


def test_a_row_with_the_wrong_number_of_values_is_marked(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text("id,nom\n1,EPN,de trop\n", encoding="utf-8")
    (row,) = read_rows(path)[0]
    assert row.values == {"__invalid__": "3 values for 2 columns"}


def test_a_quote_left_open_names_its_line(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text('id,nom\n1,EPN\n2,"Fablab\n', encoding="utf-8")
    with pytest.raises(SourceFileError, match=r"line \d+: .*quote"):
        read_rows(path)


def test_json_errors_name_the_problem(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "1",}]', encoding="utf-8")
    with pytest.raises(SourceFileError, match=r"not valid JSON \(line 1, column"):
        read_rows(broken)
    scalar = tmp_path / "scalar.json"
    scalar.write_text(json.dumps("lieux"), encoding="utf-8")
    with pytest.raises(SourceFileError, match="must be a list of places"):
        read_rows(scalar)
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"data": [{"id": "1"}, "oops"]}), encoding="utf-8")
    rows, _ = read_rows(wrapped)
    assert [row.line for row in rows] == [1, 2]
    assert rows[1].values == {"__invalid__": "oops"}


def test_missing_empty_and_too_large_files(tmp_path, monkeypatch):
    with pytest.raises(SourceFileError, match="no such file"):
        read_rows(tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SourceFileError, match="empty"):
        read_rows(empty)
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 10)
    big = tmp_path / "big.csv"
    big.write_text("id,nom\n1,un nom plus long que dix octets\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match="more than the 0 MiB accepted"):
        read_rows(big)
