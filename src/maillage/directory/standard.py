"""The national *Standard des lieux de médiation numérique*, v1.0.2: read and write one record.

No Django here. `parse_v1` turns one row of the standard (a CSV row or a JSON object, every
value a string or a number) into a typed `StandardPlace` plus the issues found, field by
field; `format_v1` writes a `StandardPlace` back as a row in the schema's column order.
`format_v1(parse_v1(row))` is the row normalised; `parse_v1(format_v1(place))` is `place`.

Issues have a severity: an `error` makes the row unusable (a required field missing or
malformed, impossible coordinates); a `warning` drops the offending value and keeps the row
(a phone number or opening hours that break their rule, an unknown enumeration value).

The vocabulary below is the schema's own (LaMednum/standard-mediation-num, schema.json
v1.0.2, fields' `pattern`s); a test compares it with the file when the shared data is present.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import opening_hours

SCHEMA_VERSION = "1.0.2"
SEPARATOR = "|"

COLUMNS = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente",
    "date_maj", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
    "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "autres_formations_labels", "modalites_acces", "modalites_accompagnement",
    "fiche_acces_libre", "prise_rdv",
)  # fmt: skip
REQUIRED = frozenset({"id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"})

ITINERANCE = ("Itinérant", "Fixe")
SERVICES = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)
PUBLICS = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")
PRISE_EN_CHARGE = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)
FRAIS = ("Gratuit", "Gratuit sous condition", "Payant")
DISPOSITIFS = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)
FORMATIONS_LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
MODALITES_ACCES = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)
MODALITES_ACCOMPAGNEMENT = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)
ENUMERATIONS: dict[str, tuple[str, ...]] = {
    "itinerance": ITINERANCE,
    "services": SERVICES,
    "publics_specifiquement_adresses": PUBLICS,
    "prise_en_charge_specifique": PRISE_EN_CHARGE,
    "frais_a_charge": FRAIS,
    "dispositif_programmes_nationaux": DISPOSITIFS,
    "formations_labels": FORMATIONS_LABELS,
    "modalites_acces": MODALITES_ACCES,
    "modalites_accompagnement": MODALITES_ACCOMPAGNEMENT,
}
LISTS = frozenset({*ENUMERATIONS, "typologie", "courriels", "site_web", "autres_formations_labels"})

PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
CODE_POSTAL = re.compile(r"^\d{5}$")
CODE_INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
TELEPHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
EMAIL = re.compile(r"^[^@\s|]+@[^@\s|]+\.[^@\s|]+$")
URL = re.compile(r"^https?://[^\s|]+$", re.IGNORECASE)
PRESENTATION_RESUME_MAX = 280

# Where French places can be: mainland with Corsica, then the overseas territories the
# schema's phone prefixes name. (south, west, north, east) in degrees.
FRANCE_EXTENTS = {
    "métropole": (41.2, -5.6, 51.2, 9.7),
    "Guadeloupe": (15.8, -61.9, 16.6, -60.9),
    "Martinique": (14.3, -61.3, 14.9, -60.7),
    "Guyane": (2.0, -54.7, 5.9, -51.5),
    "La Réunion": (-21.5, 55.1, -20.8, 55.9),
    "Mayotte": (-13.1, 44.9, -12.5, 45.4),
    "Saint-Pierre-et-Miquelon": (46.7, -56.5, 47.2, -56.1),
    "Nouvelle-Calédonie": (-23.0, 163.5, -19.5, 168.2),
    "Polynésie française": (-28.0, -155.0, -7.8, -134.0),
    "Wallis-et-Futuna": (-14.4, -178.3, -13.1, -176.1),
}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class FieldIssue:
    """What is wrong with one field of one row: the field, the value, the rule broken."""

    field: str
    value: str
    rule: str
    severity: Severity = "error"

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{self.field}={shown!r}: {self.rule}"


@dataclass(frozen=True)
class StandardPlace:
    """One place, as the standard describes it; lists for the multi-valued fields."""

    id: str
    pivot: str
    nom: str
    commune: str
    code_postal: str
    adresse: str
    date_maj: dt.date
    code_insee: str = ""
    complement_adresse: str = ""
    latitude: float | None = None
    longitude: float | None = None
    typologie: tuple[str, ...] = ()
    telephone: str = ""
    courriels: tuple[str, ...] = ()
    site_web: tuple[str, ...] = ()
    horaires: str = ""
    presentation_resume: str = ""
    presentation_detail: str = ""
    source: str = ""
    itinerance: tuple[str, ...] = ()
    structure_parente: str = ""
    services: tuple[str, ...] = ()
    publics_specifiquement_adresses: tuple[str, ...] = ()
    prise_en_charge_specifique: tuple[str, ...] = ()
    frais_a_charge: tuple[str, ...] = ()
    dispositif_programmes_nationaux: tuple[str, ...] = ()
    formations_labels: tuple[str, ...] = ()
    autres_formations_labels: tuple[str, ...] = ()
    modalites_acces: tuple[str, ...] = ()
    modalites_accompagnement: tuple[str, ...] = ()
    fiche_acces_libre: str = ""
    prise_rdv: str = ""


@dataclass
class ParsedRow:
    place: StandardPlace | None
    issues: list[FieldIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[FieldIssue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[FieldIssue]:
        return [issue for issue in self.issues if issue.severity == "warning"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def in_france(latitude: float, longitude: float) -> bool:
    return any(
        south <= latitude <= north and west <= longitude <= east
        for south, west, north, east in FRANCE_EXTENTS.values()
    )


def validate_opening_hours(expression: str) -> str | None:
    """None if `expression` is valid OSM opening_hours syntax, else the parser's first line."""
    try:
        opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, ValueError) as error:
        first = str(error).strip().splitlines()
        return first[0] if first else "invalid"
    return None


