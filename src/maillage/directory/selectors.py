"""Reads of the directory: searching places and organisations, one page at a time.

Pages are keyset-paginated (see `maillage.core.cursors`): a page starts strictly after the
sort key of the previous page's last item, so inserting or deleting places between two
requests neither skips nor repeats one. Places are sorted by (nom, id), or by
(distance_km, id) around a point; organisations by (name, id).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import opening_hours
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from maillage.core.cursors import CursorError, CursorKey, decode_cursor, encode_cursor
from maillage.core.geo import bounding_box, haversine_km
from maillage.core.text import normalise_for_search
from maillage.directory.models import Organisation, Place, PlaceTag
from maillage.directory.standard import StandardPlace
from maillage.directory.vocabulary import (
    ALLOWED_VALUES,
    HUB_KINDS,
    STANDARD_VOCABULARIES,
    Vocabulary,
)
from maillage.territory.models import Commune, Departement

DEFAULT_RADIUS_KM = 10.0
DEFAULT_PAGE_SIZE = 50
# Opening hours are written in local time; the standard covers mainland France first, and
# its overseas places would need their own zone (none is recorded per place yet).
PLACES_TIME_ZONE = ZoneInfo("Europe/Paris")
FREE = "Gratuit"
# Below SQLite's historical limit of 999 bound parameters per statement.
_IDS_PER_QUERY = 900
_BY_NAME = "n"
_BY_DISTANCE = "d"


@dataclass(frozen=True, kw_only=True)
class PlaceCriteria:
    """What a place search asks for. Several values of one criterion are alternatives (OR);
    different criteria must all hold (AND).

    - `query`: every word must appear in the place's name, commune or short description,
      ignoring case, accents and punctuation.
    - `services`, `hub_kinds`, `labels` (formations_labels), `publics`, `programmes`
      (dispositif_programmes_nationaux), `prise_en_charge`, `fees` (frais_a_charge): values of
      the vocabularies of `directory/vocabulary.py`.
    - `free`: True keeps places whose fees include "Gratuit". "Gratuit sous condition" does
      not count as free: the condition (living in the commune, being a job seeker…) may
      exclude the person asking, and "free" must be a promise; ask `fees` for both values to
      include them. False keeps places that state their fees, none of them "Gratuit"; places
      that state none are in neither answer, since nothing is known of them.
    - `departement`, `epci`, `commune`: codes of the place's commune.
    - `operator`: id of the organisation that runs the place.
    - `near` (latitude, longitude) with `radius_km` (default 10): places within that
      great-circle distance, nearest first. Places without coordinates never match.
    - `open_at`: an aware datetime; places whose opening hours (OSM syntax, Europe/Paris
      local time, French public holidays) say open then. Places without hours never match.
    """

    query: str = ""
    services: tuple[str, ...] = ()
    hub_kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    prise_en_charge: tuple[str, ...] = ()
    fees: tuple[str, ...] = ()
    free: bool | None = None
    departement: str | None = None
    epci: str | None = None
    commune: str | None = None
    operator: int | None = None
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    open_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        # The faces validate their input with friendlier messages; these catch programming errors.
        for vocabulary, values in self.tag_filters():
            unknown = [value for value in values if value not in ALLOWED_VALUES[vocabulary]]
            if unknown:
                raise ValueError(f"not values of {vocabulary}: {unknown}")
        if self.near is not None:
            latitude, longitude = self.near
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError("near must be a latitude in [-90, 90], a longitude in [-180, 180]")
        elif self.radius_km is not None:
            raise ValueError("radius_km needs near")
        if self.radius_km is not None and not self.radius_km >= 0:
            raise ValueError("radius_km must not be negative")
        if self.open_at is not None and self.open_at.utcoffset() is None:
            raise ValueError("open_at must be an aware datetime")

    def tag_filters(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(vocabulary, accepted values) of each tag criterion that was given."""
        pairs = (
            (Vocabulary.SERVICES, self.services),
            (Vocabulary.HUB_KIND, self.hub_kinds),
            (Vocabulary.FORMATIONS_LABELS, self.labels),
            (Vocabulary.PUBLICS, self.publics),
            (Vocabulary.DISPOSITIFS, self.programmes),
            (Vocabulary.PRISE_EN_CHARGE, self.prise_en_charge),
            (Vocabulary.FRAIS, self.fees),
        )
        return tuple((vocabulary.value, values) for vocabulary, values in pairs if values)

    @property
    def effective_radius_km(self) -> float:
        return DEFAULT_RADIUS_KM if self.radius_km is None else self.radius_km


