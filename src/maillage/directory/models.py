from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel, point_constraint
from maillage.directory.vocabulary import ALLOWED_VALUES, Vocabulary
from maillage.territory.models import Commune


class Organisation(TimeStampedModel):
    """An actor of the territory: a company, an association, a local authority…"""

    class Kind(models.TextChoices):
        DIGITAL_COMPANY = "digital_company", _("Entreprise du numérique")
        INDUSTRY = "industry", _("Industrie")
        ARTISAN = "artisan", _("Artisan")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        ASSOCIATION = "association", _("Association")
        TRAINING_RESEARCH = "training_research", _("Formation et recherche")
        PUBLIC_SERVICE = "public_service", _("Service public")
        TIERS_LIEU_OPERATOR = "tiers_lieu_operator", _("Gestionnaire de tiers-lieu")
        OTHER = "other", _("Autre")

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association loi 1901")
        SCIC = "scic", _("SCIC")
        SCOP = "scop", _("SCOP")
        SAS = "sas", _("SAS / SASU")
        SARL = "sarl", _("SARL / EURL")
        SA = "sa", _("SA")
        SOLE_TRADER = "sole_trader", _("Entreprise individuelle")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        PUBLIC_BODY = "public_body", _("Établissement public")
        GIP = "gip", _("GIP")
        OTHER = "other", _("Autre")

    class Size(models.TextChoices):
        NONE = "0", _("Sans salarié")
        MICRO = "1-9", _("1 à 9 salariés")
        SMALL = "10-49", _("10 à 49 salariés")
        MEDIUM = "50-249", _("50 à 249 salariés")
        LARGE = "250+", _("250 salariés et plus")

    name = models.CharField(_("nom"), max_length=250)
    search_name = models.CharField(
        _("nom normalisé"), max_length=250, db_index=True, editable=False
    )
    kind = models.CharField(_("type d'acteur"), max_length=30, choices=Kind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    rna = models.CharField(_("RNA"), max_length=10, blank=True)
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=LegalForm.choices, blank=True
    )
    sectors = models.JSONField(_("secteurs"), default=list, blank=True)
    skills = models.JSONField(_("compétences"), default=list, blank=True)
    size = models.CharField(_("effectif"), max_length=6, choices=Size.choices, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    website = models.URLField(_("site web"), blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("donnée de démonstration"),
        default=False,
        help_text=_("Organisation inventée pour la démonstration : signalée comme telle partout."),
    )
    is_hub = models.BooleanField(
        _("structure porteuse du pôle"),
        default=False,
        help_text=_("La structure qui anime ce pôle (une seule) : la page d'accueil la présente."),
    )
    listed = models.BooleanField(
        _("dans l'annuaire public"),
        default=True,
        help_text=_(
            "Décoché pour une organisation créée par une candidature d'adhésion : elle "
            "n'apparaît dans l'annuaire des acteurs qu'une fois admise."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(siret="") | models.Q(siret__regex=r"^\d{14}$"),
                name="directory_organisation_siret_14_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(rna="") | models.Q(rna__regex=r"^W\d{9}$"),
                name="directory_organisation_rna_format",
            ),
            point_constraint("directory_organisation_point_valid"),
            models.UniqueConstraint(
                fields=["is_hub"],
                condition=models.Q(is_hub=True),
                name="directory_organisation_one_hub",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Place(TimeStampedModel):
    """A place where people get digital help or tools, with every field of the standard."""

    # Fields holding the standard's field of the same name, as they are (lists as JSON).
    STANDARD_FIELDS = (
        "pivot", "nom", "code_postal", "code_insee", "adresse", "complement_adresse",
        "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
        "presentation_detail", "structure_parente", "autres_formations_labels",
        "fiche_acces_libre", "prise_rdv", "date_maj",
    )  # fmt: skip

    source = models.CharField(_("source"), max_length=100)
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    pivot = models.CharField(_("pivot (SIRET, RNA ou RIDET)"), max_length=14)
    nom = models.CharField(_("nom"), max_length=250)
    search_text = models.TextField(_("texte de recherche"), editable=False, blank=True)
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("structure gestionnaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestionnaires"),
        blank=True,
        related_name="managed_places",
        help_text=_("Les comptes qui gèrent ce lieu, ses ressources et ses réservations."),
    )  # fmt: skip
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="places",
    )
    commune_nom = models.CharField(_("commune (telle que publiée)"), max_length=100)
    code_postal = models.CharField(_("code postal"), max_length=5)
    code_insee = models.CharField(_("code INSEE (tel que publié)"), max_length=5, blank=True)
    adresse = models.CharField(_("adresse"), max_length=250)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_exact = models.BooleanField(
        _("position exacte"),
        default=True,
        help_text=_("Faux quand le point est celui de la mairie de la commune."),
    )
    typologie = models.JSONField(_("typologie"), default=list, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    courriels = models.JSONField(_("courriels"), default=list, blank=True)
    site_web = models.JSONField(_("sites web"), default=list, blank=True)
    horaires = models.CharField(_("horaires (syntaxe OpenStreetMap)"), max_length=500, blank=True)
    presentation_resume = models.CharField(_("présentation courte"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("présentation détaillée"), blank=True)
    structure_parente = models.CharField(_("structure parente"), max_length=250, blank=True)
    autres_formations_labels = models.JSONField(
        _("autres formations et labels"), default=list, blank=True
    )
    fiche_acces_libre = models.URLField(_("fiche Accès libre"), max_length=500, blank=True)
    prise_rdv = models.URLField(_("prise de rendez-vous"), max_length=500, blank=True)
    date_maj = models.DateField(_("date de mise à jour"))
    is_demo = models.BooleanField(
        _("donnée de démonstration"),
        default=False,
        help_text=_("Lieu inventé pour la démonstration : signalé comme tel partout."),
    )

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="directory_place_source_id_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(code_postal__regex=r"^\d{5}$"),
                name="directory_place_code_postal_5_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(pivot__regex=r"^[a-zA-Z0-9]{9,14}$"),
                name="directory_place_pivot_format",
            ),
            point_constraint("directory_place_point_valid"),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            # The search's default order, with the text it filters on: a text search walks
            # this index in order, never the table, and stops at the end of the page.
            models.Index(fields=["nom", "id", "search_text"], name="directory_place_by_name"),
        ]

    def __str__(self) -> str:
        return self.nom

    def values_of(self, vocabulary: Vocabulary | str) -> tuple[str, ...]:
        """The place's values in one vocabulary, in their recorded order."""
        return tuple(tag.value for tag in self.tags.all() if tag.vocabulary == str(vocabulary))


def _allowed_pairs() -> models.Q:
    condition = models.Q()
    for vocabulary, values in ALLOWED_VALUES.items():
        condition |= models.Q(vocabulary=vocabulary, value__in=list(values))
    return condition


class PlaceTag(models.Model):
    """One value of one multi-valued field of a place (a service, a public, a label…)."""

    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="tags"
    )
    vocabulary = models.CharField(_("champ"), max_length=40, choices=Vocabulary.choices)
    value = models.CharField(_("valeur"), max_length=120)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    class Meta:
        verbose_name = _("valeur de lieu")
        verbose_name_plural = _("valeurs de lieu")
        ordering = ["place", "vocabulary", "position"]
        indexes = [models.Index(fields=["vocabulary", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "vocabulary", "value"], name="directory_placetag_unique"
            ),
            # Only the vocabularies' own values: the standard's enumerations and the hub kinds.
            models.CheckConstraint(
                condition=_allowed_pairs(), name="directory_placetag_value_allowed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_vocabulary_display()}: {self.value}"
