"""Mediation records: what a mediator did with whom, kept pseudonymous, for the figures
funders ask for every year.

- `Theme`: the national list of themes of the mediators' activity reports (La Coop de la
  médiation numérique), digital themes and administrative-procedure themes; the hub edits it.
- `Beneficiary`: a person accompanied, pseudonymous by default (age band, gender, commune,
  social status); an optional first name only their mediators see. Anonymised after
  `RETENTION_MONTHS` without activity.
- `MediationActivity`: one session — individual, collective workshop or administrative
  procedure done on behalf — with its date, duration, place, equipment, themes, autonomy
  reached and referral.
- `ActivityTheme`: the themes of an activity, with the activity's date, mediator and place
  copied in, so that counting themes over a period is one indexed GROUP BY without a join.
- `ShareLink`: a read-only statistics page behind a secret link, revocable.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.directory.models import Organisation, Place
from maillage.territory.models import Commune

# A session lasts at most this long (a whole day of workshops is 7 h; 12 h is surely a typo).
MAX_DURATION_MINUTES = 12 * 60
# A beneficiary is anonymised this many months after their last activity (or their creation).
RETENTION_MONTHS = 24


class Theme(models.Model):
    """A theme of the national list; the hub may add, rename or retire some."""

    class Group(models.TextChoices):
        DIGITAL = "digital", _("Médiation numérique")
        PROCEDURE = "procedure", _("Démarches administratives")

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    group = models.CharField(_("groupe"), max_length=12, choices=Group.choices)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    is_active = models.BooleanField(
        _("proposé"), default=True, help_text=_("Décoché : n'est plus proposé à la saisie.")
    )

    class Meta:
        verbose_name = _("thème de médiation")
        verbose_name_plural = _("thèmes de médiation")
        ordering = ["group", "position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__in=["digital", "procedure"]),
                name="mediation_theme_group_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AgeBand(models.TextChoices):
    UNKNOWN = "", _("Non communiqué")
    UNDER_12 = "0-11", _("Moins de 12 ans")
    TEENS = "12-17", _("12 à 17 ans")
    YOUNG = "18-24", _("18 à 24 ans")
    ADULT = "25-39", _("25 à 39 ans")
    MIDDLE = "40-59", _("40 à 59 ans")
    SENIOR = "60-69", _("60 à 69 ans")
    ELDER = "70+", _("70 ans et plus")


class Gender(models.TextChoices):
    UNKNOWN = "", _("Non communiqué")
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")


class SocialStatus(models.TextChoices):
    UNKNOWN = "", _("Non communiqué")
    PUPIL = "pupil", _("Scolarisé ou étudiant")
    JOB_SEEKER = "job_seeker", _("Sans emploi")
    EMPLOYED = "employed", _("En emploi")
    RETIRED = "retired", _("Retraité")


class Beneficiary(TimeStampedModel):
    """A person accompanied. Pseudonymous: known by a number; the first name is optional and
    shown only to the mediators who accompanied the person."""

    first_name = models.CharField(
        _("prénom (visible de vos seuls médiateurs)"), max_length=60, blank=True
    )
    age_band = models.CharField(
        _("tranche d'âge"), max_length=6, choices=AgeBand.choices, blank=True, default=""
    )
    gender = models.CharField(
        _("genre"), max_length=8, choices=Gender.choices, blank=True, default=""
    )
    social_status = models.CharField(
        _("situation"), max_length=12, choices=SocialStatus.choices, blank=True, default=""
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune de résidence"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("créée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_band__in=AgeBand.values), name="mediation_age_band_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=Gender.values), name="mediation_gender_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(social_status__in=SocialStatus.values),
                name="mediation_social_status_valid",
            ),
            # Anonymised means no first name any more.
            models.CheckConstraint(
                condition=models.Q(anonymised_at__isnull=True) | models.Q(first_name=""),
                name="mediation_anonymised_has_no_name",
            ),
        ]
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        return gettext("Personne n° %(number)s") % {"number": self.pk}


class MediationActivity(TimeStampedModel):
    """One session of digital mediation, recorded by its mediator."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Accompagnement individuel")
        COLLECTIVE = "collective", _("Atelier collectif")
        PROCEDURE = "procedure", _("Démarche administrative faite pour la personne")

    class PlaceKind(models.TextChoices):
        PLACE = "place", _("Dans un lieu")
        HOME = "home", _("À domicile")
        REMOTE = "remote", _("À distance")
        OTHER = "other", _("Ailleurs")

    class Autonomy(models.TextChoices):
        UNKNOWN = "", _("Non renseigné")
        ACCOMPANIED = "accompanied", _("Entièrement accompagnée")
        PARTIAL = "partial", _("Partiellement autonome")
        AUTONOMOUS = "autonomous", _("Autonome")

    class Level(models.TextChoices):
        UNKNOWN = "", _("Non renseigné")
        BEGINNER = "beginner", _("Débutant")
        INTERMEDIATE = "intermediate", _("Intermédiaire")
        ADVANCED = "advanced", _("Avancé")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("médiateur ou médiatrice"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="mediation_activities",
    )  # fmt: skip
    place_kind = models.CharField(
        _("où"), max_length=8, choices=PlaceKind.choices, default=PlaceKind.PLACE
    )
    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="mediation_activities",
    )  # fmt: skip
    location_commune = models.ForeignKey(
        Commune, verbose_name=_("commune du lieu"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("La commune où l'activité a eu lieu (celle du lieu, du domicile…)."),
    )  # fmt: skip
    # Where the people accompanied live: the beneficiary's commune, else where the activity
    # took place. Copied by the services so that the map is one GROUP BY.
    people_commune = models.ForeignKey(
        Commune, verbose_name=_("commune des personnes"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )  # fmt: skip
    used_computer = models.BooleanField(_("ordinateur"), default=False)
    used_phone = models.BooleanField(_("téléphone"), default=False)
    used_tablet = models.BooleanField(_("tablette"), default=False)
    used_other = models.BooleanField(_("autre matériel"), default=False)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thèmes"), through="ActivityTheme", related_name="activities"
    )
    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("personne accompagnée"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="activities",
    )  # fmt: skip
    autonomy = models.CharField(
        _("autonomie atteinte"), max_length=12, choices=Autonomy.choices, blank=True, default=""
    )
    referred = models.BooleanField(_("orientée vers une autre structure"), default=False)
    referral_organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure d'orientation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    referral_text = models.CharField(_("orientation (précision)"), max_length=200, blank=True)
    title = models.CharField(_("titre de l'atelier"), max_length=200, blank=True)
    level = models.CharField(
        _("niveau"), max_length=12, choices=Level.choices, blank=True, default=""
    )
    participant_count = models.PositiveSmallIntegerField(_("participants"), default=1)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("activité de médiation")
        verbose_name_plural = _("activités de médiation")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["individual", "collective", "procedure"]),
                name="mediation_activity_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(place_kind__in=["place", "home", "remote", "other"]),
                name="mediation_activity_place_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=12 * 60),
                name="mediation_activity_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(autonomy__in=["", "accompanied", "partial", "autonomous"]),
                name="mediation_activity_autonomy_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["", "beginner", "intermediate", "advanced"]),
                name="mediation_activity_level_valid",
            ),
            # One person per individual session; a workshop counts its participants and
            # names nobody.
            models.CheckConstraint(
                condition=models.Q(
                    kind="collective", participant_count__gte=1, beneficiary__isnull=True
                )
                | (~models.Q(kind="collective") & models.Q(participant_count=1)),
                name="mediation_activity_participants",
            ),
        ]
        indexes = [
            # Each covers one GROUP BY of the statistics over a period: by day (and type,
            # autonomy, referral), by commune, by place. Grouped columns first where the
            # groups are few: SQLite then walks the index group by group, without sorting.
            models.Index(
                fields=[
                    "date",
                    "kind",
                    "autonomy",
                    "referred",
                    "duration_minutes",
                    "participant_count",
                    "beneficiary",
                ],
                name="mediation_activity_by_date",
            ),
            models.Index(fields=["mediator", "date"], name="mediation_activity_mediator"),
            models.Index(
                fields=["place", "date", "participant_count", "duration_minutes"],
                name="mediation_activity_place",
            ),
            models.Index(
                fields=["people_commune", "date", "participant_count"],
                name="mediation_activity_commune",
            ),
            models.Index(fields=["beneficiary", "date"], name="mediation_activity_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}"

    @property
    def equipment(self) -> list[str]:
        """The equipment used, in words."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("used_computer", "used_phone", "used_tablet", "used_other")
            if getattr(self, name)
        ]


class ActivityTheme(models.Model):
    """A theme of an activity. The activity's date, mediator and place are copied here by
    the services: counting the themes of a period is then one GROUP BY on an index."""

    activity = models.ForeignKey(
        MediationActivity, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.ForeignKey(Place, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("thème d'une activité")
        verbose_name_plural = _("thèmes des activités")
        constraints = [
            models.UniqueConstraint(fields=["activity", "theme"], name="mediation_theme_once")
        ]
        indexes = [
            models.Index(fields=["theme", "date"], name="mediation_theme_by_date"),
            models.Index(fields=["mediator", "date", "theme"], name="mediation_theme_mediator"),
            models.Index(fields=["place", "date", "theme"], name="mediation_theme_place"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} – {self.theme_id}"


def _new_share_token() -> str:
    return secrets.token_urlsafe(24)


class ShareLink(TimeStampedModel):
    """A read-only statistics page (a mediator, a place or the hub, over a period) that
    anyone holding the link may open, until it is revoked."""

    class Scope(models.TextChoices):
        MEDIATOR = "mediator", _("Un médiateur ou une médiatrice")
        PLACE = "place", _("Un lieu")
        HUB = "hub", _("Le pôle")

    token = models.CharField(_("jeton"), max_length=40, unique=True, default=_new_share_token)
    scope = models.CharField(_("périmètre"), max_length=10, choices=Scope.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("médiateur ou médiatrice"), null=True,
        blank=True, on_delete=models.CASCADE, related_name="+",
    )  # fmt: skip
    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    date_from = models.DateField(_("du"))
    date_to = models.DateField(_("au"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("créé par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de partage des statistiques")
        verbose_name_plural = _("liens de partage des statistiques")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="mediator", mediator__isnull=False, place__isnull=True)
                | models.Q(scope="place", place__isnull=False, mediator__isnull=True)
                | models.Q(scope="hub", place__isnull=True, mediator__isnull=True),
                name="mediation_share_scope_consistent",
            ),
            models.CheckConstraint(
                condition=models.Q(date_to__gte=models.F("date_from")),
                name="mediation_share_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.date_from:%d/%m/%Y}–{self.date_to:%d/%m/%Y}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