@dataclass(frozen=True)
class PlaceHit:
    place: Place
    tags: dict[str, tuple[str, ...]]  # vocabulary → values in their recorded order
    distance_km: float | None  # from `near`; None when the search has no point


@dataclass(frozen=True)
class PlacePage:
    items: tuple[PlaceHit, ...]
    next_cursor: str | None  # None on the last page
    total: int | None  # every match, all pages: known for free only around a point


@dataclass(frozen=True)
class PlacePoint:
    """What a map marker needs of a place."""

    id: int
    nom: str
    commune: str | None
    commune_nom: str
    latitude: float
    longitude: float
    location_exact: bool
    hub_kinds: tuple[str, ...]
    services: tuple[str, ...]
    distance_km: float | None


@dataclass(frozen=True)
class PlacePoints:
    points: tuple[PlacePoint, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class OrganisationPage:
    items: tuple[Organisation, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class _KeyedIds:
    """One page of place ids in order, before loading the places themselves."""

    ids: list[int]
    distances: dict[int, float] | None
    next_key: CursorKey | None
    total: int | None


def place_search(
    *, criteria: PlaceCriteria, cursor: str | None = None, limit: int = DEFAULT_PAGE_SIZE
) -> PlacePage:
    """One page of the places matching `criteria`, with their tags and operator.

    Raises `CursorError` when `cursor` is not one that this search returned.
    """
    page = _page_of_ids(criteria=criteria, cursor=cursor, limit=limit)
    # No commune join: an item shows the commune's code and published name, both on the row.
    places = Place.objects.select_related("operator").in_bulk(page.ids)
    tags = place_tags_by_id(page.ids)
    items = tuple(
        PlaceHit(
            place=places[place_id],
            tags=tags.get(place_id, {}),
            distance_km=None if page.distances is None else page.distances[place_id],
        )
        for place_id in page.ids
        if place_id in places  # deleted between the two queries
    )
    return PlacePage(items=items, next_cursor=_encode(page.next_key), total=page.total)


def place_points(
    *, criteria: PlaceCriteria, cursor: str | None = None, limit: int = 20_000
) -> PlacePoints:
    """The located places matching `criteria`, light enough for thousands of map markers:
    no model instances, and two queries per 900 places."""
    page = _page_of_ids(criteria=criteria, cursor=cursor, limit=limit, located_only=True)
    rows: dict[int, tuple] = {}
    for chunk in _chunks(page.ids):
        for row in Place.objects.filter(pk__in=chunk).values_list(
            "pk", "nom", "commune_id", "commune_nom", "latitude", "longitude", "location_exact"
        ):
            rows[row[0]] = row
    tags = place_tags_by_id(page.ids, vocabularies=(Vocabulary.HUB_KIND, Vocabulary.SERVICES))
    points = []
    for place_id in page.ids:
        if place_id not in rows:
            continue
        _pk, nom, commune, commune_nom, latitude, longitude, exact = rows[place_id]
        place_tags = tags.get(place_id, {})
        points.append(
            PlacePoint(
                id=place_id,
                nom=nom,
                commune=commune,
                commune_nom=commune_nom,
                latitude=latitude,
                longitude=longitude,
                location_exact=exact,
                hub_kinds=place_tags.get(Vocabulary.HUB_KIND.value, ()),
                services=place_tags.get(Vocabulary.SERVICES.value, ()),
                distance_km=None if page.distances is None else page.distances[place_id],
            )
        )
    return PlacePoints(points=tuple(points), next_cursor=_encode(page.next_key))


def place_get(*, pk: int) -> Place | None:
    """The place with its tags, operator and commune (codes of its département and EPCI)."""
    return (
        Place.objects.select_related("commune", "operator")
        .defer("commune__boundary")  # a commune's outline is kilobytes of GeoJSON
        .prefetch_related(_ordered_tags())
        .filter(pk=pk)
        .first()
    )


def organisation_search(
    *,
    query: str = "",
    kinds: Iterable[str] = (),
    departement: str | None = None,
    commune: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> OrganisationPage:
    """One page of the public directory of actors, by (name, id): every word of `query` in
    the name (case, accents and punctuation ignored), any of `kinds`, in the département or
    commune. Organisations awaiting their admission as members are left out (`listed`).

    Raises `CursorError` when `cursor` is not one that this search returned.
    """
    organisations = Organisation.objects.filter(listed=True)
    for word in normalise_for_search(query).split():
        organisations = organisations.filter(search_name__contains=word)
    kinds = tuple(kinds)
    if kinds:
        organisations = organisations.filter(kind__in=kinds)
    if departement:
        organisations = organisations.filter(commune__departement_id=departement)
    if commune:
        organisations = organisations.filter(commune_id=commune)
    after = _name_key(cursor)
    if after is not None:
        name, pk = after
        organisations = organisations.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk))
    found = list(organisations.order_by("name", "pk")[: limit + 1])
    last = found[limit - 1] if len(found) > limit else None
    return OrganisationPage(
        items=tuple(found[:limit]),
        next_cursor=None if last is None else encode_cursor((_BY_NAME, last.name, last.pk)),
    )


def organisation_get(*, pk: int) -> Organisation | None:
    """The organisation, with `place_count`: how many places it operates; listed or not
    (public faces ask `members.selectors.organisation_visible`)."""
    return (
        Organisation.objects.select_related("commune")
        .defer("commune__boundary")
        .annotate(place_count=Count("places"))
        .filter(pk=pk)
        .first()
    )


def place_tags_by_id(
    place_ids: list[int], *, vocabularies: Iterable[str] | None = None
) -> dict[int, dict[str, tuple[str, ...]]]:
    """Tags of the places, vocabulary by vocabulary. Plain rows rather than a prefetch:
    Django's prefetch costs a queryset per place, as much as the rest of a page."""
    found: dict[int, dict[str, list[str]]] = {}
    for chunk in _chunks(place_ids):
        tags = PlaceTag.objects.filter(place_id__in=chunk)
        if vocabularies is not None:
            tags = tags.filter(vocabulary__in=[str(vocabulary) for vocabulary in vocabularies])
        for place_id, vocabulary, value in tags.order_by(
            "place_id", "vocabulary", "position"
        ).values_list("place_id", "vocabulary", "value"):
            found.setdefault(place_id, {}).setdefault(vocabulary, []).append(value)
    return {
        place_id: {vocabulary: tuple(values) for vocabulary, values in by_vocabulary.items()}
        for place_id, by_vocabulary in found.items()
    }


def _ordered_tags() -> Prefetch:
    return Prefetch("tags", queryset=PlaceTag.objects.order_by("vocabulary", "position"))


def _filtered(criteria: PlaceCriteria, *, located_only: bool) -> QuerySet[Place]:
    """The places matching every criterion except the exact distance, unordered."""
    places = Place.objects.all()
    for word in normalise_for_search(criteria.query).split():
        places = places.filter(search_text__contains=word)
    for vocabulary, values in criteria.tag_filters():
        places = places.filter(pk__in=_tagged(vocabulary, values))
    if criteria.free is True:
        places = places.filter(pk__in=_tagged(Vocabulary.FRAIS, (FREE,)))
    elif criteria.free is False:
        places = places.filter(pk__in=_tagged(Vocabulary.FRAIS, ALLOWED_VALUES["frais_a_charge"]))
        places = places.exclude(pk__in=_tagged(Vocabulary.FRAIS, (FREE,)))
    if criteria.departement:
        places = places.filter(commune__departement_id=criteria.departement)
    if criteria.epci:
        places = places.filter(commune__epci_id=criteria.epci)
    if criteria.commune:
        places = places.filter(commune_id=criteria.commune)
    if criteria.operator is not None:
        places = places.filter(operator_id=criteria.operator)
    if located_only:
        places = places.filter(latitude__isnull=False)
    if criteria.near is not None:  # the box leaves out places without a point
        places = places.filter(_within_box(*criteria.near, criteria.effective_radius_km))
    if criteria.open_at is not None:
        places = _open_at(places, criteria.open_at)
    return places


def _tagged(vocabulary: str, values: Iterable[str]) -> QuerySet[PlaceTag]:
    # An IN (subquery) rather than a join: no duplicate places when several values match,
    # and the (vocabulary, value) index finds the tagged places directly.
    return PlaceTag.objects.filter(vocabulary=vocabulary, value__in=list(values)).values("place_id")


def _within_box(latitude: float, longitude: float, radius_km: float) -> Q:
    box = bounding_box(latitude, longitude, radius_km)
    condition = Q(latitude__gte=box.south, latitude__lte=box.north)
    if box.longitude_ranges:
        longitudes = Q()
        for west, east in box.longitude_ranges:
            longitudes |= Q(longitude__gte=west, longitude__lte=east)
        condition &= longitudes
    return condition


def _open_at(places: QuerySet[Place], moment: dt.datetime) -> QuerySet[Place]:
    """Keep the places open at `moment`. Many places share the same hours, so each distinct
    expression among the candidates is evaluated once, and the answer goes back to SQL as a
    list of expressions: paging and counting then stay in the database."""
    local = moment.astimezone(PLACES_TIME_ZONE).replace(tzinfo=None)
    expressions = set(
        places.exclude(horaires="").order_by().values_list("horaires", flat=True).distinct()
    )
    open_ = {expression for expression in expressions if _is_open(expression, local)}
    closed = expressions - open_
    if len(open_) <= len(closed):
        return places.filter(horaires__in=open_)
    return places.exclude(horaires="").exclude(horaires__in=closed)


@functools.lru_cache(maxsize=4096)
def _opening_hours(expression: str) -> opening_hours.OpeningHours | None:
    try:
        return opening_hours.OpeningHours(expression, country="FR")  # for "PH off"
    except (opening_hours.ParserError, ValueError, SyntaxError):
        return None  # the import drops invalid hours; a place saved otherwise is never open


def _is_open(expression: str, local_time: dt.datetime) -> bool:
    hours = _opening_hours(expression)
    return hours is not None and hours.is_open(local_time)


def _page_of_ids(
    *, criteria: PlaceCriteria, cursor: str | None, limit: int, located_only: bool = False
) -> _KeyedIds:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    places = _filtered(criteria, located_only=located_only)
    if criteria.near is not None:
        return _page_by_distance(places, criteria, cursor, limit)
    after = _name_key(cursor)
    if after is not None:
        nom, pk = after
        places = places.filter(Q(nom__gt=nom) | Q(nom=nom, pk__gt=pk))
    rows = list(places.order_by("nom", "pk").values_list("pk", "nom")[: limit + 1])
    next_key = (_BY_NAME, *reversed(rows[limit - 1])) if len(rows) > limit else None
    return _KeyedIds(
        ids=[pk for pk, _nom in rows[:limit]], distances=None, next_key=next_key, total=None
    )


def _page_by_distance(
    places: QuerySet[Place], criteria: PlaceCriteria, cursor: str | None, limit: int
) -> _KeyedIds:
    """The box prefilter ran in SQL on the (latitude, longitude) index; the exact distance,
    the radius and the order are computed here on the few candidates left, with numpy."""
    after = _distance_key(cursor)
    # Thousands of rows at most: straight from the driver, without Django's row iterator.
    # Unordered, so that the (latitude, longitude) index alone answers, without a sort.
    rows = places.order_by().values_list("pk", "latitude", "longitude")
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (no place open now: `pk IN ()`)
        return _KeyedIds(ids=[], distances={}, next_key=None, total=0)
    with connections[places.db].cursor() as cursor:
        cursor.execute(sql, params)
        candidates = cursor.fetchall()
    if not candidates:
        return _KeyedIds(ids=[], distances={}, next_key=None, total=0)
    ids = np.fromiter((pk for pk, _lat, _lon in candidates), dtype=np.int64, count=len(candidates))
    latitudes = np.fromiter((lat for _pk, lat, _lon in candidates), dtype=float)
    longitudes = np.fromiter((lon for _pk, _lat, lon in candidates), dtype=float)
    distances = haversine_km(*criteria.near, latitudes, longitudes)
    inside = distances <= criteria.effective_radius_km
    ids, distances = ids[inside], distances[inside]
    total = len(ids)
    if after is not None:
        last_distance, last_pk = after
        later = (distances > last_distance) | ((distances == last_distance) & (ids > last_pk))
        ids, distances = ids[later], distances[later]
    order = np.lexsort((ids, distances))[: limit + 1]
    page_ids = [int(pk) for pk in ids[order]]
    page_distances = [float(distance) for distance in distances[order]]
    next_key = (
        (_BY_DISTANCE, page_distances[limit - 1], page_ids[limit - 1])
        if len(page_ids) > limit
        else None
    )
    return _KeyedIds(
        ids=page_ids[:limit],
        distances=dict(zip(page_ids[:limit], page_distances[:limit], strict=True)),
        next_key=next_key,
        total=total,
    )


def _name_key(cursor: str | None) -> tuple[str, int] | None:
    if cursor is None:
        return None
    key = decode_cursor(cursor)
    if len(key) != 3 or key[0] != _BY_NAME or not isinstance(key[1], str):
        raise CursorError("this cursor belongs to another listing or sort order")
    if not isinstance(key[2], int):
        raise CursorError("not a cursor returned by this API")
    return key[1], key[2]


def _distance_key(cursor: str | None) -> tuple[float, int] | None:
    if cursor is None:
        return None
    key = decode_cursor(cursor)
    if len(key) != 3 or key[0] != _BY_DISTANCE or isinstance(key[1], str):
        raise CursorError("this cursor belongs to another listing or sort order")
    if not isinstance(key[2], int):
        raise CursorError("not a cursor returned by this API")
    return float(key[1]), key[2]


def _encode(key: CursorKey | None) -> str | None:
    return None if key is None else encode_cursor(key)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _IDS_PER_QUERY):
        yield ids[start : start + _IDS_PER_QUERY]


