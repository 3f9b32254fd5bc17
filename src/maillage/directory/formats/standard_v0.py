"""The standard v0.1.1 (`;`-separated lists, 15 services, `conditions_acces`,
`labels_nationaux`, `publics_accueillis`), mapped to v1.0.2 the way its change notes
(`descriptif-des-evolutions`) describe: services condensed, labels split into programmes
and labels, publics split into publics and specific support, `conditions_acces` renamed.

Producers' slips seen in real files are accepted: `Adresse` (Aix-en-Provence),
`conditions_access` (conseillers numériques), `public_accueillis`, numbers for codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maillage.directory import standard
from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import joined, padded_code, phone, split, text, url

SERVICES = {
    "Devenir autonome dans les démarches administratives": "Aide aux démarches administratives",
    "Réaliser des démarches administratives avec un accompagnement": "Aide aux démarches administratives",
    "Accompagner les démarches de santé": "Aide aux démarches administratives",
    "Prendre en main un smartphone ou une tablette": "Maîtrise des outils numériques du quotidien",
    "Prendre en main un ordinateur": "Maîtrise des outils numériques du quotidien",
    "Utiliser le numérique au quotidien": "Maîtrise des outils numériques du quotidien",
    "Approfondir ma culture numérique": "Compréhension du monde numérique",
    "Promouvoir la citoyenneté numérique": "Compréhension du monde numérique",
    "Favoriser mon insertion professionnelle": "Insertion professionnelle via le numérique",
    "Créer et développer mon entreprise": "Insertion professionnelle via le numérique",
    "Accéder à une connexion internet": "Accès internet et matériel informatique",
    "Accéder à du matériel": "Accès internet et matériel informatique",
    "S'équiper en matériel informatique": "Acquisition de matériel informatique à prix solidaire",
    "Créer avec le numérique": "Loisirs et créations numériques",
    "Soutenir la parentalité et l'éducation avec le numérique": "Parentalité et éducation avec le numérique",
}  # fmt: skip

# conditions_acces: the text before " : " names the v1 value.
FRAIS = {
    "Gratuit": "Gratuit",
    "Gratuit sous condition": "Gratuit sous condition",
    "Payant": "Payant",
    "Adhésion": "Payant",
}
# "Accepte le Pass numérique" has no v1 field of its own: it is a label (APTIC pass).
FRAIS_AS_LABEL = {"Accepte le Pass numérique": "Pass numérique (APTIC)"}

# labels_nationaux → (v1 field, v1 value); unknown labels go to autres_formations_labels.
LABELS = {
    "France Services": ("dispositif_programmes_nationaux", "France Services"),
    "CNFS": ("dispositif_programmes_nationaux", "Conseillers numériques"),
    "Aidants Connect": ("dispositif_programmes_nationaux", "Aidants Connect"),
    "Point numérique CAF": ("dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
    "Point relais CAF": ("dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
    "Grandes écoles du numérique": ("dispositif_programmes_nationaux", "Grande école du numérique"),
    "Fabriques de Territoire": ("formations_labels", "Fabriques de Territoire"),
    "APTIC": ("autres_formations_labels", "APTIC"),
    "Relais pôle emploi": ("autres_formations_labels", "Relais Pôle emploi"),
    "French Tech": ("autres_formations_labels", "French Tech"),
    "Campus connecté": ("autres_formations_labels", "Campus connecté"),
}

# publics_accueillis → (v1 field, v1 value); "Adultes" is everybody: no v1 value needed.
PUBLICS = {
    "Seniors (+ 65 ans)": ("publics_specifiquement_adresses", "Seniors"),
    "Familles/enfants": ("publics_specifiquement_adresses", "Familles et/ou enfants"),
    "Jeunes (16-26 ans)": ("publics_specifiquement_adresses", "Jeunes"),
    "Uniquement femmes": ("publics_specifiquement_adresses", "Femmes"),
    "Public langues étrangères": ("prise_en_charge_specifique", "Langues étrangères (autres)"),
    "Déficience visuelle": ("prise_en_charge_specifique", "Déficience visuelle"),
    "Surdité": ("prise_en_charge_specifique", "Surdité"),
    "Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales": ("prise_en_charge_specifique", "Handicaps mentaux"),
    "Handicaps mentaux : déficiences limitant les activités d'une personne": ("prise_en_charge_specifique", "Handicaps mentaux"),
    "Personnes en situation d'illettrisme": ("prise_en_charge_specifique", "Illettrisme"),
}  # fmt: skip
EVERYBODY = frozenset({"Adultes"})

ACCOMPAGNEMENT = {
    "Seul": "En autonomie",
    "Avec de l'aide": "Accompagnement individuel",
    "Dans un atelier": "Dans un atelier collectif",
    "A ma place": "Accompagnement individuel",
    "À ma place": "Accompagnement individuel",
}

# Producers' spellings of v0 column names.
ALIASES = {
    "Adresse": "adresse",
    "conditions_access": "conditions_acces",
    "public_accueillis": "publics_accueillis",
}
COPIED = (
    "id", "pivot", "nom", "commune", "adresse", "complement_adresse", "latitude", "longitude",
    "horaires", "presentation_resume", "presentation_detail", "source", "structure_parente",
    "date_maj",
)  # fmt: skip


def recognises(columns: set[str]) -> bool:
    columns = {ALIASES.get(name, name) for name in columns}
    return bool(columns & standard.V0_ONLY) and not columns & standard.V1_ONLY


def _head(value: str) -> str:
    """The value's name, before its " : " explanation ("Gratuit : Je peux …" → "Gratuit")."""
    return value.split(" : ", 1)[0].strip()


