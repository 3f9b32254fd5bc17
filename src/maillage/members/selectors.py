"""Reads of the cooperative: the members (directory, a member's page, a person's own
memberships), the register and a member's statement, the capital, dues and receipts, the
figures of a year, the funding mix and the export tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.permissions import runs_the_hub
from maillage.core.text import normalise_for_search
from maillage.directory.models import Organisation
from maillage.members.models import (
    College,
    DuesCall,
    DuesPayment,
    FundingLine,
    Membership,
    Representative,
    ShareHolding,
    ShareTransaction,
    VolunteerHours,
)
from maillage.members.services import cooperative_terms

# How each kind of line moves (subscribed, released).
MOVES = {
    ShareTransaction.Kind.SUBSCRIPTION: (1, 0),
    ShareTransaction.Kind.RELEASE: (0, 1),
    ShareTransaction.Kind.REPAYMENT: (-1, -1),
    ShareTransaction.Kind.TRANSFER_OUT: (-1, -1),
    ShareTransaction.Kind.TRANSFER_IN: (1, 1),
}


@dataclass(frozen=True)
class StatementLine:
    transaction: ShareTransaction
    subscribed_after: int
    released_after: int


def member_statement(*, membership: Membership) -> list[StatementLine]:
    """The register's lines of one sociétaire with the running holding after each."""
    subscribed = released = 0
    lines = []
    for line in membership.share_transactions.order_by("date", "pk"):
        moves = MOVES[ShareTransaction.Kind(line.kind)]
        subscribed += moves[0] * line.shares
        released += moves[1] * line.shares
        lines.append(StatementLine(line, subscribed, released))
    return lines


@dataclass(frozen=True)
class Capital:
    share_value: Decimal
    subscribed_shares: int
    released_shares: int

    @property
    def subscribed(self) -> Decimal:
        return self.share_value * self.subscribed_shares

    @property
    def released(self) -> Decimal:
        return self.share_value * self.released_shares


def capital() -> Capital:
    totals = ShareHolding.objects.aggregate(s=Sum("subscribed"), r=Sum("released"))
    return Capital(cooperative_terms().share_value, totals["s"] or 0, totals["r"] or 0)


@dataclass(frozen=True)
class CollegeFigure:
    name: str
    weight: Decimal
    count: int
    code: str = ""


def societaires_by_college() -> list[CollegeFigure]:
    active = Q(
        memberships__type=Membership.Type.SOCIETAIRE, memberships__status=Membership.Status.ACTIVE
    )
    return [
        CollegeFigure(college.name, college.voting_weight, college.count, college.slug)
        for college in College.objects.annotate(count=Count("memberships", filter=active)).order_by(
            "position", "name"
        )
    ]


def societaires_count() -> int:
    return Membership.objects.filter(
        type=Membership.Type.SOCIETAIRE, status=Membership.Status.ACTIVE
    ).count()


# The funding mix's categories: what the data says (dues, valued volunteering) and the
# lines the hub enters, grouped as Telecom Valley reports it.
OWN, PUBLIC, PRIVATE = "own", "public", "private"


@dataclass(frozen=True)
class MemberFigures:
    year: int
    societaires: int  # active
    colleges: list[CollegeFigure]
    capital: Decimal  # released capital, €
    dues_collected: Decimal
    dues_outstanding: Decimal
    volunteer_hours: Decimal
    volunteer_value: Decimal
    funding_amounts: dict[str, Decimal]  # category → €
    funding_mix: dict[str, float]  # own / public / private → % (sums to 100 when any)
    by_type: dict[str, int] = field(default_factory=dict)  # active memberships by type
    by_status: dict[str, int] = field(default_factory=dict)  # memberships by status
    new_members: int = 0  # memberships that started in the year
    share_value: Decimal = Decimal(0)
    capital_subscribed: Decimal = Decimal(0)
    dues_called: Decimal = Decimal(0)
    volunteer_hour_value: Decimal = Decimal(0)


