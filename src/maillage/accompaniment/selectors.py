"""Reads of company accompaniment: the list with its filters, one accompaniment, and the
year's figures (companies accompanied — distinct companies with a step that year —, hours,
by need, by outcome, by month)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from maillage.accompaniment.models import Accompaniment, Need, Step


@dataclass(frozen=True)
class AccompanimentFilters:
    year: int | None = None  # accompaniments with a step that year, or open during it
    need: str | None = None
    status: str | None = None
    referent: int | None = None
    query: str = ""


def accompaniment_list(*, filters: AccompanimentFilters) -> QuerySet[Accompaniment]:
    """The accompaniments matching `filters`, the most recently active first, each with its
    steps counted, its minutes summed (over `year` when one is given) and its last step."""
    in_year = Q(steps__date__year=filters.year) if filters.year else Q()
    accompaniments = (
        Accompaniment.objects.select_related("organisation", "organisation__commune", "referent")
        .annotate(
            step_count=Count("steps", filter=in_year),
            minutes_spent=Sum("steps__minutes", filter=in_year),
            last_step=Max("steps__date"),
        )
        .order_by("-last_step", "-started_on", "-pk")
    )
    if filters.year:
        start = dt.date(filters.year, 1, 1)
        end = dt.date(filters.year, 12, 31)
        # A subquery, not a join: a join on the steps would multiply the sums above.
        with_step = Step.objects.filter(date__year=filters.year).values("accompaniment_id")
        accompaniments = accompaniments.filter(
            Q(pk__in=with_step)
            | Q(started_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        )
    if filters.need:
        accompaniments = accompaniments.filter(need=filters.need)
    if filters.status:
        accompaniments = accompaniments.filter(status=filters.status)
    if filters.referent:
        accompaniments = accompaniments.filter(referent_id=filters.referent)
    for word in filters.query.split():
        accompaniments = accompaniments.filter(
            Q(organisation__name__icontains=word) | Q(description__icontains=word)
        )
    return accompaniments


def accompaniment_get(*, pk: int) -> Accompaniment | None:
    return (
        Accompaniment.objects.select_related("organisation", "organisation__commune", "referent")
        .prefetch_related("partners")
        .filter(pk=pk)
        .first()
    )


def accompaniment_steps(*, accompaniment: Accompaniment) -> QuerySet[Step]:
    return accompaniment.steps.select_related("partner", "author").order_by("date", "pk")


def steps_of_year(*, year: int) -> QuerySet[Step]:
    return (
        Step.objects.filter(date__year=year)
        .select_related("accompaniment", "accompaniment__organisation", "partner")
        .order_by("date", "pk")
    )


def companies_accompanied(*, year: int) -> int:
    """Distinct companies with at least one step in `year`: the figure of seed 000."""
    return (
        Step.objects.filter(date__year=year)
        .values("accompaniment__organisation_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class NeedFigures:
    need: str
    label: str
    companies: int
    hours: float


@dataclass(frozen=True)
class MonthFigures:
    month: int
    companies: int
    steps: int
    hours: float


@dataclass(frozen=True)
class AccompanimentFigures:
    year: int
    companies: int
    accompaniments: int  # with a step in the year
    opened: int  # started in the year
    closed: int  # closed in the year
    steps: int
    hours: float
    by_need: tuple[NeedFigures, ...]
    by_outcome: tuple[tuple[str, str, int], ...]  # (value, label, closed in the year)
    by_step_kind: tuple[tuple[str, int, float], ...]  # (label, steps, hours)
    by_month: tuple[MonthFigures, ...]  # the twelve months

    @property
    def max_month_companies(self) -> int:
        return max((month.companies for month in self.by_month), default=0)


def accompaniment_figures(*, year: int) -> AccompanimentFigures:
    steps = Step.objects.filter(date__year=year)
    totals = steps.aggregate(
        steps=Count("pk"),
        minutes=Sum("minutes"),
        companies=Count("accompaniment__organisation", distinct=True),
        accompaniments=Count("accompaniment", distinct=True),
    )
    need_rows = {
        row["accompaniment__need"]: row
        for row in steps.values("accompaniment__need").annotate(
            companies=Count("accompaniment__organisation", distinct=True), minutes=Sum("minutes")
        )
    }
    by_need = tuple(
        NeedFigures(need=need, label=str(label), companies=need_rows[need]["companies"],
                    hours=(need_rows[need]["minutes"] or 0) / 60)
        for need, label in Need.choices
        if need in need_rows
    )  # fmt: skip
    closed = Accompaniment.objects.filter(closed_on__year=year)
    outcome_counts = dict(
        closed.values_list("outcome_kind").annotate(n=Count("pk")).values_list("outcome_kind", "n")
    )
    kind_rows = {
        row["kind"]: row for row in steps.values("kind").annotate(n=Count("pk"), m=Sum("minutes"))
    }
    month_rows = {
        row["month"]: row
        for row in steps.annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(
            companies=Count("accompaniment__organisation", distinct=True),
            n=Count("pk"),
            minutes=Sum("minutes"),
        )
    }
    return AccompanimentFigures(
        year=year,
        companies=totals["companies"],
        accompaniments=totals["accompaniments"],
        opened=Accompaniment.objects.filter(started_on__year=year).count(),
        closed=closed.count(),
        steps=totals["steps"],
        hours=(totals["minutes"] or 0) / 60,
        by_need=by_need,
        by_outcome=tuple(
            (value, str(label), outcome_counts[value])
            for value, label in Accompaniment.Outcome.choices
            if outcome_counts.get(value)
        ),
        by_step_kind=tuple(
            (str(label), kind_rows[value]["n"], (kind_rows[value]["m"] or 0) / 60)
            for value, label in Step.Kind.choices
            if value in kind_rows
        ),
        by_month=tuple(
            MonthFigures(
                month=month,
                companies=month_rows.get(month, {}).get("companies", 0),
                steps=month_rows.get(month, {}).get("n", 0),
                hours=(month_rows.get(month, {}).get("minutes") or 0) / 60,
            )
            for month in range(1, 13)
        ),
    )


def accompaniment_years() -> list[int]:
    """The years with a step or a start, newest first."""
    years = {day.year for day in Step.objects.dates("date", "year")}
    years |= {day.year for day in Accompaniment.objects.dates("started_on", "year")}
    return sorted(years, reverse=True)