def place_to_standard(place: Place, *, file_id: str | None = None) -> StandardPlace:
    """The standard's record of a place (an export's row before formatting). Its tags are
    read from `place.tags.all()`, so prefetch them when reading many places. A point that
    is only the town hall's is left out: written, it would pass for the place's own."""
    by_vocabulary: dict[str, list[str]] = {}
    for tag in sorted(place.tags.all(), key=lambda tag: (tag.vocabulary, tag.position)):
        by_vocabulary.setdefault(tag.vocabulary, []).append(tag.value)
    values = {name: getattr(place, name) for name in Place.STANDARD_FIELDS}
    for name in ("typologie", "courriels", "site_web", "autres_formations_labels"):
        values[name] = tuple(values[name])
    return StandardPlace(
        id=file_id or place.source_id,
        commune=place.commune_nom,
        source=place.source,
        latitude=place.latitude if place.location_exact else None,
        longitude=place.longitude if place.location_exact else None,
        **values,
        **{name: tuple(by_vocabulary.get(name, ())) for name in STANDARD_VOCABULARIES},
    )


def place_export_records(
    *, departement: str | None = None, chunk_size: int = 2000
) -> Iterator[StandardPlace]:
    """Every place (of one département) as a record of the standard, by source then id,
    read in chunks. The standard's `id` is the file's primary key: an id that two sources
    share is written "source/id" (import-places reads it back as the source's own id)."""
    shared_ids = set(
        Place.objects.values("source_id")
        .annotate(sources=Count("id"))
        .filter(sources__gt=1)
        .values_list("source_id", flat=True)
    )
    places = Place.objects.order_by("source", "source_id").prefetch_related("tags")
    if departement is not None:
        places = places.filter(commune__departement_id=departement)
    for place in places.iterator(chunk_size=chunk_size):
        shared = place.source_id in shared_ids
        yield place_to_standard(
            place, file_id=f"{place.source}/{place.source_id}" if shared else None
        )


