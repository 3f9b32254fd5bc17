"""data·inclusion structures (schema v0 and v1 of gip-inclusion/data-inclusion-schema).

Structures carry no list of mediation services of the standard; their `thematiques`
(v0) `numerique--…` values say which, and their `labels_nationaux` (v0) or
`reseaux_porteurs` (v1) say which national programmes they belong to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import (
    NO_PIVOT,
    iso_date,
    joined,
    padded_code,
    phone,
    split,
    text,
    url,
)
from maillage.directory.formats.standard_v0 import SERVICES as V0_SERVICES
from maillage.directory.standard import PRESENTATION_RESUME_MAX

# v0 thematiques are the v0 services of the standard, slugified.
_V0_SERVICE_BY_SLUG = {
    "numerique--devenir-autonome-dans-les-demarches-administratives": "Devenir autonome dans les démarches administratives",
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement": "Réaliser des démarches administratives avec un accompagnement",
    "numerique--accompagner-les-demarches-de-sante": "Accompagner les démarches de santé",
    "numerique--prendre-en-main-un-smartphone-ou-une-tablette": "Prendre en main un smartphone ou une tablette",
    "numerique--prendre-en-main-un-ordinateur": "Prendre en main un ordinateur",
    "numerique--utiliser-le-numerique-au-quotidien": "Utiliser le numérique au quotidien",
    "numerique--approfondir-ma-culture-numerique": "Approfondir ma culture numérique",
    "numerique--promouvoir-la-citoyennete-numerique": "Promouvoir la citoyenneté numérique",
    "numerique--favoriser-mon-insertion-professionnelle": "Favoriser mon insertion professionnelle",
    "numerique--creer-et-developper-mon-entreprise": "Créer et développer mon entreprise",
    "numerique--acceder-a-une-connexion-internet": "Accéder à une connexion internet",
    "numerique--acceder-a-du-materiel": "Accéder à du matériel",
    "numerique--s-equiper-en-materiel-informatique": "S'équiper en matériel informatique",
    "numerique--creer-avec-le-numerique": "Créer avec le numérique",
    "numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique": "Soutenir la parentalité et l'éducation avec le numérique",
}  # fmt: skip
THEMATIQUES = {
    **{slug: V0_SERVICES[name] for slug, name in _V0_SERVICE_BY_SLUG.items()},
    # v1 thematiques
    "numerique--acceder-a-des-services-en-ligne": "Aide aux démarches administratives",
    "numerique--maitriser-les-fondamentaux-du-numerique": "Maîtrise des outils numériques du quotidien",
    "numerique--acquerir-un-equipement": "Acquisition de matériel informatique à prix solidaire",
}  # fmt: skip

# labels_nationaux (v0) and reseaux_porteurs (v1) → (v1 field, value).
NETWORKS = {
    "france-service": ("dispositif_programmes_nationaux", "France Services"),
    "conseiller-numerique": ("dispositif_programmes_nationaux", "Conseillers numériques"),
    "conseillers-numeriques": ("dispositif_programmes_nationaux", "Conseillers numériques"),
    "aidants-connect": ("dispositif_programmes_nationaux", "Aidants Connect"),
    "grandes-ecoles-du-numerique": ("dispositif_programmes_nationaux", "Grande école du numérique"),
    "croix-rouge": ("dispositif_programmes_nationaux", "La Croix Rouge"),
    "fabrique-de-territoire": ("formations_labels", "Fabriques de Territoire"),
}

_STRUCTURE_ONLY = frozenset({
    "siret", "rna", "antenne", "lien_source", "horaires_ouverture", "horaires_accueil",
    "thematiques", "reseaux_porteurs", "accessibilite_lieu", "labels_autres",
})  # fmt: skip


def recognises(columns: set[str]) -> bool:
    return {"id", "nom"} <= columns and bool(columns & _STRUCTURE_ONLY) and "pivot" not in columns


def convert(row: Mapping[str, Any]) -> Converted:
    description = text(row.get("description"))
    values = {
        "id": text(row.get("id")),
        "pivot": text(row.get("siret")) or text(row.get("rna")) or NO_PIVOT,
        "nom": text(row.get("nom")),
        "commune": text(row.get("commune")),
        "code_postal": padded_code(row.get("code_postal")),
        "code_insee": padded_code(row.get("code_insee")),
        "adresse": text(row.get("adresse")),
        "complement_adresse": text(row.get("complement_adresse")),
        "latitude": text(row.get("latitude")),
        "longitude": text(row.get("longitude")),
        "typologie": joined(split(row.get("typologie"))),
        "telephone": phone(row.get("telephone")),
        "courriels": joined(split(row.get("courriel"))),
        "site_web": joined(url(site) for site in split(row.get("site_web"))),
        "horaires": text(row.get("horaires_ouverture") or row.get("horaires_accueil")),
        "presentation_resume": text(row.get("presentation_resume"))
        or (description if len(description) <= PRESENTATION_RESUME_MAX else ""),
        "presentation_detail": text(row.get("presentation_detail")) or description,
        "source": text(row.get("source")),
        "date_maj": iso_date(row.get("date_maj")),
        "fiche_acces_libre": url(row.get("accessibilite") or row.get("accessibilite_lieu")),
    }
    converted = Converted(values=values)
    services = []
    for theme in split(row.get("thematiques"), separators=",;|"):
        if theme in THEMATIQUES:
            services.append(THEMATIQUES[theme])
        elif theme.startswith("numerique"):
            converted.note("thematiques", theme, "no service of the standard matches it; dropped")
    values["services"] = joined(services)
    by_field: dict[str, list[str]] = {
        "dispositif_programmes_nationaux": [],
        "formations_labels": [],
        "autres_formations_labels": split(row.get("labels_autres"), separators=",;|"),
    }
    for network in split(row.get("labels_nationaux") or row.get("reseaux_porteurs"), ",;|"):
        target, value = NETWORKS.get(network, ("autres_formations_labels", network))
        by_field[target].append(value)
    values.update((name, joined(found)) for name, found in by_field.items())
    return converted


FORMAT = SourceFormat(
    name="data-inclusion",
    title="data·inclusion, structures (schémas v0 et v1)",
    recognises=recognises,
    convert=convert,
)