def parse_v1(row: Mapping[str, Any]) -> ParsedRow:
    """Check and type one row of the standard v1.0.2. Unknown columns are ignored."""
    values = {name: _text(row.get(name)) for name in COLUMNS}
    issues: list[FieldIssue] = []

    def problem(
        name: str, rule: str, severity: Severity = "error", value: str | None = None
    ) -> None:
        issues.append(FieldIssue(name, values[name] if value is None else value, rule, severity))

    for name in sorted(REQUIRED):
        if not values[name]:
            problem(name, "required by the standard, missing or empty")
    if values["pivot"] and not PIVOT.match(values["pivot"]):
        problem("pivot", "must be a SIRET, RNA or RIDET: 9 to 14 letters or digits")
    if values["code_postal"] and not CODE_POSTAL.match(values["code_postal"]):
        problem("code_postal", "must be 5 digits")
    if values["code_insee"] and not CODE_INSEE.match(values["code_insee"]):
        problem(
            "code_insee",
            "must be an INSEE commune code (5 characters, e.g. 84080 or 2A004)",
            "warning",
        )
        values["code_insee"] = ""
    date_maj = _parse_date(values["date_maj"], problem)
    latitude, longitude = _parse_point(values, problem)

    if values["telephone"]:
        phones = _split(values["telephone"])
        valid = [phone for phone in phones if TELEPHONE.match(phone)]
        if len(valid) != len(phones):
            problem(
                "telephone",
                "must be in international form, e.g. +33180059880 (invalid numbers dropped)",
                "warning",
            )
        elif len(valid) > 1:
            problem("telephone", "the schema holds one number: the first is kept", "warning")
        values["telephone"] = valid[0] if valid else ""
    if len(values["presentation_resume"]) > PRESENTATION_RESUME_MAX:
        problem(
            "presentation_resume", f"at most {PRESENTATION_RESUME_MAX} characters (cut)", "warning"
        )
        values["presentation_resume"] = (
            values["presentation_resume"][: PRESENTATION_RESUME_MAX - 1] + "…"
        )
    if values["horaires"]:
        reason = validate_opening_hours(values["horaires"])
        if reason is not None:
            problem(
                "horaires",
                f"not valid OpenStreetMap opening_hours syntax ({reason}); dropped",
                "warning",
            )
            values["horaires"] = ""
    for name, pattern, what in (
        ("fiche_acces_libre", URL, "an http(s) URL"),
        ("prise_rdv", URL, "an http(s) URL"),
    ):
        if values[name] and not pattern.match(values[name]):
            problem(name, f"must be {what}; dropped", "warning")
            values[name] = ""

    lists: dict[str, tuple[str, ...]] = {}
    for name in LISTS:
        parts = _split(values[name])
        allowed = ENUMERATIONS.get(name)
        checker = {
            "courriels": (EMAIL, "an e-mail address"),
            "site_web": (URL, "an http(s) URL"),
        }.get(name)
        kept = []
        for part in parts:
            if allowed is not None and part not in allowed:
                problem(
                    name,
                    f"not a value of the standard (allowed: {', '.join(allowed)}); dropped",
                    "warning",
                    part,
                )
            elif checker is not None and not checker[0].match(part):
                problem(name, f"must be {checker[1]}; dropped", "warning", part)
            elif part not in kept:
                kept.append(part)
        lists[name] = tuple(kept)

    if any(issue.severity == "error" for issue in issues):
        return ParsedRow(place=None, issues=issues)
    scalars = {
        name: values[name]
        for name in COLUMNS
        if name not in LISTS and name not in {"latitude", "longitude", "date_maj"}
    }
    place = StandardPlace(
        **scalars, **lists, latitude=latitude, longitude=longitude, date_maj=date_maj
    )
    return ParsedRow(place=place, issues=issues)


