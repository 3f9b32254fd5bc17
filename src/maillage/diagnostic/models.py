"""The digital diagnostic: a questionnaire the hub configures (skills, questions, choices
worth 0 to 3 points, levels per skill), and the diagnostics people take, each with its
answers and the level it gave for every skill."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.directory.standard import SERVICES
from maillage.programme.models import Category
from maillage.territory.models import Commune

MAX_POINTS = 3


class Skill(models.Model):
    """One skill the questionnaire measures, with what to recommend to someone who lacks it:
    workshops of some programme categories and places offering some services (values of the
    mediation-places standard's `services`)."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    description = models.CharField(_("description"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    categories = models.ManyToManyField(
        Category,
        verbose_name=_("catégories d'ateliers à recommander"),
        blank=True,
        related_name="diagnostic_skills",
    )
    services = models.JSONField(
        _("services de lieux à recommander"),
        default=list,
        blank=True,
        help_text=_("Valeurs du champ « services » du standard des lieux de médiation numérique."),
    )

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        values = self.services if isinstance(self.services, list) else [self.services]
        unknown = [str(value) for value in values if value not in SERVICES]
        if unknown:
            raise ValidationError(
                {"services": _("Valeurs inconnues du standard : %(values)s.")
                 % {"values": ", ".join(unknown)}}
            )  # fmt: skip


class Level(models.Model):
    """A level of one skill, reached from `min_percent` % of the skill's points. The levels
    of a skill whose holders need help have `recommend` set: they get a path."""

    skill = models.ForeignKey(
        Skill, verbose_name=_("compétence"), on_delete=models.CASCADE, related_name="levels"
    )
    name = models.CharField(_("nom"), max_length=60)
    min_percent = models.PositiveSmallIntegerField(
        _("à partir de (% des points)"),
        help_text=_("Le niveau le plus bas commence à 0 %."),
    )
    recommend = models.BooleanField(
        _("recommander un parcours"),
        default=False,
        help_text=_("Les personnes de ce niveau reçoivent des ateliers et des lieux."),
    )

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaux")
        ordering = ["skill", "min_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "min_percent"], name="diagnostic_level_one_per_threshold"
            ),
            models.CheckConstraint(
                condition=models.Q(min_percent__lte=100), name="diagnostic_level_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} : {self.name}"


class Question(models.Model):
    skill = models.ForeignKey(
        Skill, verbose_name=_("compétence"), on_delete=models.PROTECT, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=250)
    help_text = models.CharField(_("aide"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["skill__position", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("réponse"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points (0 à 3)"))
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    class Meta:
        verbose_name = _("réponse possible")
        verbose_name_plural = _("réponses possibles")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__lte=MAX_POINTS), name="diagnostic_choice_points_0_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.points})"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Diagnostic(TimeStampedModel):
    """One diagnostic taken by a person, alone on the public page or with a mediator. The
    person stays anonymous: a commune and an age band at most; their results page is
    reached by its secret token."""

    class AgeBand(models.TextChoices):
        UNDER_18 = "-18", _("Moins de 18 ans")
        FROM_18 = "18-25", _("18 à 25 ans")
        FROM_26 = "26-44", _("26 à 44 ans")
        FROM_45 = "45-59", _("45 à 59 ans")
        FROM_60 = "60-74", _("60 à 74 ans")
        FROM_75 = "75+", _("75 ans et plus")

    taken_on = models.DateField(_("date"), db_index=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("médiateur ou médiatrice"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="diagnostics",
    )  # fmt: skip
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    age_band = models.CharField(
        _("tranche d'âge"), max_length=6, choices=AgeBand.choices, blank=True
    )
    token = models.CharField(_("jeton"), max_length=40, unique=True, default=_new_token)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Diagnostic')} {self.pk} ({self.taken_on:%Y-%m-%d})"


class Answer(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name=_("diagnostic"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.ForeignKey(
        Choice, verbose_name=_("réponse"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "question"], name="diagnostic_answer_one_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.choice}"


class SkillResult(models.Model):
    """The level a diagnostic gave for one skill, kept as it was (name and rank) so that the
    statistics hold when the hub later changes its levels."""

    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name=_("diagnostic"), on_delete=models.CASCADE, related_name="results"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("compétence"), on_delete=models.PROTECT, related_name="results"
    )
    points = models.PositiveSmallIntegerField(_("points"))
    max_points = models.PositiveSmallIntegerField(_("points possibles"))
    level_rank = models.PositiveSmallIntegerField(_("rang du niveau"))
    level_name = models.CharField(_("niveau"), max_length=60)
    recommend = models.BooleanField(_("parcours recommandé"), default=False)

    class Meta:
        verbose_name = _("niveau obtenu")
        verbose_name_plural = _("niveaux obtenus")
        ordering = ["diagnostic", "skill__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "skill"], name="diagnostic_result_one_per_skill"
            ),
            models.CheckConstraint(
                condition=models.Q(points__lte=models.F("max_points")),
                name="diagnostic_result_points_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} : {self.level_name}"

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0