def hub_organisation() -> Organisation | None:
    """The organisation that runs this hub (`is_hub`), if one is set."""
    return Organisation.objects.filter(is_hub=True).select_related("commune").first()


# --- Reads of the hub, actors and territory pages ------------------------------------------


@dataclass(frozen=True)
class KindCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class PlaceFigures:
    """Key figures of the places (of one operator, or all of them)."""

    places: int
    demo_places: int  # invented for a demonstration
    by_kind: tuple[KindCount, ...]  # kinds that have places, most first; a place may have several
    communes: int  # communes with at least one place; a city's arrondissements count as the city
    population: int  # living in those communes


def place_figures(*, operator_id: int | None = None) -> PlaceFigures:
    """The key figures of every place, or of the places `operator_id` runs; three queries."""
    places = Place.objects.all()
    kind_tags = PlaceTag.objects.filter(vocabulary=Vocabulary.HUB_KIND)
    if operator_id is not None:
        places = places.filter(operator_id=operator_id)
        kind_tags = kind_tags.filter(place__operator_id=operator_id)
    counts = places.aggregate(places=Count("pk"), demo=Count("pk", filter=Q(is_demo=True)))
    labels = dict(HUB_KINDS)
    by_kind = sorted(
        (
            KindCount(code=value, label=str(labels[value]), count=count)
            for value, count in kind_tags.values("value")
            .annotate(count=Count("place_id"))
            .order_by()
            .values_list("value", "count")
        ),
        key=lambda kind: (-kind.count, kind.label),
    )
    # A place in Marseille's 1st arrondissement covers Marseille: counting the arrondissement
    # as well would count its inhabitants twice.
    in_communes = places.filter(commune__isnull=False)
    covered = Commune.objects.filter(kind=Commune.Kind.COMMUNE).filter(
        Q(code__in=in_communes.values("commune_id"))
        | Q(code__in=in_communes.filter(commune__parent__isnull=False).values("commune__parent"))
    )
    covered_totals = covered.aggregate(communes=Count("code"), population=Sum("population"))
    return PlaceFigures(
        places=counts["places"],
        demo_places=counts["demo"],
        by_kind=tuple(by_kind),
        communes=covered_totals["communes"],
        population=covered_totals["population"] or 0,
    )