def membership_counts() -> tuple[dict[str, int], dict[str, int]]:
    """Active memberships by type, and all memberships by status (every key present)."""
    by_type = dict.fromkeys(Membership.Type.values, 0)
    for type_, count in (
        Membership.objects.filter(status=Membership.Status.ACTIVE)
        .values_list("type")
        .annotate(n=Count("pk"))
        .values_list("type", "n")
    ):
        by_type[type_] = count
    by_status = dict.fromkeys(Membership.Status.values, 0)
    for status, count in (
        Membership.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    ):
        by_status[status] = count
    return by_type, by_status


@dataclass(frozen=True)
class TypeStatusRow:
    code: str
    label: str
    counts: list[int]  # in the order of Membership.Status
    total: int


def membership_table() -> list[TypeStatusRow]:
    """Memberships by type (rows) and status (columns)."""
    cells: dict[tuple[str, str], int] = {}
    for type_, status, count in (
        Membership.objects.values_list("type", "status")
        .annotate(n=Count("pk"))
        .values_list("type", "status", "n")
    ):
        cells[(type_, status)] = count
    rows = []
    for code, label in Membership.Type.choices:
        counts = [cells.get((code, status), 0) for status in Membership.Status.values]
        rows.append(TypeStatusRow(code, str(label), counts, sum(counts)))
    return rows


def member_figures(*, year: int) -> MemberFigures:
    terms = cooperative_terms()
    calls = DuesCall.objects.filter(year=year)
    called = calls.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    collected = DuesPayment.objects.filter(call__year=year).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    unpaid = calls.filter(payment__isnull=True).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    hours = VolunteerHours.objects.filter(date__year=year).aggregate(s=Sum("hours"))[
        "s"
    ] or Decimal(0)
    value = hours * terms.volunteer_hour_value
    amounts: dict[str, Decimal] = {"own_dues": collected, "own_volunteering": value}
    for category, amount in (
        FundingLine.objects.filter(year=year)
        .values_list("category")
        .annotate(s=Sum("amount"))
        .values_list("category", "s")
    ):
        amounts[category] = amounts.get(category, Decimal(0)) + amount
    groups = {OWN: Decimal(0), PUBLIC: Decimal(0), PRIVATE: Decimal(0)}
    for category, amount in amounts.items():
        groups[funding_group(category)] += amount
    by_type, by_status = membership_counts()
    held = capital()
    return MemberFigures(
        year=year,
        societaires=societaires_count(),
        colleges=societaires_by_college(),
        capital=held.released,
        dues_collected=collected,
        dues_outstanding=unpaid,
        volunteer_hours=hours,
        volunteer_value=value,
        funding_amounts=amounts,
        funding_mix=shares_in_percent(groups),
        by_type=by_type,
        by_status=by_status,
        new_members=Membership.objects.filter(started_on__year=year).count(),
        share_value=held.share_value,
        capital_subscribed=held.subscribed,
        dues_called=called,
        volunteer_hour_value=terms.volunteer_hour_value,
    )


def funding_group(category: str) -> str:
    """own, public or private: the prefix of the category's code."""
    return category.split("_", 1)[0]


def shares_in_percent(amounts: dict[str, Decimal]) -> dict[str, float]:
    """Shares in % with one decimal, summing to exactly 100 (largest remainders), or {}."""
    total = sum(amounts.values())
    if not total:
        return {}
    tenths = {key: amount * 1000 / total for key, amount in amounts.items()}
    floors = {key: int(value) for key, value in tenths.items()}
    left = 1000 - sum(floors.values())
    for key in sorted(tenths, key=lambda k: tenths[k] - floors[k], reverse=True)[:left]:
        floors[key] += 1
    return {key: value / 10 for key, value in floors.items()}


def dues_reminders(*, year: int) -> QuerySet[DuesCall]:
    """Calls of the year still unpaid: whom to remind, with their representatives' e-mails."""
    return (
        DuesCall.objects.filter(year=year, payment__isnull=True)
        .select_related("membership__organisation", "membership__person")
        .prefetch_related("membership__organisation__representatives__person")
        .order_by("called_on", "pk")
    )


