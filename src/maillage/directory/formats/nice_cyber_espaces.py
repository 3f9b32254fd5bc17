"""The Ville de Nice list of its cyber-espaces (public digital spaces, EPN): a name, an
address, a phone, a postcode and a town; no coordinates (each is placed at the town hall)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import NO_PIVOT, padded_code, phone, stable_id, text

COLUMNS = frozenset({"ETABLISSEMENT_NOM", "ETABLISSEMENT_ADRESSE", "ETABLISSEMENT_CODE_POSTAL"})


def recognises(columns: set[str]) -> bool:
    return columns >= COLUMNS


def convert(row: Mapping[str, Any]) -> Converted:
    name = text(row.get("ETABLISSEMENT_NOM"))
    address = text(row.get("ETABLISSEMENT_ADRESSE"))
    values = {
        "id": stable_id("nice-epn", name, address),
        "pivot": NO_PIVOT,
        "nom": name,
        "commune": text(row.get("ETABLISSEMENT_VILLE")),
        "code_postal": padded_code(row.get("ETABLISSEMENT_CODE_POSTAL")),
        "adresse": address,
        "telephone": phone(row.get("ETABLISSEMENT_TELEPHONE")),
        "typologie": "EPN",
        "presentation_resume": "Cyber-espace de la Ville de Nice",
        "structure_parente": "Ville de Nice",
    }
    return Converted(values=values, hub_kinds=("epn",))


FORMAT = SourceFormat(
    name="nice-cyber-espaces",
    title="Cyber-espaces de la Ville de Nice",
    recognises=recognises,
    convert=convert,
    # Date of the copy used (betagouv/Aidants_Connect_Carto, 2021-06-10).
    published=dt.date(2021, 6, 10),
    needs_file_source=True,
)
