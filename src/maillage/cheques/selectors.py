"""Reads of the pass numérique: a cheque and its history, where it can be redeemed, and the
totals (counts and amounts by state) per funder, campaign, prescriber, place and month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from maillage.cheques import numbers
from maillage.cheques.models import Campaign, Cheque, ChequeBook, Reimbursement
from maillage.cheques.rules import accepting_places, prescribers_of, redeeming_places
from maillage.core.permissions import runs_the_hub
from maillage.directory.models import Place

STATES = [state.value for state in Cheque.State]
FACE_VALUE = "book__campaign__face_value"


def campaign_places(*, campaign: Campaign) -> QuerySet[Place]:
    """The places where the campaign's cheques are redeemed: those it names, or else the
    places run by the hub's own structure."""
    return accepting_places(campaign)


def cheque_get(*, number: str) -> Cheque | None:
    """The cheque printed with `number` (any spacing), or None (unknown or not a number)."""
    try:
        digits = numbers.parse(number)
    except numbers.NumberError:
        return None
    return (
        Cheque.objects.select_related(
            "book__campaign__funder", "book__prescriber", "redeemed_at", "reimbursement",
            "commune", "handed_by", "redeemed_by", "book__issued_by",
        )
        .filter(number=digits)
        .first()
    )  # fmt: skip


def places_to_redeem(*, user, cheque: Cheque) -> QuerySet[Place]:
    """Where `user` may redeem `cheque`: the campaign's places that they run."""
    return (
        campaign_places(campaign=cheque.book.campaign)
        .filter(pk__in=redeeming_places(user).values("pk"))
        .order_by("nom")
    )


def is_redeemable(*, cheque: Cheque, on: dt.date) -> bool:
    return cheque.state in Cheque.REDEEMABLE and on <= cheque.book.campaign.valid_until


@dataclass(frozen=True)
class HistoryStep:
    state: str
    label: str
    on: dt.date | None
    details: str = ""


def cheque_history(*, cheque: Cheque) -> list[HistoryStep]:
    """The steps the cheque went through, in order, each with its date and what is known."""
    book, campaign = cheque.book, cheque.book.campaign
    steps = [
        HistoryStep(
            "created",
            _("Imprimé dans un carnet"),
            # A book recorded after it was given (a paper book entered late) was printed
            # before: never show it printed after it was given.
            min(book.created_at.date(), cheque.issued_on or book.created_at.date()),
            _("%(campaign)s, financée par %(funder)s ; %(book)s")
            % {"campaign": campaign, "funder": campaign.funder, "book": book},
        )
    ]
    if cheque.issued_on:
        steps.append(
            HistoryStep(
                "issued",
                _("Remis au prescripteur"),
                cheque.issued_on,
                str(book.prescriber or ""),
            )
        )
    if cheque.handed_on:
        known = [
            str(part)
            for part in (cheque.get_age_band_display() if cheque.age_band else "", cheque.commune)
            if part
        ]
        steps.append(
            HistoryStep("handed", _("Remis à une personne"), cheque.handed_on, " · ".join(known))
        )
    if cheque.redeemed_on:
        steps.append(
            HistoryStep(
                "redeemed",
                _("Encaissé"),
                cheque.redeemed_on,
                " · ".join(str(p) for p in (cheque.redeemed_at, cheque.redeem_note) if p),
            )
        )
    if cheque.reimbursement_id:
        batch = cheque.reimbursement
        steps.append(
            HistoryStep(
                "reimbursed",
                _("Remboursé au lieu"),
                batch.reimbursed_on,
                _("Référence %(reference)s") % {"reference": batch.reference},
            )
        )
    if cheque.state in (Cheque.State.CANCELLED, Cheque.State.EXPIRED):
        steps.append(
            HistoryStep(cheque.state, cheque.get_state_display(), cheque.closed_on,
                        cheque.close_reason)
        )  # fmt: skip
    return steps


@dataclass(frozen=True)
class Totals:
    """Counts and amounts of cheques by state, for one funder, prescriber, place…"""

    key: object
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    @property
    def spent_count(self) -> int:
        return self.counts.get("redeemed", 0) + self.counts.get("reimbursed", 0)

    @property
    def spent_amount(self) -> Decimal:
        return self.amounts.get("redeemed", Decimal(0)) + self.amounts.get("reimbursed", Decimal(0))


def _by_state() -> dict:
    aggregates = {}
    for state in STATES:
        aggregates[f"n_{state}"] = Count("pk", filter=Q(state=state))
        aggregates[f"a_{state}"] = Sum(FACE_VALUE, filter=Q(state=state))
    return aggregates


def _totals(key, label: str, row: dict) -> Totals:
    return Totals(
        key=key,
        label=label,
        counts={state: row[f"n_{state}"] or 0 for state in STATES},
        amounts={state: row[f"a_{state}"] or Decimal(0) for state in STATES},
    )


GROUPS = {
    "funder": ("book__campaign__funder_id", "book__campaign__funder__name"),
    "campaign": ("book__campaign_id", "book__campaign__name"),
    "prescriber": ("book__prescriber_id", "book__prescriber__name"),
    "place": ("redeemed_at_id", "redeemed_at__nom"),
}


def totals_by(*, group: str, cheques: QuerySet[Cheque] | None = None) -> list[Totals]:
    """One row per funder, campaign, prescriber or place (`group`), by name; cheques in
    stock have no prescriber and cheques not redeemed no place: they are left out of those
    two tables."""
    key, label = GROUPS[group]
    cheques = Cheque.objects.all() if cheques is None else cheques
    rows = (
        cheques.filter(**{f"{key}__isnull": False})
        .values(key, label)
        .annotate(**_by_state())
        .order_by(label, key)
    )
    if group == "campaign":
        years = dict(Campaign.objects.values_list("pk", "year"))
        return [_totals(r[key], f"{r[label]} ({years.get(r[key], '')})", r) for r in rows]
    return [_totals(row[key], row[label], row) for row in rows]