# --- Members: directory, pages, a person's own memberships ---------------------------------


def college_get(*, code: str) -> College | None:
    return College.objects.filter(slug=code).first() if code else None


def colleges() -> QuerySet[College]:
    return College.objects.all()


def member_list(
    *,
    everyone: bool,
    type: str | None = None,
    college: College | None = None,
    status: str | None = None,
    query: str = "",
) -> QuerySet[Membership]:
    """Members by name. `everyone` (the coordination) sees every membership; the public
    only the active members who chose to appear in the public directory."""
    members = Membership.objects.select_related(
        "organisation", "organisation__commune", "person", "college"
    )
    if not everyone:
        members = members.filter(listed_publicly=True, status=Membership.Status.ACTIVE)
    if type:
        members = members.filter(type=type)
    if college is not None:
        members = members.filter(college=college)
    if status:
        members = members.filter(status=status)
    for raw in query.split():
        word = normalise_for_search(raw)
        if word:  # organisations by their normalised name, people as written
            members = members.filter(
                Q(organisation__search_name__contains=word)
                | Q(person__full_name__icontains=raw)
                | Q(person__email__icontains=raw)
            )
    return members.order_by("organisation__name", "person__full_name", "pk")


def organisation_visible(*, organisation: Organisation, user) -> bool:
    """May `user` see the organisation's card among the actors (page and API)? Everybody
    when it is in the public directory (`listed`); one created by an application for
    membership, until the coordination admits it, only the coordination and the people
    acting for it."""
    if organisation.listed or runs_the_hub(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and (
        Representative.objects.filter(person_id=user.pk, organisation_id=organisation.pk).exists()
    )


def is_public(membership: Membership) -> bool:
    """Shown to everybody: an active member who chose the public directory."""
    return membership.listed_publicly and membership.status == Membership.Status.ACTIVE


def membership_get(*, pk: int) -> Membership | None:
    return (
        Membership.objects.select_related(
            "organisation", "organisation__commune", "person", "college"
        )
        .filter(pk=pk)
        .first()
    )


def representations_of(*, person) -> QuerySet[Representative]:
    """The organisations a person acts for."""
    return Representative.objects.filter(person=person).select_related(
        "organisation", "organisation__commune"
    )


def memberships_of(*, person) -> QuerySet[Membership]:
    """The person's own memberships and those of the organisations they act for."""
    return (
        Membership.objects.filter(
            Q(person=person) | Q(organisation__representatives__person=person)
        )
        .select_related("organisation", "person", "college")
        .distinct()
        .order_by("organisation__name", "type", "pk")
    )


@dataclass(frozen=True)
class DuesLine:
    call: DuesCall
    payment: DuesPayment | None


def member_dues(*, membership: Membership) -> list[DuesLine]:
    """The member's dues, newest year first, each with its payment if any."""
    calls = membership.dues_calls.select_related("payment").order_by("-year")
    return [DuesLine(call, getattr(call, "payment", None)) for call in calls]


def holding_of(*, membership: Membership) -> ShareHolding | None:
    return ShareHolding.objects.filter(membership=membership).first()


def payment_get(*, pk: int) -> DuesPayment | None:
    return (
        DuesPayment.objects.select_related(
            "call__membership__organisation__commune", "call__membership__person"
        )
        .filter(pk=pk)
        .first()
    )


def volunteer_hours_of(*, person, limit: int = 100) -> QuerySet[VolunteerHours]:
    return VolunteerHours.objects.filter(person=person).order_by("-date", "-pk")[:limit]


def volunteer_total_of(*, person, year: int) -> Decimal:
    total = VolunteerHours.objects.filter(person=person, date__year=year).aggregate(s=Sum("hours"))[
        "s"
    ]
    return total or Decimal(0)


# --- Funding mix -----------------------------------------------------------------------------

# Resources that come from the data rather than from funding lines.
DATA_CATEGORIES = {
    "own_dues": gettext_lazy("Ressources propres : cotisations"),
    "own_volunteering": gettext_lazy("Ressources propres : bénévolat valorisé"),
}
GROUP_LABELS = {
    OWN: gettext_lazy("Ressources propres"),
    PUBLIC: gettext_lazy("Financements publics"),
    PRIVATE: gettext_lazy("Financements privés"),
}


@dataclass(frozen=True)
class FundingRow:
    code: str
    label: str
    group: str
    amount: Decimal
    share: float  # % of the total


@dataclass(frozen=True)
class FundingGroup:
    code: str
    label: str
    amount: Decimal
    share: float
    offset: float  # % before this group in a stacked bar


@dataclass(frozen=True)
class FundingMix:
    year: int
    total: Decimal
    rows: list[FundingRow]  # categories with an amount, by group then amount
    groups: list[FundingGroup]  # own, public, private

    @property
    def shares_total(self) -> float:
        return round(sum(group.share for group in self.groups), 1)


def funding_mix(*, year: int) -> FundingMix:
    """The year's resources per category (dues and valued volunteering included) and the
    shares of own, public and private resources, which add up to 100 % when there is any."""
    figures = member_figures(year=year)
    labels = {**DATA_CATEGORIES, **dict(FundingLine.Category.choices)}
    amounts = {code: amount for code, amount in figures.funding_amounts.items() if amount}
    shares = shares_in_percent(amounts)
    order = [OWN, PUBLIC, PRIVATE]
    rows = sorted(
        (
            FundingRow(code, str(labels.get(code, code)), funding_group(code), amount,
                       shares.get(code, 0.0))
            for code, amount in amounts.items()
        ),
        key=lambda row: (order.index(row.group), -row.amount),
    )  # fmt: skip
    group_amounts = {
        group: sum((row.amount for row in rows if row.group == group), Decimal(0))
        for group in order
    }
    offset, groups = 0.0, []
    for group in order:
        share = figures.funding_mix.get(group, 0.0)
        groups.append(
            FundingGroup(group, str(GROUP_LABELS[group]), group_amounts[group], share, offset)
        )
        offset = round(offset + share, 1)
    return FundingMix(year, sum(group_amounts.values(), Decimal(0)), rows, groups)


def years_with_data() -> list[int]:
    """Years that have dues, funding lines or volunteer hours, newest first."""
    years = set(DuesCall.objects.values_list("year", flat=True).distinct())
    years |= set(FundingLine.objects.values_list("year", flat=True).distinct())
    years |= {day.year for day in VolunteerHours.objects.dates("date", "year")}
    return sorted(years, reverse=True)


# --- Export tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    filename: str
    header: Sequence[str]
    rows: list[Sequence]


def _member_name(membership: Membership) -> str:
    if membership.organisation_id:
        return membership.organisation.name
    return membership.person.get_full_name() or membership.person.email


def members_table() -> Table:
    share_value = cooperative_terms().share_value
    holdings = {holding.membership_id: holding for holding in ShareHolding.objects.all()}
    rows = []
    for membership in Membership.objects.select_related(
        "organisation", "organisation__commune", "person", "college"
    ).order_by("organisation__name", "person__full_name", "pk"):
        holding = holdings.get(membership.pk)
        organisation = membership.organisation
        rows.append([
            membership.pk, _member_name(membership),
            _("organisation") if organisation else _("personne"),
            organisation.get_kind_display() if organisation else "",
            organisation.get_size_display() if organisation else "",
            organisation.commune.nom if organisation and organisation.commune else "",
            membership.get_type_display(), membership.get_status_display(),
            membership.college.name if membership.college else "",
            membership.started_on, membership.ended_on,
            _("oui") if membership.listed_publicly else _("non"),
            holding.subscribed if holding else 0, holding.released if holding else 0,
            (holding.released if holding else 0) * share_value,
            _("oui") if membership.is_demo else _("non"),
        ])  # fmt: skip
    header = [
        _("N°"), _("Membre"), _("Nature"), _("Type d'acteur"), _("Effectif"), _("Commune"),
        _("Type d'adhésion"), _("État"), _("Collège"), _("Depuis le"), _("Jusqu'au"),
        _("Annuaire public"), _("Parts souscrites"), _("Parts libérées"),
        _("Capital libéré (€)"), _("Démonstration"),
    ]  # fmt: skip
    return Table("membres", header, rows)


def register_table() -> Table:
    rows = [
        [
            line.date, _member_name(line.membership), line.get_kind_display(), line.shares,
            line.share_value, line.share_value * line.shares,
            _member_name(line.counterpart) if line.counterpart else "", line.reference,
        ]
        for line in ShareTransaction.objects.select_related(
            "membership__organisation", "membership__person",
            "counterpart__organisation", "counterpart__person",
        ).order_by("date", "pk")
    ]  # fmt: skip
    header = [
        _("Date"), _("Sociétaire"), _("Opération"), _("Parts"), _("Valeur de la part (€)"),
        _("Montant (€)"), _("Contrepartie"), _("Référence"),
    ]  # fmt: skip
    return Table("registre-du-capital", header, rows)


def dues_table(*, year: int | None = None) -> Table:
    calls = DuesCall.objects.select_related(
        "membership__organisation", "membership__person", "payment"
    ).order_by("-year", "membership__organisation__name", "pk")
    if year:
        calls = calls.filter(year=year)
    rows = []
    for call in calls:
        payment = getattr(call, "payment", None)
        rows.append([
            call.year, _member_name(call.membership), call.membership.get_type_display(),
            call.amount, call.called_on,
            payment.amount if payment else None, payment.paid_on if payment else None,
            payment.reference if payment else "", payment.receipt_number if payment else "",
        ])  # fmt: skip
    header = [
        _("Année"), _("Membre"), _("Type d'adhésion"), _("Montant appelé (€)"), _("Appelée le"),
        _("Montant payé (€)"), _("Payée le"), _("Référence du paiement"), _("N° de reçu"),
    ]  # fmt: skip
    return Table(f"cotisations-{year}" if year else "cotisations", header, rows)


def volunteering_table(*, year: int | None = None) -> Table:
    value = cooperative_terms().volunteer_hour_value
    entries = VolunteerHours.objects.select_related("person").order_by("date", "pk")
    if year:
        entries = entries.filter(date__year=year)
    rows = [
        [
            entry.date, entry.person.get_full_name() or entry.person.email, entry.activity,
            entry.hours, entry.hours * value,
        ]
        for entry in entries
    ]  # fmt: skip
    header = [_("Date"), _("Bénévole"), _("Activité"), _("Heures"), _("Valorisation (€)")]
    return Table(f"benevolat-{year}" if year else "benevolat", header, rows)


def export_table(*, what: str, year: int | None = None) -> Table | None:
    """One of the exports by its name (members, register, dues, volunteering), or None."""
    if what == "members":
        return members_table()
    if what == "register":
        return register_table()
    if what == "dues":
        return dues_table(year=year)
    if what == "volunteering":
        return volunteering_table(year=year)
    return None


EXPORTS = ("members", "register", "dues", "volunteering")


def new_members(*, year: int, limit: int = 20) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(started_on__year=year)
        .select_related("organisation", "person", "college")
        .order_by("-started_on", "-pk")[:limit]
    )


def applications() -> QuerySet[Membership]:
    """The applications the coordination has to answer, oldest first."""
    return (
        Membership.objects.filter(status=Membership.Status.APPLICANT)
        .select_related("organisation", "person", "college")
        .order_by("created_at", "pk")
    )


def organisations_applying_for(*, person) -> QuerySet[Representative]:
    """The organisations a person may apply for: those they act for with the right to edit."""
    return (
        Representative.objects.filter(person=person, may_edit=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
