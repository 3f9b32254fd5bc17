"""The census format of digital-inclusion places used by the Région Sud (2022) and by
Aidants Connect Carto (the SUD LABS sheet of Hub du Sud): `type_lieu`, `adresse_*`,
`contact_*`, `horaires_ouverture_*` columns, labels as capitals separated by commas, no id.

Each row gets an id made from its name and address, so that importing the same file again
finds the same places. Free-text hours are turned into OSM syntax when they are only days
and hours; otherwise they stay readable in the detailed presentation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from maillage.core.text import normalise_for_search
from maillage.directory import standard
from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import (
    NO_PIVOT,
    iso_date,
    joined,
    padded_code,
    phone,
    split,
    stable_id,
    text,
    url,
)
from maillage.directory.standard import validate_opening_hours

# type_lieu parts → data·inclusion typologie code (None: a kind with no code).
TYPOLOGIE = {
    "bibliotheque": "BIB",
    "mediatheque": "BIB",
    "tiers lieu": "TIERS_LIEUX",
    "maison de service au public msap": "MSAP",
    "association": "ASSO",
    "commune": "MUNI",
    "organisme de formations": "OF",
    "centre social": "CS",
    "prefecture et sous prefecture": "PREF",
    "la poste": "LA_POSTE",
    "point information mediation multi services pimms": "PIMMS",
    "intercommunalite epci": "EPCI",
    "departement": "DEPT",
    "departement utpas mds mdsi utas": "DEPT",
    "espace public numerique epn": "EPN",
    "point information jeunes": "PIJ_BIJ",
    "coworking": None,
    "fablab": None,
    "hackerspace": None,
    "incubateur d entreprises": None,
    "administration": None,
    "collectivite territoriale": None,
    "centre aere": None,
    "autre": None,
    "inconnu": None,
}
KINDS = {"coworking": "coworking", "incubateur d entreprises": "incubator"}

# labels (normalised) → (v1 field, value) or ("hub_kind", code).
LABELS = {
    "france services": ("dispositif_programmes_nationaux", "France Services"),
    "france service": ("dispositif_programmes_nationaux", "France Services"),
    "sud labs": ("formations_labels", "SUD LABS (PACA)"),
    "sud lab": ("formations_labels", "SUD LABS (PACA)"),
    "sudlab": ("formations_labels", "SUD LABS (PACA)"),
    "grande ecole du numerique": ("dispositif_programmes_nationaux", "Grande école du numérique"),
    "grande ecole du numerique gen": ("dispositif_programmes_nationaux", "Grande école du numérique"),
    "fabrique de territoire": ("formations_labels", "Fabriques de Territoire"),
    "fabrique numerique de territoire": ("formations_labels", "Fabriques de Territoire"),
    "aidant connect": ("dispositif_programmes_nationaux", "Aidants Connect"),
    "aidants connect": ("dispositif_programmes_nationaux", "Aidants Connect"),
    "point info caf": ("dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
    "point relais caf": ("dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
    "bibliotheques numeriques de reference": ("dispositif_programmes_nationaux", "Bibliothèques numérique de référence"),
    "ecg vaucluse": ("hub_kind", "ecg_vaucluse"),
    "espace public numerique epn": ("hub_kind", "epn"),
    "non": (None, None),
}  # fmt: skip

ITINERANCE = {"oui": "Itinérant", "non": "Fixe"}
COLUMNS = frozenset({"nom", "type_lieu", "adresse_code_postal", "adresse_commune"})
_TYPE_PARTS = re.compile(r"\s*/\s*")


def recognises(columns: set[str]) -> bool:
    return columns >= COLUMNS


def _address(row: Mapping[str, Any]) -> str:
    street = " ".join(
        part for part in (text(row.get("adresse_numero")), text(row.get("adresse_rue"))) if part
    )
    if street:
        return street
    raw = text(row.get("adresse_brut"))
    # Some rows hold a stray coordinate in adresse_brut.
    return "" if re.fullmatch(r"-?\d+(\.\d+)?", raw) else raw


def convert(row: Mapping[str, Any]) -> Converted:
    name = text(row.get("nom"))
    address = _address(row)
    postcode = padded_code(row.get("adresse_code_postal"))
    commune = text(row.get("adresse_commune"))
    siret = text(row.get("siret"))
    values = {
        "id": stable_id("carto", name, address, postcode, commune),
        "pivot": siret if standard.PIVOT.match(siret) else NO_PIVOT,
        "nom": name,
        "commune": commune,
        "code_postal": postcode,
        "code_insee": padded_code(row.get("adresse_code_insee")),
        "adresse": address,
        "latitude": text(row.get("latitude")),
        "longitude": text(row.get("longitude")),
        "telephone": phone(row.get("contact_telephone") or row.get("contact_telephone_details")),
        "courriels": joined(split(row.get("contact_email"), ";, ")),
        "site_web": joined(
            url(row.get(column))
            for column in ("contact_web", "contact_facebook", "contact_twitter")
        ),
        "structure_parente": text(row.get("structure_porteuse")),
        "itinerance": ITINERANCE.get(text(row.get("itinerant")).lower(), ""),
        "date_maj": iso_date(row.get("date")),
    }
    converted = Converted(values=values)
    if siret and not standard.PIVOT.match(siret):
        converted.note("siret", siret, "not a SIRET; the standard's placeholder pivot is used")

    details = [
        f"{label}{text(row.get(column))}"
        for column, label in (
            ("description", ""),
            ("services", "Services : "),
            ("materiels_disponibles", "Matériel disponible : "),
            ("public_cible", "Public : "),
            ("modalites_accompagnement", "Accompagnement : "),
            ("modalites_acces", "Accès : "),
            ("tarifs", "Tarifs : "),
            ("accessibilite", "Accessibilité : "),
        )
        if text(row.get(column))
    ]
    osm = text(row.get("horaires_ouverture_osm"))
    written = next(
        (
            text(row.get(column))
            for column in (
                "horaires_ouverture_osm",
                "horaires_ouverture_brut",
                "horaires_grand_public",
            )
            if text(row.get(column))
        ),
        "",
    )
    if osm and validate_opening_hours(osm) is None:
        values["horaires"] = osm
    else:
        converted.set_french_hours(written, column="horaires", details=details)
    values["presentation_detail"] = "\n".join(details)

    typologie, kinds = [], []
    for part in _TYPE_PARTS.split(text(row.get("type_lieu"))):
        key = normalise_for_search(part)
        if not key:
            continue
        if key not in TYPOLOGIE:
            converted.note("type_lieu", part, "not a category of the census; ignored")
            continue
        if TYPOLOGIE[key]:
            typologie.append(TYPOLOGIE[key])
        if key in KINDS:
            kinds.append(KINDS[key])
    values["typologie"] = joined(typologie)

    by_field: dict[str, list[str]] = {
        "dispositif_programmes_nationaux": [],
        "formations_labels": [],
        "autres_formations_labels": [],
    }
    for label in split(row.get("labels"), ",;|"):
        target, value = LABELS.get(normalise_for_search(label), ("autres_formations_labels", label))
        if target == "hub_kind":
            kinds.append(value)
        elif target is not None:
            by_field[target].append(value)
    values.update((field_name, joined(found)) for field_name, found in by_field.items())
    converted.hub_kinds = tuple(kinds)
    return converted


FORMAT = SourceFormat(
    name="carto-inclusion",
    title="Recensement des lieux d'inclusion numérique (Région Sud 2022, Aidants Connect Carto)",
    recognises=recognises,
    convert=convert,
    needs_file_source=True,
)
