"""Reads of mediation records: what each person may see, the entry form's defaults and
recent choices, and the statistics of a scope (a mediator, a place, the hub) over a period.

The statistics are computed by the database: a handful of GROUP BY queries over indexes
(`MediationActivity`'s and `ActivityTheme`'s), each returning at most a few thousand
grouped rows that are folded here — never the records themselves. Months are folded from
days in Python rather than truncated in SQL: SQLite's month truncation is a Python
function called once per row, grouping by the date column is an index walk on both
databases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from maillage.core.permissions import Role, roles_of, runs_the_hub
from maillage.directory.models import Organisation, Place
from maillage.directory.selectors import places_managed_by
from maillage.mediation import rules
from maillage.mediation.models import (
    ActivityTheme,
    Beneficiary,
    MediationActivity,
    ShareLink,
    Theme,
)
from maillage.territory.models import Commune

Kind = MediationActivity.Kind

# --- Visibility ----------------------------------------------------------------------------


def beneficiaries_visible_to(*, user) -> QuerySet[Beneficiary]:
    """The people `user` may see: all for the coordination, else those they created or
    accompanied."""
    if runs_the_hub(user):
        return Beneficiary.objects.all()
    if not rules.records_activities(user):
        return Beneficiary.objects.none()
    accompanied = MediationActivity.objects.filter(
        mediator_id=user.pk, beneficiary__isnull=False
    ).values("beneficiary_id")
    return Beneficiary.objects.filter(Q(created_by_id=user.pk) | Q(pk__in=accompanied))


def beneficiary_get(*, user, pk: int) -> Beneficiary | None:
    """The person if `user` may see them, else None (whether or not they exist)."""
    return beneficiaries_visible_to(user=user).select_related("commune").filter(pk=pk).first()


def beneficiary_search(*, user, query: str = "") -> QuerySet[Beneficiary]:
    """`user`'s people, most recently seen first; `query` is a number, a first name or a
    commune."""
    people = (
        beneficiaries_visible_to(user=user)
        .select_related("commune")
        .annotate(last_seen=Max("activities__date"), seen=Count("activities"))
    )
    query = query.strip().lstrip("nN°º ").strip()
    if query.isdigit():
        people = people.filter(pk=int(query))
    elif query:
        names = Q(commune__nom__icontains=query)
        if not runs_the_hub(user):  # the coordination does not search by first name
            names |= Q(first_name__icontains=query)
        people = people.filter(names)
    return people.order_by("-last_seen", "-pk")


def knows_name(user, beneficiary: Beneficiary) -> bool:
    """The first name is for the mediators who accompanied the person, nobody else (the
    pages show it through `services.beneficiary_names_reveal`, which logs it)."""
    return rules.accompanied(user, beneficiary)


def activities_of(*, user) -> QuerySet[MediationActivity]:
    """The records `user` keeps (their own), newest first."""
    return (
        MediationActivity.objects.filter(mediator_id=user.pk)
        .select_related("place", "beneficiary", "location_commune")
        .prefetch_related("themes")
        .order_by("-date", "-pk")
    )


def activity_get(*, user, pk: int) -> MediationActivity | None:
    """The activity if `user` may see it, else None."""
    activity = (
        MediationActivity.objects.select_related(
            "place",
            "beneficiary",
            "beneficiary__commune",
            "location_commune",
            "referral_organisation",
            "mediator",
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None or not rules.sees_activity(user, activity):
        return None
    return activity


def activities_visible_to(*, user) -> QuerySet[MediationActivity]:
    if runs_the_hub(user):
        return MediationActivity.objects.all()
    return MediationActivity.objects.filter(mediator_id=user.pk)


# --- The entry form ------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryDefaults:
    kind: str = Kind.INDIVIDUAL
    place_kind: str = MediationActivity.PlaceKind.PLACE
    place_id: int | None = None
    duration_minutes: int = 30


def entry_defaults(*, user) -> EntryDefaults:
    """The mediator's last choices: what they most likely do again."""
    last = (
        MediationActivity.objects.filter(mediator_id=user.pk)
        .order_by("-created_at", "-pk")
        .values("kind", "place_kind", "place_id", "duration_minutes")
        .first()
    )
    if last is None:
        return EntryDefaults()
    return EntryDefaults(
        kind=last["kind"],
        place_kind=last["place_kind"],
        place_id=last["place_id"],
        duration_minutes=last["duration_minutes"],
    )