def _parse_date(text: str, problem) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        problem("date_maj", "must be a date YYYY-MM-DD")
        return None


def _parse_point(values: dict[str, str], problem) -> tuple[float | None, float | None]:
    lat_text, lon_text = values["latitude"], values["longitude"]
    if not lat_text and not lon_text:
        return None, None
    try:
        latitude = float(lat_text.replace(",", "."))
        longitude = float(lon_text.replace(",", "."))
    except ValueError:
        problem(
            "latitude",
            "latitude and longitude must both be decimal numbers",
            value=f"{lat_text}, {lon_text}",
        )
        return None, None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        problem(
            "latitude",
            "latitude and longitude must be finite numbers",
            value=f"{lat_text}, {lon_text}",
        )
        return None, None
    if not in_france(latitude, longitude):
        swapped = in_france(longitude, latitude)
        rule = (
            "latitude and longitude look swapped (the point lies in France the other way round)"
            if swapped
            else "the point lies outside France"
        )
        problem("latitude", rule, value=f"{lat_text}, {lon_text}")
        return None, None
    return latitude, longitude


def format_v1(place: StandardPlace) -> dict[str, str]:
    """The row of the standard for `place`, in the schema's column order."""
    row: dict[str, str] = {}
    for name in COLUMNS:
        value = getattr(place, name)
        if isinstance(value, tuple):
            row[name] = SEPARATOR.join(value)
        elif isinstance(value, dt.date):
            row[name] = value.isoformat()
        elif isinstance(value, float):
            row[name] = repr(value)
        else:
            row[name] = "" if value is None else value
    return row


# Columns only one version has (v1 renamed or split v0's); some v1 exports keep the v0
# `labels_nationaux` and `publics_accueillis` as leftovers, so those prove nothing.
V1_ONLY = frozenset({
    "courriels", "frais_a_charge", "publics_specifiquement_adresses", "prise_en_charge_specifique",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
    "modalites_acces", "itinerance", "fiche_acces_libre",
})  # fmt: skip
V0_ONLY = frozenset({"courriel", "conditions_acces", "cle_ban", "accessibilite", "labels_autres"})
