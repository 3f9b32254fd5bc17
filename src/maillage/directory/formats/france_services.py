"""The ANCT list of France Services (`liste-fs.csv`): one row per labelled place, hours
per weekday ("09:00 - 12:00 / 14:00 - 17:00").

What the programme itself guarantees is written into the standard's fields: every France
Services helps with administrative procedures, free of charge (charte France Services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import NO_PIVOT, joined, padded_code, phone, split, text
from maillage.directory.formats.hours import DAYS
from maillage.directory.standard import PRESENTATION_RESUME_MAX

WEEKDAY_COLUMNS = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
COLUMNS = frozenset({"id_fs", "lib_fs", "insee_com", "code_postal", "lib_com"})


def recognises(columns: set[str]) -> bool:
    return columns >= COLUMNS


def convert(row: Mapping[str, Any]) -> Converted:
    comment = text(row.get("commentaire"))
    mobile = (
        text(row.get("itinerance")).lower() == "oui" or text(row.get("format_fs_anct")) == "Mobile"
    )
    values = {
        "id": text(row.get("id_fs")),
        "pivot": NO_PIVOT,
        "nom": text(row.get("lib_fs")),
        "commune": text(row.get("lib_com")),
        "code_postal": padded_code(row.get("code_postal")),
        "code_insee": padded_code(row.get("insee_com")),
        "adresse": text(row.get("adresse")),
        "complement_adresse": text(row.get("complement_adresse")),
        "latitude": text(row.get("latitude")),
        "longitude": text(row.get("longitude")),
        "telephone": phone(row.get("telephone")),
        "courriels": joined(split(row.get("mail"), ";, ")),
        "presentation_resume": comment if len(comment) <= PRESENTATION_RESUME_MAX else "",
        "itinerance": "Itinérant" if mobile else "Fixe",
        "dispositif_programmes_nationaux": "France Services",
        "services": "Aide aux démarches administratives",
        "frais_a_charge": "Gratuit",
        "structure_parente": text(row.get("groupe")),
    }
    converted = Converted(values=values, hub_kinds=("france_services",))
    week = "; ".join(
        f"{day} {text(row.get(column))}"
        for day, column in zip(DAYS, WEEKDAY_COLUMNS, strict=False)
        if text(row.get(column))
    )
    details = [comment] if comment and not values["presentation_resume"] else []
    converted.set_french_hours(week, column="horaires", details=details)
    labelled = text(row.get("labellisation"))
    if labelled:
        details.append(labelled)
    values["presentation_detail"] = "\n".join(details)
    return converted


FORMAT = SourceFormat(
    name="france-services",
    title="Liste des France Services (ANCT)",
    recognises=recognises,
    convert=convert,
    # The list was published in July 2023 (Assembleurs/portrea, data/france-services).
    published=dt.date(2023, 7, 1),
    needs_file_source=True,
)
