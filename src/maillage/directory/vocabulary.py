"""The vocabularies of a place's multi-valued fields: the standard's enumerations, and the
place kinds and labels of the hubs (seed 001) that the standard does not have."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.directory import standard

# Kinds and labels seen in the regional inventories (seed 001) beyond the standard.
HUB_KINDS = (
    ("eric", _("ERIC (espace régional internet citoyen)")),
    ("cyberbase", _("Cyberbase")),
    ("epn", _("EPN (espace public numérique)")),
    ("point_cyb", _("Point-Cyb")),
    ("ecg_vaucluse", _("Label e-CG Vaucluse")),
    ("rsp", _("Relais de services publics")),
    ("visio_point", _("Point visio")),
    ("fablab", _("Fablab")),
    ("coworking", _("Coworking")),
    ("medialab", _("Medialab")),
    ("incubator", _("Incubateur")),
    ("natural_park", _("Parc naturel régional")),
    ("business_employment_committee", _("Comité de bassin d'emploi")),
    ("tiers_lieu", _("Tiers-lieu")),
    ("mobile_stop", _("Arrêt itinérant")),
    ("training_space", _("Plateau de formation")),
    ("library", _("Médiathèque")),
    ("france_services", _("France Services")),
)


class Vocabulary(models.TextChoices):
    SERVICES = "services", _("Services")
    PUBLICS = "publics_specifiquement_adresses", _("Publics spécifiquement adressés")
    PRISE_EN_CHARGE = "prise_en_charge_specifique", _("Prise en charge spécifique")
    FRAIS = "frais_a_charge", _("Frais à charge")
    DISPOSITIFS = "dispositif_programmes_nationaux", _("Dispositifs et programmes nationaux")
    FORMATIONS_LABELS = "formations_labels", _("Formations et labels")
    MODALITES_ACCES = "modalites_acces", _("Modalités d'accès")
    MODALITES_ACCOMPAGNEMENT = "modalites_accompagnement", _("Modalités d'accompagnement")
    ITINERANCE = "itinerance", _("Itinérance")
    HUB_KIND = "hub_kind", _("Type de lieu du pôle")


ALLOWED_VALUES: dict[str, tuple[str, ...]] = {
    **standard.ENUMERATIONS,
    Vocabulary.HUB_KIND.value: tuple(code for code, _label in HUB_KINDS),
}
STANDARD_VOCABULARIES = tuple(standard.ENUMERATIONS)

# What a standard record already says about the hub kind of a place: its data·inclusion
# typologie codes, its national programme, or the network that collected it.
_KIND_OF_TYPOLOGIE = {
    "TIERS_LIEUX": "tiers_lieu",
    "BIB": "library",
    "EPN": "epn",
    "FABLAB": "fablab",
    "MSAP": "france_services",
}
_KIND_OF_PROGRAMME = {"France Services": "france_services"}
_KIND_OF_SOURCE = {"france-tiers-lieux": "tiers_lieu", "france-services": "france_services"}


def hub_kinds_implied(
    *, typologie: tuple[str, ...], programmes: tuple[str, ...], source: str
) -> tuple[str, ...]:
    """The hub kinds a record of the standard implies, in a stable order."""
    found = {_KIND_OF_TYPOLOGIE.get(code) for code in typologie}
    found |= {_KIND_OF_PROGRAMME.get(programme) for programme in programmes}
    found.add(_KIND_OF_SOURCE.get(source))
    return tuple(code for code, _label in HUB_KINDS if code in found)
