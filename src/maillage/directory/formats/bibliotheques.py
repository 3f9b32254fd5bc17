"""The Ministère de la Culture list "Adresses des bibliothèques publiques": libraries,
the most numerous places of digital help, with a BAN point ("lat,lon") for each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import NO_PIVOT, padded_code, text

COLUMNS = frozenset({"Libelle1", "CP", "Ville", "INSEE", "code_bib"})
# Departmental libraries give the address of their offices: nobody is received there.
ADMINISTRATIVE = "Adresse administrative"


def recognises(columns: set[str]) -> bool:
    return columns >= COLUMNS


def convert(row: Mapping[str, Any]) -> Converted:
    second_name = text(row.get("Libelle2"))
    locality = text(row.get("Localisation"))
    street = text(row.get("voie"))
    point = text(row.get("coordonnees_finales")) or text(row.get("coordonnees_ban"))
    latitude, _comma, longitude = point.partition(",")
    values = {
        "id": padded_code(row.get("code_bib"), width=0),
        "pivot": NO_PIVOT,
        "nom": text(row.get("Libelle1")),
        "commune": text(row.get("Ville")),
        "code_postal": padded_code(row.get("CP")),
        "code_insee": padded_code(row.get("INSEE")),
        "adresse": street or locality or second_name,
        "complement_adresse": ", ".join(
            part
            for part in (second_name, locality)
            if part and part != (street or locality or second_name)
        ),
        "latitude": latitude.strip(),
        "longitude": longitude.strip(),
        "typologie": "BIB",
        "presentation_resume": text(row.get("Statut")),
        "modalites_acces": (
            "Ce lieu n'accueille pas de public"
            if text(row.get("type_adresse")) == ADMINISTRATIVE
            else ""
        ),
    }
    return Converted(values=values, hub_kinds=("library",))


FORMAT = SourceFormat(
    name="bibliotheques",
    title="Adresses des bibliothèques publiques (Ministère de la Culture)",
    recognises=recognises,
    convert=convert,
    # Last real update of the copy used (dataforgoodfr/batch8_mednum, 2020-12-16).
    published=dt.date(2020, 12, 16),
    needs_file_source=True,
)