def totals_overall(*, cheques: QuerySet[Cheque] | None = None) -> Totals:
    cheques = Cheque.objects.all() if cheques is None else cheques
    return _totals(None, _("Total"), cheques.aggregate(**_by_state()))


@dataclass(frozen=True)
class MonthTotals:
    month: dt.date
    issued: int = 0
    handed: int = 0
    redeemed: int = 0
    reimbursed: int = 0
    redeemed_amount: Decimal = Decimal(0)


def totals_by_month(*, cheques: QuerySet[Cheque] | None = None) -> list[MonthTotals]:
    """What happened each month: cheques given to prescribers, handed to people, redeemed
    (and their value), reimbursed; months in order."""
    cheques = Cheque.objects.all() if cheques is None else cheques
    months: dict[dt.date, dict] = {}
    for name, date_field in (
        ("issued", "issued_on"),
        ("handed", "handed_on"),
        ("redeemed", "redeemed_on"),
        ("reimbursed", "reimbursement__reimbursed_on"),
    ):
        rows = (
            cheques.filter(**{f"{date_field}__isnull": False})
            .annotate(month=TruncMonth(date_field))
            .values("month")
            .annotate(n=Count("pk"), amount=Sum(FACE_VALUE))
            .order_by("month")
        )
        for row in rows:
            month = row["month"]
            month = month.date() if isinstance(month, dt.datetime) else month
            entry = months.setdefault(month, {})
            entry[name] = row["n"]
            if name == "redeemed":
                entry["redeemed_amount"] = row["amount"] or Decimal(0)
    return [MonthTotals(month=month, **values) for month, values in sorted(months.items())]


def cheques_seen_by(*, user) -> QuerySet[Cheque]:
    """The cheques whose figures `user` sees on the staff pages: all for the hub's
    coordination; those redeemed at the places they may redeem at, for the others."""
    if runs_the_hub(user):
        return Cheque.objects.all()
    return Cheque.objects.filter(redeemed_at__in=redeeming_places(user))


def recent_redemptions(*, cheques: QuerySet[Cheque], limit: int = 20) -> QuerySet[Cheque]:
    return (
        cheques.filter(state__in=Cheque.SPENT)
        .select_related("redeemed_at", "book__campaign")
        .order_by("-redeemed_on", "-serial")[:limit]
    )


@dataclass(frozen=True)
class BookLine:
    book: ChequeBook
    counts: dict[str, int]

    @property
    def available(self) -> int:
        return self.counts.get("issued", 0)


def books_of(*, user) -> list[tuple[object, list[BookLine]]]:
    """The books given to each organisation `user` acts for, with their cheques by state."""
    result = []
    for organisation in prescribers_of(user):
        books = (
            ChequeBook.objects.filter(prescriber=organisation)
            .select_related("campaign")
            .annotate(**{f"n_{s}": Count("cheques", filter=Q(cheques__state=s)) for s in STATES})
            .order_by("-issued_on", "first_serial")
        )
        lines = [BookLine(book, {s: getattr(book, f"n_{s}") for s in STATES}) for book in books]
        result.append((organisation, lines))
    return result


def cheques_to_hand(*, user) -> QuerySet[Cheque]:
    """The cheques of `user`'s prescribers still with them (issued, not handed yet)."""
    return (
        Cheque.objects.filter(book__prescriber__in=prescribers_of(user), state=Cheque.State.ISSUED)
        .select_related("book__campaign", "book__prescriber")
        .order_by("book__prescriber__name", "serial")
    )


def cheques_of_prescribers(*, user, limit: int = 200) -> QuerySet[Cheque]:
    return (
        Cheque.objects.filter(book__prescriber__in=prescribers_of(user))
        .select_related("book__campaign", "book__prescriber", "redeemed_at", "commune")
        .order_by("-updated_at", "serial")[:limit]
    )


@dataclass(frozen=True)
class PlaceToReimburse:
    place: Place
    count: int
    amount: Decimal
    since: dt.date


def places_to_reimburse() -> list[PlaceToReimburse]:
    """Places holding redeemed cheques not yet reimbursed: how many, how much, since when."""
    rows = (
        Cheque.objects.filter(state=Cheque.State.REDEEMED)
        .values("redeemed_at")
        .annotate(n=Count("pk"), amount=Sum(FACE_VALUE), since=Min("redeemed_on"))
        .order_by("since")
    )
    places = Place.objects.in_bulk([row["redeemed_at"] for row in rows])
    return [
        PlaceToReimburse(places[row["redeemed_at"]], row["n"], row["amount"], row["since"])
        for row in rows
    ]


def reimbursement_get(*, pk: int) -> Reimbursement | None:
    return Reimbursement.objects.select_related("place").filter(pk=pk).first()


def reimbursements_recent(*, limit: int = 50) -> QuerySet[Reimbursement]:
    return Reimbursement.objects.select_related("place", "recorded_by")[:limit]


def campaigns_with_stock() -> list[tuple[Campaign, dict[str, int]]]:
    """Every campaign with its cheques by state (stock, given, used…)."""
    campaigns = (
        Campaign.objects.select_related("funder")
        .annotate(
            **{
                f"n_{s}": Count("books__cheques", filter=Q(books__cheques__state=s)) for s in STATES
            },
            n_books=Count("books", distinct=True),
        )
        .order_by("-year", "name")
    )
    return [(c, {s: getattr(c, f"n_{s}") for s in STATES}) for c in campaigns]
