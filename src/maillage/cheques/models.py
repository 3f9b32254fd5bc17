"""Pass numérique cheques: a funder's campaign, its books given to prescribers, and each
cheque's way from the book to the place that redeems it and gets reimbursed.

A cheque moves along `Cheque.TRANSITIONS` only, one service per move (`cheques.services`);
the database holds what each state implies (the redeemed state has its place and date, the
reimbursed one its batch…) so that no other path can leave a cheque half-way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from maillage.cheques import numbers
from maillage.core.models import TimeStampedModel
from maillage.directory.models import Organisation, Place
from maillage.territory.models import Commune


class Campaign(TimeStampedModel):
    """A funder's pass numérique of a year: cheques of one face value, valid until a date,
    redeemable at the places it names (none named: the places of the hub's own structure)."""

    funder = models.ForeignKey(
        Organisation, verbose_name=_("financeur"), on_delete=models.PROTECT,
        related_name="cheque_campaigns",
    )  # fmt: skip
    name = models.CharField(_("nom"), max_length=150)
    year = models.PositiveSmallIntegerField(_("année"))
    code = models.PositiveSmallIntegerField(
        _("code de campagne"),
        unique=True,
        editable=False,
        help_text=_("Les trois premiers chiffres des numéros de chèque de la campagne."),
    )
    face_value = models.DecimalField(_("valeur faciale (€)"), max_digits=6, decimal_places=2)
    valid_until = models.DateField(_("valable jusqu'au"))
    places = models.ManyToManyField(
        Place, verbose_name=_("lieux qualifiés"), blank=True, related_name="cheque_campaigns",
        help_text=_("Les lieux où les chèques s'encaissent. Aucun : les lieux de la structure "
                    "porteuse du pôle."),
    )  # fmt: skip
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("campagne de pass numérique")
        verbose_name_plural = _("campagnes de pass numérique")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(face_value__gt=0), name="cheques_campaign_face_value_positive"
            ),
            models.CheckConstraint(
                condition=Q(code__gte=1, code__lte=numbers.MAX_CODE),
                name="cheques_campaign_code_3_digits",
            ),
            models.UniqueConstraint(
                fields=["funder", "name", "year"], name="cheques_campaign_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ChequeBook(TimeStampedModel):
    """A book of consecutive cheques of a campaign, in stock or given to a prescriber."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.PROTECT, related_name="books"
    )
    first_serial = models.PositiveBigIntegerField(_("premier numéro"))
    last_serial = models.PositiveBigIntegerField(_("dernier numéro"))
    prescriber = models.ForeignKey(
        Organisation, verbose_name=_("prescripteur"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cheque_books",
    )  # fmt: skip
    issued_on = models.DateField(_("remis au prescripteur le"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("remis par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("carnet de chèques")
        verbose_name_plural = _("carnets de chèques")
        ordering = ["campaign", "first_serial"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_serial__gte=F("first_serial")), name="cheques_book_range_ordered"
            ),
            models.UniqueConstraint(fields=["first_serial"], name="cheques_book_first_unique"),
            # In stock: no prescriber and no date; given: both.
            models.CheckConstraint(
                condition=Q(prescriber__isnull=True, issued_on__isnull=True)
                | Q(prescriber__isnull=False, issued_on__isnull=False),
                name="cheques_book_issued_to_someone",
            ),
        ]

    def __str__(self) -> str:
        return _("Carnet %(first)s – %(last)s") % {
            "first": numbers.printed(self.first_number),
            "last": numbers.printed(self.last_number),
        }

    @property
    def first_number(self) -> str:
        return numbers.number_of(self.first_serial)

    @property
    def last_number(self) -> str:
        return numbers.number_of(self.last_serial)

    @property
    def size(self) -> int:
        return self.last_serial - self.first_serial + 1


class AgeBand(models.TextChoices):
    """The only thing a cheque records of the person's age: a band, never a birth date."""

    UNDER_26 = "under_26", _("Moins de 26 ans")
    FROM_26_TO_44 = "26_44", _("26 à 44 ans")
    FROM_45_TO_64 = "45_64", _("45 à 64 ans")
    FROM_65_TO_79 = "65_79", _("65 à 79 ans")
    OVER_80 = "80_plus", _("80 ans et plus")


class Reimbursement(TimeStampedModel):
    """A batch of cheques redeemed at a place and paid back to it, with the payment's
    reference (a transfer, a mandate number)."""

    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="cheque_batches"
    )
    reimbursed_on = models.DateField(_("remboursé le"))
    reference = models.CharField(_("référence du paiement"), max_length=100)
    cheque_count = models.PositiveIntegerField(_("chèques"))
    amount = models.DecimalField(_("montant (€)"), max_digits=11, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enregistré par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("remboursement de chèques")
        verbose_name_plural = _("remboursements de chèques")
        ordering = ["-reimbursed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cheque_count__gte=1, amount__gt=0),
                name="cheques_reimbursement_not_empty",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""), name="cheques_reimbursement_has_a_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.reimbursed_on} ({self.reference})"


class Cheque(TimeStampedModel):
    """One cheque of a book, identified by its printed number."""

    class State(models.TextChoices):
        CREATED = "created", _("En stock")
        ISSUED = "issued", _("Chez le prescripteur")
        HANDED = "handed", _("Remis à une personne")
        REDEEMED = "redeemed", _("Encaissé")
        REIMBURSED = "reimbursed", _("Remboursé")
        CANCELLED = "cancelled", _("Annulé")
        EXPIRED = "expired", _("Expiré")

    # The one table of the moves a cheque may make; a service per move.
    TRANSITIONS = {
        State.CREATED: {State.ISSUED, State.CANCELLED, State.EXPIRED},
        State.ISSUED: {State.HANDED, State.REDEEMED, State.CANCELLED, State.EXPIRED},
        State.HANDED: {State.REDEEMED, State.CANCELLED, State.EXPIRED},
        State.REDEEMED: {State.REIMBURSED},
        State.REIMBURSED: set(),
        State.CANCELLED: set(),
        State.EXPIRED: set(),
    }
    # A person may present the cheque to a place from these states (APTIC: an issued cheque
    # brought by the person the prescriber gave it to is accepted even if not recorded).
    REDEEMABLE = (State.ISSUED, State.HANDED)
    # Still to be used: expire when the campaign ends.
    OUTSTANDING = (State.CREATED, State.ISSUED, State.HANDED)
    SPENT = (State.REDEEMED, State.REIMBURSED)

    book = models.ForeignKey(
        ChequeBook, verbose_name=_("carnet"), on_delete=models.PROTECT, related_name="cheques"
    )
    serial = models.PositiveBigIntegerField(_("numéro de série"), unique=True)
    number = models.CharField(_("numéro"), max_length=numbers.NUMBER_DIGITS, unique=True)
    state = models.CharField(
        _("état"), max_length=12, choices=State.choices, default=State.CREATED, db_index=True
    )
    issued_on = models.DateField(_("remis au prescripteur le"), null=True, blank=True)
    handed_on = models.DateField(_("remis à la personne le"), null=True, blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("remis par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    age_band = models.CharField(
        _("tranche d'âge"), max_length=10, choices=AgeBand.choices, blank=True
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune de résidence"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    redeemed_on = models.DateField(_("encaissé le"), null=True, blank=True)
    redeemed_at = models.ForeignKey(
        Place, verbose_name=_("encaissé à"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="redeemed_cheques",
    )  # fmt: skip
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("encaissé par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    redeem_note = models.CharField(_("note d'encaissement"), max_length=300, blank=True)
    reimbursement = models.ForeignKey(
        Reimbursement, verbose_name=_("remboursement"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cheques",
    )  # fmt: skip
    closed_on = models.DateField(_("annulé ou expiré le"), null=True, blank=True)
    close_reason = models.CharField(_("motif"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chèque")
        verbose_name_plural = _("chèques")
        ordering = ["serial"]
        permissions = [
            ("hand_cheque", _("Remettre un chèque à une personne")),
            ("redeem_cheque", _("Encaisser un chèque")),
            ("reimburse_cheque", _("Rembourser des chèques")),
            ("cancel_cheque", _("Annuler un chèque")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "created",
                        "issued",
                        "handed",
                        "redeemed",
                        "reimbursed",
                        "cancelled",
                        "expired",
                    ]
                ),
                name="cheques_cheque_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=rf"^[0-9]{{{numbers.NUMBER_DIGITS}}}$"),
                name="cheques_cheque_number_10_digits",
            ),
            # Given to a prescriber (and after): the date it was; in stock: none.
            models.CheckConstraint(
                condition=Q(state="created", issued_on__isnull=True)
                | Q(state__in=["cancelled", "expired"])
                | Q(~Q(state="created") & Q(issued_on__isnull=False)),
                name="cheques_cheque_issued_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(state="handed", handed_on__isnull=False)
                | Q(
                    state__in=["created", "issued"],
                    handed_on__isnull=True,
                    handed_by__isnull=True,
                    age_band="",
                    commune__isnull=True,
                )
                | Q(state__in=["redeemed", "reimbursed", "cancelled", "expired"]),
                name="cheques_cheque_handed_has_a_date",
            ),
            # Redeemed (and reimbursed): a place and a date; in no other state.
            models.CheckConstraint(
                condition=Q(
                    state__in=["redeemed", "reimbursed"],
                    redeemed_on__isnull=False,
                    redeemed_at__isnull=False,
                )
                | Q(
                    ~Q(state__in=["redeemed", "reimbursed"]),
                    redeemed_on__isnull=True,
                    redeemed_at__isnull=True,
                    redeemed_by__isnull=True,
                ),
                name="cheques_cheque_redeemed_has_place_and_date",
            ),
            models.CheckConstraint(
                condition=Q(state="reimbursed", reimbursement__isnull=False)
                | Q(~Q(state="reimbursed"), reimbursement__isnull=True),
                name="cheques_cheque_reimbursed_in_a_batch",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["cancelled", "expired"], closed_on__isnull=False)
                | Q(~Q(state__in=["cancelled", "expired"]), closed_on__isnull=True),
                name="cheques_cheque_closed_has_a_date",
            ),
            # Dates in the order of the way: given, then handed, then redeemed.
            models.CheckConstraint(
                condition=Q(handed_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(handed_on__gte=F("issued_on")),
                name="cheques_cheque_handed_after_issued",
            ),
            models.CheckConstraint(
                condition=Q(redeemed_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(redeemed_on__gte=F("issued_on")),
                name="cheques_cheque_redeemed_after_issued",
            ),
            models.CheckConstraint(
                condition=Q(redeemed_on__isnull=True)
                | Q(handed_on__isnull=True)
                | Q(redeemed_on__gte=F("handed_on")),
                name="cheques_cheque_redeemed_after_handed",
            ),
        ]

    def __str__(self) -> str:
        return _("Chèque %(number)s") % {"number": numbers.printed(self.number)}

    @property
    def printed_number(self) -> str:
        return numbers.printed(self.number)