def convert(row: Mapping[str, Any]) -> Converted:
    row = {ALIASES.get(name, name): value for name, value in row.items()}
    values = {name: text(row.get(name)) for name in COPIED}
    converted = Converted(values=values)
    values["code_postal"] = padded_code(row.get("code_postal"))
    values["code_insee"] = padded_code(row.get("code_insee"))
    values["typologie"] = joined(split(row.get("typologie")))
    values["telephone"] = phone(row.get("telephone"))
    values["courriels"] = joined(split(row.get("courriel")))
    values["site_web"] = joined(url(site) for site in split(row.get("site_web")))
    values["prise_rdv"] = url(row.get("prise_rdv"))
    values["fiche_acces_libre"] = url(row.get("accessibilite"))

    lists: dict[str, list[str]] = {
        name: [] for name in (*standard.ENUMERATIONS, "autres_formations_labels")
    }
    lists["autres_formations_labels"] += split(row.get("labels_autres"))

    def unmapped(name: str, value: str, known) -> None:
        converted.note(
            name,
            value,
            f"not a value of the standard v0.1.1 (known: {', '.join(known)}); dropped",
        )

    for value in split(row.get("services")):
        if value in SERVICES:
            lists["services"].append(SERVICES[value])
        else:
            unmapped("services", value, SERVICES)
    for value in split(row.get("conditions_acces")):
        head = _head(value)
        if head in FRAIS:
            lists["frais_a_charge"].append(FRAIS[head])
        elif head in FRAIS_AS_LABEL:
            lists["autres_formations_labels"].append(FRAIS_AS_LABEL[head])
        else:
            unmapped("conditions_acces", value, [*FRAIS, *FRAIS_AS_LABEL])
    for value in split(row.get("labels_nationaux")):
        target, mapped = LABELS.get(value, ("autres_formations_labels", value))
        lists[target].append(mapped)
    for value in split(row.get("publics_accueillis")):
        if value in PUBLICS:
            target, mapped = PUBLICS[value]
            lists[target].append(mapped)
        elif value not in EVERYBODY:
            unmapped("publics_accueillis", value, PUBLICS)
    for value in split(row.get("modalites_accompagnement")):
        if _head(value) in ACCOMPAGNEMENT:
            lists["modalites_accompagnement"].append(ACCOMPAGNEMENT[_head(value)])
        else:
            unmapped("modalites_accompagnement", value, ACCOMPAGNEMENT)
    values.update((name, joined(found)) for name, found in lists.items())
    return converted


FORMAT = SourceFormat(
    name="standard-v0",
    title="Standard des lieux de médiation numérique v0.1.1",
    recognises=recognises,
    convert=convert,
)