def organisation_count() -> int:
    """The organisations of the public directory of actors."""
    return Organisation.objects.filter(listed=True).count()


@dataclass(frozen=True)
class MapArea:
    """A circle to show on a map: its centre and radius."""

    latitude: float
    longitude: float
    radius_km: float


# The API's largest radius: a map area beyond it could not be asked of /places.geojson.
_MAX_AREA_RADIUS_KM = 200.0


def operator_area(*, organisation: Organisation) -> MapArea | None:
    """The circle around the organisation's point (else the middle of its places) holding
    every located place it runs, with a margin; None when it has no point and no place."""
    rows = Place.objects.filter(operator=organisation, latitude__isnull=False).values_list(
        "latitude", "longitude"
    )
    points = np.array(list(rows), dtype=float).reshape(-1, 2)
    if organisation.latitude is not None:
        centre = (organisation.latitude, organisation.longitude)
    elif len(points):
        centre = (float(points[:, 0].mean()), float(points[:, 1].mean()))
    else:
        return None
    farthest = float(haversine_km(*centre, points[:, 0], points[:, 1]).max()) if len(points) else 0
    # Whole kilometres: the map's GeoJSON address then stays the same, and cacheable, until
    # a place moves noticeably.
    radius = min(_MAX_AREA_RADIUS_KM, max(5.0, float(np.ceil(farthest * 1.1 + 2))))
    return MapArea(latitude=centre[0], longitude=centre[1], radius_km=radius)


