"""The SUD LABS sheet of Hub du Sud (Région Sud's label of fablabs, coworkings and
mediation places): capitalised French column names, `;`-separated kinds of place
("FABLAB; ESPACE DE COWORKING; LIEU DE MEDIATION NUMERIQUE"), half of the rows without
coordinates. Every row is a SUD LABS place: the standard has that label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from maillage.core.text import normalise_for_search
from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import (
    NO_PIVOT,
    decimal_degrees,
    joined,
    padded_code,
    split,
    text,
    url,
)

COLUMNS = frozenset({"ID", "NOM DU LIEUX", "ADRESSE", "CODE POSTAL", "VILLE", "TYPE DE LIEU"})
# TYPE DE LIEU (normalised) → hub kind; others are kept in words in the description.
KINDS = {
    "fablab": "fablab",
    "fab lab": "fablab",
    "makerspace": "fablab",
    "espace de coworking": "coworking",
    "cantine": "coworking",
    "medialab": "medialab",
    "mediatheque": "library",
    "tiers lieu": "tiers_lieu",
    "tiers lieu solidaire": "tiers_lieu",
    "incubateur": "incubator",
    "pre incubateur": "incubator",
    "pepiniere d entreprise": "incubator",
    "espace public numerique epn": "epn",
    "maison de services au public msap": "rsp",
    "maison de service au public msap": "rsp",
}
TYPOLOGIE = {"library": "BIB", "tiers_lieu": "TIERS_LIEUX", "fablab": "FABLAB", "epn": "EPN"}
# A bare "-" stands for "no address" in this sheet.
NO_VALUE = frozenset({"-", "–"})


def recognises(columns: set[str]) -> bool:
    return columns >= COLUMNS


def _value(row: Mapping[str, Any], column: str) -> str:
    value = text(row.get(column))
    return "" if value in NO_VALUE else value


def convert(row: Mapping[str, Any]) -> Converted:
    values = {
        "id": f"sudlabs-{_value(row, 'ID')}",
        "pivot": NO_PIVOT,
        "nom": _value(row, "NOM DU LIEUX"),
        "commune": _value(row, "VILLE"),
        "code_postal": padded_code(_value(row, "CODE POSTAL")),
        "adresse": _value(row, "ADRESSE"),
        "latitude": decimal_degrees(_value(row, "LATITUDE")),
        "longitude": decimal_degrees(_value(row, "LONGITUDE")),
        "structure_parente": _value(row, "STRUCTURE PORTEUSE"),
        "site_web": joined(
            url(_value(row, column))
            for column in ("PLUS D'INFORMATION", "URL FACEBOOK", "URL TWITTER", "URL YOUTUBE")
        ),
        "formations_labels": "SUD LABS (PACA)",
    }
    converted = Converted(values=values)
    kinds, other_kinds, other_labels = [], [], []
    for kind in split(_value(row, "TYPE DE LIEU"), ";"):
        key = normalise_for_search(kind)
        if key in KINDS:
            kinds.append(KINDS[key])
        elif key != "lieu de mediation numerique":
            other_kinds.append(kind)
    for label in split(_value(row, "AUTRES LABELS"), ";,"):
        key = normalise_for_search(label)
        if key in KINDS:
            kinds.append(KINDS[key])
        else:
            other_labels.append(label)
    values["autres_formations_labels"] = joined(other_labels)
    values["typologie"] = joined(TYPOLOGIE[kind] for kind in kinds if kind in TYPOLOGIE)
    converted.hub_kinds = tuple(dict.fromkeys(kinds))

    details = []
    for column, label in (
        ("ACTIVITES PROPOSEES", ""),
        ("MATERIELS DISPONIBLES", "Matériel disponible : "),
    ):
        if _value(row, column):
            details.append(f"{label}{_value(row, column)}")
    if other_kinds:
        details.append(f"Type de lieu : {', '.join(other_kinds)}")
    converted.set_french_hours(_value(row, "HORAIRES"), column="HORAIRES", details=details)
    values["presentation_detail"] = "\n".join(details)
    return converted


FORMAT = SourceFormat(
    name="sudlabs",
    title="Lieux labellisés SUD LABS (tableau de Hub du Sud)",
    recognises=recognises,
    convert=convert,
    # Date of the copy used (betagouv/Aidants_Connect_Carto, 2021-06-10).
    published=dt.date(2021, 6, 10),
    needs_file_source=True,
)