def themes_for_entry(*, user, since: dt.date) -> tuple[list[Theme], set[int]]:
    """The active themes, `user`'s most used since `since` first; and the ids of those."""
    used = dict(
        ActivityTheme.objects.filter(mediator_id=user.pk, date__gte=since)
        .values_list("theme_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    themes = list(Theme.objects.filter(is_active=True))
    frequent = sorted((t for t in themes if t.pk in used), key=lambda t: -used[t.pk])[:8]
    ids = {t.pk for t in frequent}
    return frequent + [t for t in themes if t.pk not in ids], ids


def beneficiaries_recent(*, user, limit: int = 8) -> list[Beneficiary]:
    """The people `user` accompanied or created last, most recent first."""
    seen: list[int] = []
    rows = (
        MediationActivity.objects.filter(mediator_id=user.pk, beneficiary__isnull=False)
        .order_by("-date", "-pk")
        .values_list("beneficiary_id", flat=True)[: limit * 6]
    )
    for pk in rows:
        if pk not in seen:
            seen.append(pk)
    created = Beneficiary.objects.filter(created_by_id=user.pk).order_by("-pk")
    for pk in created.values_list("pk", flat=True)[:limit]:
        if pk not in seen:
            seen.append(pk)
    people = Beneficiary.objects.select_related("commune").in_bulk(seen[: limit * 2])
    ordered = [people[pk] for pk in seen if pk in people]
    return ordered[:limit]


def workshop_titles_recent(*, user, limit: int = 12) -> list[str]:
    """The titles of `user`'s last workshops, most recent first, once each."""
    titles: list[str] = []
    rows = (
        MediationActivity.objects.filter(mediator_id=user.pk, kind=Kind.COLLECTIVE)
        .order_by("-date", "-pk")
        .values_list("title", flat=True)[: limit * 5]
    )
    for title in rows:
        if title and title not in titles:
            titles.append(title)
    return titles[:limit]


def places_for_entry(*, user) -> QuerySet[Place]:
    """The places a mediator records at (`rules.places_recorded_at`): the hub's, theirs, and
    those they used before."""
    return Place.objects.filter(rules.places_recorded_at(user)).distinct().order_by("nom", "pk")


def communes_for_entry(*, user, limit: int = 400) -> list[Commune]:
    """Suggestions for the commune fields: the communes of the hub's département, and
    those the mediator used."""
    hub = Organisation.objects.filter(is_hub=True).select_related("commune").first()
    used = (
        MediationActivity.objects.filter(mediator_id=user.pk, people_commune__isnull=False)
        .values("people_commune_id")
        .order_by()
        .distinct()[:200]
    )
    wanted = Q(code__in=used)
    if hub is not None and hub.commune is not None:
        wanted |= Q(departement_id=hub.commune.departement_id)
    return list(Commune.objects.filter(wanted, kind=Commune.Kind.COMMUNE).order_by("nom")[:limit])


_CODE_IN_TEXT = re.compile(r"\((\d[\dAB]\d{3})\)\s*$")


def commune_resolve(*, text: str) -> Commune | None:
    """A commune from what a person typed: "Monteux (84080)" (the suggestions' form), an
    INSEE code, or a name — the hub's département first when several communes share it."""
    from maillage.territory.selectors import commune_search

    text = (text or "").strip()
    if not text:
        return None
    code = _CODE_IN_TEXT.search(text)
    if code:
        text = code.group(1)
    if re.fullmatch(r"\d[\dAB]\d{3}", text):
        found = Commune.objects.filter(code=text.upper()).first()
        if found is not None:
            return found
    matches = list(commune_search(query=text)[:10])
    if not matches:
        return None
    hub = Organisation.objects.filter(is_hub=True).select_related("commune").first()
    if hub is not None and hub.commune is not None:
        for commune in matches:
            if commune.departement_id == hub.commune.departement_id:
                return commune
    return matches[0]


def organisation_resolve(*, text: str) -> Organisation | None:
    text = (text or "").strip()
    return Organisation.objects.filter(name__iexact=text).first() if text else None


# --- Scopes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsScope:
    """Whose activities: one mediator's, one place's, or the hub's (all)."""

    kind: str  # "mediator", "place" or "hub"
    mediator_id: int | None = None
    place_id: int | None = None

    def narrow(self, rows: QuerySet) -> QuerySet:
        """Activities or their themes (both carry mediator, place and date)."""
        if self.kind == "mediator":
            return rows.filter(mediator_id=self.mediator_id)
        if self.kind == "place":
            return rows.filter(place_id=self.place_id)
        return rows


def scope_allowed(user, scope: StatisticsScope) -> bool:
    """A mediator sees their own figures; a place manager those of the places they manage;
    the coordination every scope."""
    if not getattr(user, "is_authenticated", False):
        return False
    if runs_the_hub(user):
        return scope.kind in ("hub", "place", "mediator")
    if scope.kind == "mediator":
        return scope.mediator_id == user.pk and rules.records_activities(user)
    if scope.kind == "place":
        return (
            Role.PLACE_MANAGER.value in roles_of(user)
            and scope.place_id is not None
            and places_managed_by(user=user).filter(pk=scope.place_id).exists()
        )
    return False


def scope_default(user) -> StatisticsScope | None:
    if runs_the_hub(user):
        return StatisticsScope("hub")
    if rules.records_activities(user):
        return StatisticsScope("mediator", mediator_id=user.pk)
    managed = places_managed_by(user=user).order_by("nom").values_list("pk", flat=True)
    first = managed.first() if Role.PLACE_MANAGER.value in roles_of(user) else None
    return StatisticsScope("place", place_id=first) if first else None


def scope_label(scope: StatisticsScope) -> str:
    if scope.kind == "hub":
        hub = Organisation.objects.filter(is_hub=True).values_list("name", flat=True).first()
        return hub or _("Le pôle")
    if scope.kind == "place":
        return Place.objects.filter(pk=scope.place_id).values_list("nom", flat=True).first() or ""
    from maillage.accounts.models import User

    person = User.objects.filter(pk=scope.mediator_id).first()
    return person.get_full_name() or person.email if person else ""


def share_links_of(*, user) -> QuerySet[ShareLink]:
    links = ShareLink.objects.filter(revoked_at__isnull=True).select_related(
        "mediator", "place", "created_by"
    )
    return links if runs_the_hub(user) else links.filter(created_by_id=user.pk)


def share_link_by_token(*, token: str) -> ShareLink | None:
    return ShareLink.objects.filter(token=token, revoked_at__isnull=True).first()


def share_link_scope(link: ShareLink) -> StatisticsScope:
    return StatisticsScope(link.scope, mediator_id=link.mediator_id, place_id=link.place_id)


# --- Statistics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Activities, people accompanied in them (a workshop's participants, one person for an
    individual session) and minutes."""

    activities: int = 0
    participants: int = 0
    minutes: int = 0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.activities + other.activities,
            self.participants + other.participants,
            self.minutes + other.minutes,
        )


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class CommuneShare:
    code: str
    nom: str
    latitude: float | None
    longitude: float | None
    count: int


@dataclass(frozen=True)
class PlaceShare:
    place_id: int | None
    nom: str
    figures: Figures


@dataclass(frozen=True)
class MediationStatistics:
    scope: StatisticsScope
    date_from: dt.date
    date_to: dt.date
    totals: Figures
    people: int
    by_kind: list[tuple[str, str, Figures]]
    by_month: list[tuple[dt.date, Figures]]
    themes: list[Share]
    procedure_themes: list[Share]
    communes: list[CommuneShare]
    autonomy: list[Share]
    referrals: int
    places: list[PlaceShare] = field(default_factory=list)

    @property
    def peak_month(self) -> int:
        return max((figures.activities for _m, figures in self.by_month), default=0)


def months_between(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    months, month = [], date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def mediation_statistics(
    *, scope: StatisticsScope, date_from: dt.date, date_to: dt.date, with_places: bool = True
) -> MediationStatistics:
    """The figures of `scope`'s activities dated `date_from`..`date_to` (both included).

    people = distinct persons recorded + individual sessions with nobody recorded + the
    participants of workshops (who are counted, not named)."""
    activities = scope.narrow(
        MediationActivity.objects.filter(date__gte=date_from, date__lte=date_to)
    ).order_by()
    grouped = activities.values_list("date", "kind", "autonomy", "referred").annotate(
        n=Count("*"),
        participants=Sum("participant_count"),
        minutes=Sum("duration_minutes"),
        nameless=Count("pk", filter=Q(beneficiary__isnull=True)),
    )
    # Up to a row per day, type, autonomy and referral: read raw (SQLite gives the day as
    # text, PostgreSQL as a date; both start with YYYY-MM), folded with plain integers.
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    months: dict[str, list[int]] = {}
    kinds: dict[str, list[int]] = {kind: [0, 0, 0] for kind in Kind.values}
    autonomy: Counter[str] = Counter()
    referrals = anonymous = workshop_people = 0
    for day, kind, autonomy_value, referred, n, participants, minutes, nameless in rows:
        participants, minutes = participants or 0, minutes or 0
        month = months.setdefault(str(day)[:7], [0, 0, 0])
        month[0] += n
        month[1] += participants
        month[2] += minutes
        totals_of_kind = kinds.setdefault(kind, [0, 0, 0])
        totals_of_kind[0] += n
        totals_of_kind[1] += participants
        totals_of_kind[2] += minutes
        if kind != Kind.COLLECTIVE:
            autonomy[autonomy_value] += n
            anonymous += nameless
        else:
            workshop_people += participants
        if referred:
            referrals += n
    by_month = [
        (month, Figures(*months.get(month.isoformat()[:7], (0, 0, 0))))
        for month in months_between(date_from, date_to)
    ]
    by_kind = {kind: Figures(*values) for kind, values in kinds.items()}
    totals = Figures(
        sum(f.activities for f in by_kind.values()),
        sum(f.participants for f in by_kind.values()),
        sum(f.minutes for f in by_kind.values()),
    )
    themes = _themes(scope, date_from, date_to)
    named = activities.filter(beneficiary__isnull=False).aggregate(
        n=Count("beneficiary_id", distinct=True)
    )["n"]
    return MediationStatistics(
        scope=scope,
        date_from=date_from,
        date_to=date_to,
        totals=totals,
        people=named + anonymous + workshop_people,
        by_kind=[(kind, str(label), by_kind[kind]) for kind, label in Kind.choices],
        by_month=by_month,
        themes=themes[Theme.Group.DIGITAL],
        procedure_themes=themes[Theme.Group.PROCEDURE],
        communes=_communes(activities),
        autonomy=[
            Share(value, str(label), autonomy[value])
            for value, label in MediationActivity.Autonomy.choices
        ],
        referrals=referrals,
        places=_places(activities) if with_places and scope.kind != "place" else [],
    )


def _themes(scope: StatisticsScope, date_from: dt.date, date_to: dt.date) -> dict[str, list]:
    """The count of each theme, by group, most frequent first (retired themes only when
    counted)."""
    counts = dict(
        scope.narrow(ActivityTheme.objects.filter(date__gte=date_from, date__lte=date_to))
        .order_by()
        .values_list("theme_id")
        .annotate(n=Count("*"))
    )
    groups: dict[str, list[Share]] = {group: [] for group in Theme.Group.values}
    for theme in Theme.objects.all():
        if theme.pk in counts or theme.is_active:
            groups[theme.group].append(Share(theme.slug, theme.name, counts.get(theme.pk, 0)))
    return {group: sorted(shares, key=lambda s: -s.count) for group, shares in groups.items()}


def _communes(activities: QuerySet) -> list[CommuneShare]:
    counts = dict(
        activities.filter(people_commune__isnull=False)
        .values_list("people_commune_id")
        .annotate(n=Sum("participant_count"))
    )
    communes = Commune.objects.filter(code__in=list(counts)).values_list(
        "code", "nom", "latitude", "longitude"
    )
    shares = [CommuneShare(code, nom, lat, lon, counts[code]) for code, nom, lat, lon in communes]
    return sorted(shares, key=lambda share: (-share.count, share.nom))


def _places(activities: QuerySet) -> list[PlaceShare]:
    rows = activities.values_list("place_id").annotate(
        n=Count("*"), participants=Sum("participant_count"), minutes=Sum("duration_minutes")
    )
    names = dict(
        Place.objects.filter(pk__in=[row[0] for row in rows if row[0]]).values_list("pk", "nom")
    )
    shares = [
        PlaceShare(pk, names.get(pk, "") if pk else _("Hors lieu (domicile, distance, ailleurs)"),
                   Figures(n, participants or 0, minutes or 0))
        for pk, n, participants, minutes in rows
    ]  # fmt: skip
    return sorted(shares, key=lambda share: -share.figures.activities)


def statistics_table(statistics: MediationStatistics) -> tuple[list[str], list[list]]:
    """The figures as one table for a CSV/XLSX export: section, item, then the counts."""
    header = [
        _("Rubrique"), _("Élément"), _("Activités"), _("Personnes accompagnées"), _("Heures"),
    ]  # fmt: skip
    rows: list[list] = []
    totals = statistics.totals
    rows.append([_("Total"), _("Activités"), totals.activities, totals.participants,
                 totals.hours])  # fmt: skip
    rows.append([_("Total"), _("Personnes différentes"), None, statistics.people, None])
    rows.append([_("Total"), _("Orientations vers une autre structure"), statistics.referrals,
                 None, None])  # fmt: skip
    for _kind, label, figures in statistics.by_kind:
        rows.append([_("Type"), label, figures.activities, figures.participants, figures.hours])
    for month, figures in statistics.by_month:
        rows.append([_("Mois"), month.strftime("%Y-%m"), figures.activities,
                     figures.participants, figures.hours])  # fmt: skip
    for share in statistics.themes:
        rows.append([_("Thème"), share.label, share.count, None, None])
    for share in statistics.procedure_themes:
        rows.append([_("Démarche"), share.label, share.count, None, None])
    for share in statistics.autonomy:
        rows.append([_("Autonomie"), share.label, share.count, None, None])
    for commune in statistics.communes:
        rows.append([_("Commune"), f"{commune.nom} ({commune.code})", None, commune.count, None])
    for place in statistics.places:
        rows.append([_("Lieu"), place.nom, place.figures.activities, place.figures.participants,
                     place.figures.hours])  # fmt: skip
    return header, rows


def activity_rows(*, scope: StatisticsScope, date_from: dt.date, date_to: dt.date):
    """The records of a scope and period for an export, pseudonymous (a person is a number
    and a profile, never a first name); streamed, themes fetched in one query."""
    activities = scope.narrow(
        MediationActivity.objects.filter(date__gte=date_from, date__lte=date_to)
    ).order_by("date", "pk")
    themes: dict[int, list[str]] = defaultdict(list)
    names = dict(Theme.objects.values_list("pk", "name"))
    for activity_id, theme_id in (
        scope.narrow(ActivityTheme.objects.filter(date__gte=date_from, date__lte=date_to))
        .order_by()
        .values_list("activity_id", "theme_id")
        .iterator(chunk_size=5000)
    ):
        themes[activity_id].append(names.get(theme_id, ""))
    places = dict(Place.objects.filter(
        pk__in=activities.values("place_id")).values_list("pk", "nom"))  # fmt: skip
    kinds = dict(Kind.choices)
    place_kinds = dict(MediationActivity.PlaceKind.choices)
    autonomy = dict(MediationActivity.Autonomy.choices)
    header = [
        _("N°"), _("Date"), _("Type"), _("Durée (min)"), _("Où"), _("Lieu"),
        _("Commune des personnes"), _("Thèmes"), _("Participants"), _("Personne (n°)"),
        _("Tranche d'âge"), _("Genre"), _("Autonomie"), _("Orientée"), _("Atelier"),
    ]  # fmt: skip
    columns = (
        "pk", "date", "kind", "duration_minutes", "place_kind", "place_id", "people_commune_id",
        "participant_count", "beneficiary_id", "beneficiary__age_band", "beneficiary__gender",
        "autonomy", "referred", "title",
    )  # fmt: skip

    def rows():
        for (pk, date, kind, minutes, place_kind, place_id, commune, participants, person,
             age_band, gender, autonomy_value, referred, title) in activities.values_list(
                *columns).iterator(chunk_size=5000):  # fmt: skip
            yield [
                pk, date, str(kinds.get(kind, kind)), minutes,
                str(place_kinds.get(place_kind, place_kind)), places.get(place_id, ""),
                commune or "", ", ".join(themes.get(pk, [])), participants, person or "",
                age_band or "", gender or "", str(autonomy.get(autonomy_value, "")),
                _("oui") if referred else _("non"), title,
            ]  # fmt: skip

    return header, rows()