@dataclass(frozen=True)
class OrganisationCard:
    organisation: Organisation  # with its commune and the commune's département
    place_count: int


@dataclass(frozen=True)
class OrganisationCardPage:
    items: tuple[OrganisationCard, ...]
    next_cursor: str | None


def organisation_cards(
    *,
    query: str = "",
    kinds: Iterable[str] = (),
    departement: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> OrganisationCardPage:
    """`organisation_search`'s page, each organisation with its commune and the number of
    places it runs: two queries, whatever the size of the page.

    Raises `CursorError` when `cursor` is not one that this search returned.
    """
    page = organisation_search(
        query=query, kinds=kinds, departement=departement, cursor=cursor, limit=limit
    )
    loaded = (
        Organisation.objects.select_related("commune__departement")
        .defer("commune__boundary")  # kilobytes of GeoJSON per commune
        .annotate(place_count=Count("places"))
        .in_bulk([organisation.pk for organisation in page.items])
    )
    items = tuple(
        OrganisationCard(organisation=loaded[item.pk], place_count=loaded[item.pk].place_count)
        for item in page.items
        if item.pk in loaded  # deleted between the two queries
    )
    return OrganisationCardPage(items=items, next_cursor=page.next_cursor)


def organisation_kind_counts(
    *, query: str = "", departement: str | None = None
) -> tuple[KindCount, ...]:
    """How many organisations of each kind match the name and the département, in the
    order of `Organisation.Kind`, kinds without any left out (in the public directory)."""
    organisations = Organisation.objects.filter(listed=True)
    for word in normalise_for_search(query).split():
        organisations = organisations.filter(search_name__contains=word)
    if departement:
        organisations = organisations.filter(commune__departement_id=departement)
    counts = dict(
        organisations.values("kind")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("kind", "count")
    )
    return tuple(
        KindCount(code=kind.value, label=str(kind.label), count=counts[kind.value])
        for kind in Organisation.Kind
        if counts.get(kind.value)
    )


def organisation_departements() -> list[Departement]:
    """The départements where at least one organisation is based, by code."""
    return list(
        Departement.objects.filter(
            code__in=Organisation.objects.filter(listed=True, commune__isnull=False).values(
                "commune__departement_id"
            )
        ).order_by("code")
    )


@dataclass(frozen=True)
class OperatedPlaces:
    items: tuple[PlaceHit, ...]  # by name, each with its hub kinds and services
    total: int


def operated_places(*, organisation: Organisation, limit: int = 200) -> OperatedPlaces:
    """The places the organisation runs, by name, the first `limit` of them."""
    places = Place.objects.filter(operator=organisation)
    found = list(places.order_by("nom", "pk")[:limit])
    total = len(found) if len(found) < limit else places.count()
    tags = place_tags_by_id(
        [place.pk for place in found], vocabularies=(Vocabulary.HUB_KIND, Vocabulary.SERVICES)
    )
    return OperatedPlaces(
        items=tuple(
            PlaceHit(place=place, tags=tags.get(place.pk, {}), distance_km=None) for place in found
        ),
        total=total,
    )


@dataclass(frozen=True)
class PlacesAround:
    """The places around a point: how many within each radius, and the nearest ones."""

    counts: tuple[tuple[float, int], ...]  # (radius in km, places within it), smallest first
    nearest: tuple[PlaceHit, ...]  # nearest first, each with its distance
    nearest_beyond: bool  # True when no place lies within the largest radius


def places_around(
    *,
    latitude: float,
    longitude: float,
    radii_km: tuple[float, ...] = (5.0, 10.0, 20.0),
    nearest: int = 10,
    farthest_km: float = 100.0,
) -> PlacesAround:
    """Counts within each radius, and the `nearest` places within the largest radius or,
    when it holds none, the few nearest within `farthest_km`, so that a white zone still
    learns where to go."""
    radii = tuple(sorted(radii_km))
    near = (latitude, longitude)
    # One box query for every count: the exact distances are computed here.
    rows = list(
        Place.objects.filter(_within_box(latitude, longitude, radii[-1])).values_list(
            "latitude", "longitude"
        )
    )
    if rows:
        points = np.array(rows, dtype=float)
        distances = haversine_km(latitude, longitude, points[:, 0], points[:, 1])
    else:
        distances = np.empty(0)
    counts = tuple((radius, int((distances <= radius).sum())) for radius in radii)
    beyond = counts[-1][1] == 0
    page = place_search(
        criteria=PlaceCriteria(near=near, radius_km=farthest_km if beyond else radii[-1]),
        limit=3 if beyond else nearest,
    )
    return PlacesAround(counts=counts, nearest=page.items, nearest_beyond=beyond)


# Reads of the places pages (web/views/places.py).


@dataclass(frozen=True)
class DepartementWithPlaces:
    code: str
    nom: str
    place_count: int


def place_count(*, criteria: PlaceCriteria) -> int:
    """How many places match `criteria`, all pages together (`place_search` gives this
    only around a point)."""
    return _filtered(criteria, located_only=False).count()


def place_departements() -> list[DepartementWithPlaces]:
    """The départements that hold at least one place, by code, with how many."""
    rows = (
        Place.objects.filter(commune__isnull=False)
        .values("commune__departement_id", "commune__departement__nom")
        .annotate(place_count=Count("pk"))
        .order_by("commune__departement_id")
    )
    return [
        DepartementWithPlaces(
            code=row["commune__departement_id"],
            nom=row["commune__departement__nom"],
            place_count=row["place_count"],
        )
        for row in rows
    ]


def place_commune_names(*, places: Iterable[Place]) -> dict[int, str]:
    """Place id → the name of its commune as the territory spells it ("Laragne-Montéglin"
    where a source wrote "LARAGNE-MONTÉGLIN"), else as the source published it."""
    places = list(places)
    codes = {place.commune_id for place in places if place.commune_id}
    names = dict(Commune.objects.filter(code__in=codes).values_list("code", "nom"))
    return {place.pk: names.get(place.commune_id or "", place.commune_nom) for place in places}


def places_managed_by(*, user) -> QuerySet[Place]:
    """The places whose managers `user` is (Place.managers)."""
    return Place.objects.filter(managers=user)
