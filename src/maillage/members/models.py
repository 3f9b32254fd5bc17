from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.directory.models import Organisation


class CooperativeTerms(models.Model):
    """The hub's cooperative terms (one row): the nominal value of a share."""

    share_value = models.DecimalField(
        _("valeur nominale d'une part (€)"), max_digits=9, decimal_places=2, default=100
    )
    volunteer_hour_value = models.DecimalField(
        _("valorisation d'une heure de bénévolat (€)"), max_digits=7, decimal_places=2, default=15
    )

    class Meta:
        verbose_name = _("statuts de la coopérative")
        verbose_name_plural = _("statuts de la coopérative")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="members_terms_single_row"),
            models.CheckConstraint(
                condition=models.Q(share_value__gt=0), name="members_terms_share_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.share_value} €"


class College(models.Model):
    """A college of the SCIC (employees, beneficiaries, local authorities…) and its vote."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    voting_weight = models.DecimalField(
        _("poids des voix (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    class Meta:
        verbose_name = _("collège")
        verbose_name_plural = _("collèges")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voting_weight__gte=0, voting_weight__lte=100),
                name="members_college_weight_0_100",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """An organisation's or a person's membership of the hub."""

    class Type(models.TextChoices):
        SOCIETAIRE = "societaire", _("Sociétaire de la SCIC")
        ASSOCIATION = "association", _("Membre de l'association")
        FEDERATED = "federated", _("Entreprise fédérée (sans adhésion)")
        PARTNER = "partner", _("Partenaire")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Candidature")
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Échue")
        LEFT = "left", _("Partie")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="memberships",
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="memberships",
    )  # fmt: skip
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.APPLICANT
    )
    college = models.ForeignKey(
        College, verbose_name=_("collège"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships",
    )  # fmt: skip
    started_on = models.DateField(_("depuis le"), null=True, blank=True)
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    listed_publicly = models.BooleanField(
        _("dans l'annuaire public des membres"),
        default=False,
        help_text=_("Le membre accepte d'apparaître dans l'annuaire public."),
    )
    application_message = models.TextField(
        _("message de candidature"),
        blank=True,
        max_length=2000,
        help_text=_("Ce que la personne a écrit à la coordination en posant sa candidature."),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, person__isnull=True)
                | models.Q(organisation__isnull=True, person__isnull=False),
                name="members_membership_one_member",
            ),
            # An active sociétaire sits in a college; the others in none.
            models.CheckConstraint(
                condition=~models.Q(type="societaire", status="active", college__isnull=True)
                & (models.Q(type="societaire") | models.Q(college__isnull=True)),
                name="members_membership_college_of_societaires",
            ),
            models.CheckConstraint(
                condition=models.Q(type__in=["societaire", "association", "federated", "partner"]),
                name="members_membership_type_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["applicant", "active", "lapsed", "left"]),
                name="members_membership_status_known",
            ),
            # Who left has a date of leaving, after the date of joining.
            models.CheckConstraint(
                condition=~models.Q(status="left", ended_on__isnull=True),
                name="members_membership_left_has_end",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="members_membership_ends_after_start",
            ),
            # One current membership of each type per organisation or person.
            models.UniqueConstraint(
                fields=["organisation", "type"],
                condition=~models.Q(status="left") & models.Q(organisation__isnull=False),
                name="members_membership_one_current_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["person", "type"],
                condition=~models.Q(status="left") & models.Q(person__isnull=False),
                name="members_membership_one_current_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.person)

    @property
    def member(self):
        """The organisation or the person who is the member."""
        return self.organisation or self.person


# The membership's life: the only changes of `status` `members.services.membership_transition`
# accepts. Leaving is final: coming back is a new membership (a new application).
MEMBERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    Membership.Status.APPLICANT: frozenset({Membership.Status.ACTIVE, Membership.Status.LEFT}),
    Membership.Status.ACTIVE: frozenset({Membership.Status.LAPSED, Membership.Status.LEFT}),
    Membership.Status.LAPSED: frozenset({Membership.Status.ACTIVE, Membership.Status.LEFT}),
    Membership.Status.LEFT: frozenset(),
}


class Representative(TimeStampedModel):
    """A person acting for an organisation; a person may act for several."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE,
        related_name="representations",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="representatives",
    )  # fmt: skip
    title = models.CharField(_("fonction"), max_length=120, blank=True)
    may_edit = models.BooleanField(_("peut modifier la fiche de l'organisation"), default=True)

    class Meta:
        verbose_name = _("représentant·e")
        verbose_name_plural = _("représentant·es")
        ordering = ["organisation__name", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="members_representative_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"


class DuesRule(models.Model):
    """How much a member pays a year: by membership type, and optionally by the
    organisation's kind and size. The most specific rule wins (kind and size, then kind,
    then size, then the type alone); people have their own rules (`for_people`). An amount
    of 0 exempts: no call is sent."""

    membership_type = models.CharField(
        _("type d'adhésion"), max_length=12, choices=Membership.Type.choices
    )
    organisation_kind = models.CharField(
        _("type d'acteur"), max_length=30, choices=Organisation.Kind.choices, blank=True
    )
    organisation_size = models.CharField(
        _("effectif"), max_length=6, choices=Organisation.Size.choices, blank=True
    )
    for_people = models.BooleanField(_("pour les personnes"), default=False)
    amount = models.DecimalField(_("montant annuel (€)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("barème de cotisation")
        verbose_name_plural = _("barème des cotisations")
        ordering = ["membership_type", "for_people", "organisation_kind", "organisation_size"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership_type", "organisation_kind", "organisation_size", "for_people"],
                name="members_dues_rule_once",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="members_dues_rule_amount_positive"
            ),
            # People have neither a kind nor a size of organisation.
            models.CheckConstraint(
                condition=models.Q(for_people=False)
                | models.Q(organisation_kind="", organisation_size=""),
                name="members_dues_rule_people_plain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_membership_type_display()} {self.amount} €"


class ShareHolding(models.Model):
    """A sociétaire's shares now: subscribed, of which released (paid up). The database
    keeps 0 ≤ released ≤ subscribed; the register's transactions explain every change."""

    membership = models.OneToOneField(
        Membership, verbose_name=_("adhésion"), on_delete=models.PROTECT, related_name="holding"
    )
    subscribed = models.PositiveIntegerField(_("parts souscrites"), default=0)
    released = models.PositiveIntegerField(_("parts libérées"), default=0)

    class Meta:
        verbose_name = _("détention de parts")
        verbose_name_plural = _("détentions de parts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(released__lte=models.F("subscribed")),
                name="members_holding_released_within_subscribed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.subscribed} / {self.released}"


class ShareTransaction(models.Model):
    """One line of the share-capital register. Append-only: a correction is a new line."""

    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", _("Souscription")
        RELEASE = "release", _("Libération")
        REPAYMENT = "repayment", _("Remboursement")
        TRANSFER_OUT = "transfer_out", _("Cession")
        TRANSFER_IN = "transfer_in", _("Acquisition par cession")

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("adhésion"),
        on_delete=models.PROTECT,
        related_name="share_transactions",
    )
    kind = models.CharField(_("opération"), max_length=14, choices=Kind.choices)
    shares = models.PositiveIntegerField(_("parts"), validators=[MinValueValidator(1)])
    share_value = models.DecimalField(_("valeur de la part (€)"), max_digits=9, decimal_places=2)
    date = models.DateField(_("date"))
    counterpart = models.ForeignKey(
        Membership, verbose_name=_("contrepartie"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    reference = models.CharField(_("référence"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("opération sur le capital")
        verbose_name_plural = _("registre du capital")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shares__gte=1), name="members_transaction_shares_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.shares}"


class DuesCall(TimeStampedModel):
    """The dues asked of a membership for a year."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("adhésion"), on_delete=models.PROTECT, related_name="dues_calls"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("montant (€)"), max_digits=9, decimal_places=2)
    called_on = models.DateField(_("appelée le"))

    class Meta:
        verbose_name = _("appel de cotisation")
        verbose_name_plural = _("appels de cotisation")
        ordering = ["-year", "membership"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"], name="members_dues_one_call_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="members_dues_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.year}"


class DuesPayment(TimeStampedModel):
    """The payment of a call (one: paying twice is refused), with its reference."""

    call = models.OneToOneField(
        DuesCall, verbose_name=_("appel"), on_delete=models.PROTECT, related_name="payment"
    )
    amount = models.DecimalField(_("montant payé (€)"), max_digits=9, decimal_places=2)
    paid_on = models.DateField(_("payée le"))
    reference = models.CharField(_("référence du paiement"), max_length=100)

    class Meta:
        verbose_name = _("paiement de cotisation")
        verbose_name_plural = _("paiements de cotisation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="members_payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.amount} €"

    @property
    def receipt_number(self) -> str:
        """Stable and unique: the year of the dues and the payment's number."""
        return f"{self.call.year}-{self.pk:05d}"


class VolunteerHours(TimeStampedModel):
    """Hours a person gave to the hub, valued in the accounts and the funding mix."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bénévole"), on_delete=models.PROTECT,
        related_name="volunteer_hours",
    )  # fmt: skip
    activity = models.CharField(_("activité"), max_length=150)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("heures"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("heures de bénévolat")
        verbose_name_plural = _("heures de bénévolat")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="members_volunteer_hours_in_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.date} {self.hours} h"


class FundingLine(TimeStampedModel):
    """A resource of the year by category; dues and valued volunteering come from data."""

    class Category(models.TextChoices):
        OWN_SERVICES = "own_services", _("Ressources propres : prestations")
        OWN_FABLAB = "own_fablab", _("Ressources propres : fablab et équipements")
        OWN_OTHER = "own_other", _("Ressources propres : autres")
        PUBLIC_COMMUNE = "public_commune", _("Public : communes")
        PUBLIC_EPCI = "public_epci", _("Public : intercommunalités")
        PUBLIC_DEPARTEMENT = "public_departement", _("Public : département")
        PUBLIC_REGION = "public_region", _("Public : région")
        PUBLIC_STATE = "public_state", _("Public : État")
        PUBLIC_EU = "public_eu", _("Public : Union européenne")
        PRIVATE = "private", _("Privé")

    year = models.PositiveSmallIntegerField(_("année"))
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    label = models.CharField(_("libellé"), max_length=150, blank=True)
    amount = models.DecimalField(_("montant (€)"), max_digits=11, decimal_places=2)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("plan de financement")
        ordering = ["-year", "category"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="members_funding_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()} {self.amount} €"
