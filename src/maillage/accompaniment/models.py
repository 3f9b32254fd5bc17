"""Company accompaniment: a company of the directory with a digital need, the steps the
hub took with it (diagnostic, training, an introduction to a partner, a prototype in the
fablab…) with the time they took, and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.directory.models import Organisation

# The kinds of organisation of the directory that are companies.
COMPANY_KINDS = (
    Organisation.Kind.DIGITAL_COMPANY,
    Organisation.Kind.INDUSTRY,
    Organisation.Kind.ARTISAN,
    Organisation.Kind.OTHER,
)
# A step longer than a working day is several steps.
MAX_STEP_MINUTES = 12 * 60


class Need(models.TextChoices):
    WEBSITE = "website", _("Site web")
    ECOMMERCE = "ecommerce", _("E-commerce")
    PROTOTYPING = "prototyping", _("CAO / prototypage au fablab")
    CYBERSECURITY = "cybersecurity", _("Cybersécurité")
    TRAINING = "training", _("Formation")
    RECRUITMENT = "recruitment", _("Recrutement / RH numérique")
    FUNDING = "funding", _("Financement")
    OTHER = "other", _("Autre")


class Accompaniment(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        DONE = "done", _("Terminé")
        ABANDONED = "abandoned", _("Abandonné")

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Projet réalisé")
        PROTOTYPE = "prototype", _("Prototype réalisé")
        TRAINED = "trained", _("Équipe formée")
        PARTNER = "partner", _("Confié à un partenaire")
        FUNDED = "funded", _("Financement obtenu")
        POSTPONED = "postponed", _("Projet reporté")
        NO_FOLLOW_UP = "no_follow_up", _("Sans suite")
        OTHER = "other", _("Autre")

    # The transitions of the status, one service each (`accompaniment_close`).
    TRANSITIONS = {Status.OPEN: {Status.DONE, Status.ABANDONED}, Status.DONE: set(),
                   Status.ABANDONED: set()}  # fmt: skip

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("entreprise"), on_delete=models.PROTECT,
        related_name="accompaniments",
    )  # fmt: skip
    need = models.CharField(_("besoin"), max_length=20, choices=Need.choices)
    description = models.TextField(_("description du besoin"), blank=True)
    started_on = models.DateField(_("début"), db_index=True)
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    outcome_kind = models.CharField(
        _("résultat"), max_length=20, choices=Outcome.choices, blank=True
    )
    outcome = models.TextField(_("résultat en détail"), blank=True)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("référent·e"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="accompaniments",
    )  # fmt: skip
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partenaires"), blank=True,
        related_name="partner_accompaniments",
    )  # fmt: skip
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("accompagnement d'entreprise")
        verbose_name_plural = _("accompagnements d'entreprises")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "done", "abandoned"]),
                name="accompaniment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    need__in=[
                        "website",
                        "ecommerce",
                        "prototyping",
                        "cybersecurity",
                        "training",
                        "recruitment",
                        "funding",
                        "other",
                    ]
                ),
                name="accompaniment_need_valid",
            ),
            # Open: neither closing date nor outcome; closed: a closing date, not before the start.
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True, outcome_kind="")
                | (
                    models.Q(status__in=["done", "abandoned"], closed_on__isnull=False)
                    & ~models.Q(outcome_kind="")
                    & models.Q(closed_on__gte=models.F("started_on"))
                ),
                name="accompaniment_closed_consistently",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_need_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Step(TimeStampedModel):
    class Kind(models.TextChoices):
        DIAGNOSTIC = "diagnostic", _("Diagnostic")
        TRAINING = "training", _("Formation")
        INTRODUCTION = "introduction", _("Mise en relation avec un partenaire")
        PROTOTYPE = "prototype", _("Prototype")
        ADVICE = "advice", _("Conseil")
        OTHER = "other", _("Autre")

    accompaniment = models.ForeignKey(
        Accompaniment, verbose_name=_("accompagnement"), on_delete=models.CASCADE,
        related_name="steps",
    )  # fmt: skip
    kind = models.CharField(_("étape"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), db_index=True)
    minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    partner = models.ForeignKey(
        Organisation, verbose_name=_("partenaire"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="accompaniment_steps",
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saisie par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("étape d'accompagnement")
        verbose_name_plural = _("étapes d'accompagnement")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_STEP_MINUTES),
                name="accompaniment_step_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "diagnostic",
                        "training",
                        "introduction",
                        "prototype",
                        "advice",
                        "other",
                    ]
                ),
                name="accompaniment_step_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%Y-%m-%d}"

    @property
    def hours(self) -> float:
        return self.minutes / 60
