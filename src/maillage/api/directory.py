"""Directory endpoints: places of digital mediation and organisations.

Lists are paginated by cursor: each page gives `next_cursor`, to pass back as `cursor` for
the next page (null on the last one). A cursor stays valid while places are added or
removed: no place is skipped or repeated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from maillage.api.auth import acting_person
from maillage.api.refusals import unprocessable
from maillage.api.schemas import MAX_ID, ErrorOut, Moment, PathId, RefusalOut
from maillage.api.territory import COMMUNE_CODE, DEPARTEMENT_CODE
from maillage.booking import selectors as booking_selectors
from maillage.core.cursors import MAX_CURSOR_LENGTH, CursorError
from maillage.directory import selectors
from maillage.directory.models import Organisation, Place
from maillage.directory.vocabulary import ALLOWED_VALUES, Vocabulary
from maillage.members import selectors as members_selectors
from maillage.territory import selectors as territory_selectors

router = Router(tags=["directory"])

EPCI_CODE = r"^\d{9}$"
MAX_RADIUS_KM = 200.0
MAX_PAGE_SIZE = 500
MAX_MAP_POINTS = 20_000

# Query parameter → the vocabulary its values come from.
PLACE_TAG_PARAMETERS = {
    "service": Vocabulary.SERVICES.value,
    "kind": Vocabulary.HUB_KIND.value,
    "label": Vocabulary.FORMATIONS_LABELS.value,
    "public": Vocabulary.PUBLICS.value,
    "programme": Vocabulary.DISPOSITIFS.value,
    "accessibility": Vocabulary.PRISE_EN_CHARGE.value,
    "fee": Vocabulary.FRAIS.value,
}
# Output field → vocabulary: the standard's names, and `kinds` for the hub's place kinds.
PLACE_TAG_FIELDS = {
    "kinds": Vocabulary.HUB_KIND.value,
    **{vocabulary: vocabulary for vocabulary in ALLOWED_VALUES if vocabulary != "hub_kind"},
}

Cursor = Annotated[
    str | None,
    Field(
        max_length=MAX_CURSOR_LENGTH,
        description="`next_cursor` of the previous page; omit for the first page",
    ),
]


def _values_of(vocabulary: str) -> Any:
    """list[Literal[…allowed values…]], each value once at most: the OpenAPI schema then
    lists them and bounds the list."""
    allowed = ALLOWED_VALUES[vocabulary]
    return Annotated[
        list[Literal[allowed]],  # type: ignore[valid-type]
        Field(max_length=len(allowed)),
    ]


def _one_of(parameter: str, values: list[str], allowed: tuple[str, ...]) -> list[str]:
    for value in values:
        if value not in allowed:
            # One error on the parameter itself (not `service.0`), listing what is allowed.
            raise PydanticCustomError(
                "value_not_allowed",
                f"{value!r} is not an allowed value of {parameter}; allowed values: "
                + ", ".join(repr(choice) for choice in allowed),
                {"allowed": list(allowed)},
            )
    return values


# LAT,LON in decimal degrees, latitude in [-90, 90] and longitude in [-180, 180], written so
# that the document says which texts are points.
NEAR_PATTERN = (
    r"^ *-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?) *, *"
    r"-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?) *$"
)


def parse_point(text: str) -> tuple[float, float]:
    """Read "LAT,LON" in decimal degrees as (latitude, longitude); ValueError if malformed."""
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError("must be LAT,LON in decimal degrees, e.g. 43.95,4.81")
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError("must be LAT,LON in decimal degrees, e.g. 43.95,4.81") from None
    if not (-90 <= latitude <= 90):  # also refuses nan
        raise ValueError("latitude must lie in [-90, 90]")
    if not (-180 <= longitude <= 180):
        raise ValueError("longitude must lie in [-180, 180]")
    return latitude, longitude


def _cursor_error(error: CursorError) -> HttpError:
    return unprocessable("cursor", str(error), "unknown_cursor")


class PlaceFilters(Schema):
    q: Annotated[
        str,
        Field(
            max_length=200,
            description="words that must all appear in the name, commune or short description; "
            "case, accents and punctuation do not matter",
        ),
    ] = ""
    service: Annotated[
        _values_of("services"), Field(description="services offered (any of them)")
    ] = []
    kind: Annotated[
        _values_of("hub_kind"),
        Field(description="kinds of place of the hub: fablab, coworking, library… (any)"),
    ] = []
    label: Annotated[
        _values_of("formations_labels"), Field(description="training and labels (any)")
    ] = []
    public: Annotated[
        _values_of("publics_specifiquement_adresses"),
        Field(description="publics specifically welcomed (any)"),
    ] = []
    programme: Annotated[
        _values_of("dispositif_programmes_nationaux"),
        Field(description="national programmes the place belongs to (any)"),
    ] = []
    accessibility: Annotated[
        _values_of("prise_en_charge_specifique"),
        Field(description="specific support: deafness, disabilities, languages… (any)"),
    ] = []
    fee: Annotated[
        _values_of("frais_a_charge"),
        Field(
            description="fees stated by the place (any): Gratuit, Gratuit sous condition, Payant"
        ),
    ] = []
    free: Annotated[
        bool | None,
        Field(
            description="true: some help is free without condition (`Gratuit`; "
            "`Gratuit sous condition` does not count, ask `fee` for it); false: the place states "
            "its fees and none is `Gratuit`"
        ),
    ] = None
    departement: Annotated[
        str | None, Field(pattern=DEPARTEMENT_CODE, description="département code, e.g. 84")
    ] = None
    epci: Annotated[
        str | None, Field(pattern=EPCI_CODE, description="SIREN of the EPCI, e.g. 248400053")
    ] = None
    commune: Annotated[
        str | None, Field(pattern=COMMUNE_CODE, description="INSEE code of the commune")
    ] = None
    operator: Annotated[
        int | None,
        Field(ge=1, le=MAX_ID, description="id of the organisation that runs the places"),
    ] = None
    near: Annotated[
        str | None,
        Field(
            max_length=60,
            description="LAT,LON in decimal degrees: places within `radius_km`, nearest first, "
            "each with its `distance_km`",
            # One `example`: a parameter's `examples` is a map of named examples in OpenAPI
            # 3.1, where pydantic's would be a list.
            json_schema_extra={"example": "43.95,4.81", "pattern": NEAR_PATTERN},
        ),
    ] = None
    radius_km: Annotated[
        float | None,
        Field(
            gt=0,
            le=MAX_RADIUS_KM,
            description=f"radius around `near`, in km (default {selectors.DEFAULT_RADIUS_KM:g}); "
            "only with `near`",
        ),
    ] = None
    open_at: Annotated[
        Moment | None,
        Field(
            description="ISO 8601 date and time: places open then, by their opening hours "
            "(a time without offset is French local time); places without hours are left out"
        ),
    ] = None
    open_now: Annotated[bool, Field(description="places open now; not with `open_at`")] = False

    @field_validator(*PLACE_TAG_PARAMETERS, mode="before")
    @classmethod
    def _allowed_values(cls, values: Any, info: ValidationInfo) -> Any:
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            return values
        allowed = ALLOWED_VALUES[PLACE_TAG_PARAMETERS[info.field_name]]
        return _one_of(info.field_name, values, allowed)

    @field_validator("near")
    @classmethod
    def _well_formed_point(cls, near: str | None) -> str | None:
        if near is not None:
            parse_point(near)
            if not re.fullmatch(NEAR_PATTERN, near):
                raise ValueError("must be LAT,LON in decimal degrees, e.g. 43.95,4.81")
        return near

    def criteria(self) -> selectors.PlaceCriteria:
        """The selector's criteria; a 422 naming the parameter when two of them clash."""
        if self.radius_km is not None and self.near is None:
            raise unprocessable("radius_km", "radius_km needs near", "needs_near")
        if self.open_now and self.open_at is not None:
            raise unprocessable("open_now", "give open_at or open_now, not both", "exclusive")
        open_at = timezone.now() if self.open_now else self.open_at
        if open_at is not None and open_at.utcoffset() is None:
            open_at = open_at.replace(tzinfo=selectors.PLACES_TIME_ZONE)
        return selectors.PlaceCriteria(
            query=self.q,
            services=tuple(self.service),
            hub_kinds=tuple(self.kind),
            labels=tuple(self.label),
            publics=tuple(self.public),
            programmes=tuple(self.programme),
            prise_en_charge=tuple(self.accessibility),
            fees=tuple(self.fee),
            free=self.free,
            departement=self.departement,
            epci=self.epci,
            commune=self.commune,
            operator=self.operator,
            near=None if self.near is None else parse_point(self.near),
            radius_km=self.radius_km,
            open_at=open_at,
        )


def _checked_criteria(filters: PlaceFilters) -> selectors.PlaceCriteria:
    """As `filters.criteria()`, after a 404 for a territory code that does not exist."""
    if (
        filters.departement
        and territory_selectors.departement_get(code=filters.departement) is None
    ):
        raise HttpError(404, f"Unknown département {filters.departement!r}.")
    if filters.epci and territory_selectors.epci_get(code=filters.epci) is None:
        raise HttpError(404, f"Unknown EPCI {filters.epci!r}.")
    if filters.commune and territory_selectors.commune_get(code=filters.commune) is None:
        raise HttpError(404, f"Unknown commune {filters.commune!r}.")
    return filters.criteria()


class OperatorOut(Schema):
    id: int
    name: str


class PlaceOut(Schema):
    id: int
    nom: str
    adresse: str
    complement_adresse: str
    code_postal: str
    commune: str | None = Field(description="INSEE code of the commune, if it was matched")
    commune_nom: str = Field(description="the commune's name as the source published it")
    latitude: float | None
    longitude: float | None
    location_exact: bool = Field(
        description="false when the point stands for the commune's town hall"
    )
    distance_km: float | None = Field(description="distance to `near`; null without `near`")
    telephone: str
    courriels: list[str]
    site_web: list[str]
    horaires: str = Field(description="opening hours, OpenStreetMap syntax")
    presentation_resume: str
    operator: OperatorOut | None
    kinds: list[str] = Field(description="kinds of place of the hub (hub_kind)")
    services: list[str]
    publics_specifiquement_adresses: list[str]
    prise_en_charge_specifique: list[str]
    frais_a_charge: list[str]
    dispositif_programmes_nationaux: list[str]
    formations_labels: list[str]
    modalites_acces: list[str]
    modalites_accompagnement: list[str]
    itinerance: list[str]
    is_demo: bool = Field(description="true for places invented for a demonstration")


class PlaceDetailOut(PlaceOut):
    source: str
    source_id: str = Field(description="the place's id in its source")
    pivot: str = Field(description="SIRET, RNA or RIDET of the place's organisation")
    code_insee: str = Field(description="INSEE code as the source published it")
    departement: str | None
    epci: str | None
    typologie: list[str]
    presentation_detail: str
    structure_parente: str
    autres_formations_labels: list[str]
    fiche_acces_libre: str
    prise_rdv: str
    date_maj: dt.date
    updated_at: dt.datetime


class PlacePageOut(Schema):
    items: list[PlaceOut]
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page; null at the end"
    )
    count: int | None = Field(
        description="how many places match, all pages together: given with `near`, where it "
        "costs nothing; null otherwise"
    )


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(
        min_length=2, max_length=2, description="[longitude, latitude]"
    )


class PlaceFeatureProperties(Schema):
    id: int
    nom: str
    commune: str | None
    commune_nom: str
    kinds: list[str]
    services: list[str]
    location_exact: bool
    distance_km: float | None


class PlaceFeature(Schema):
    type: Literal["Feature"]
    id: int
    geometry: PointGeometry
    properties: PlaceFeatureProperties


class PlaceFeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[PlaceFeature]
    next_cursor: str | None = Field(
        description="set when more places match than `limit`: pass as `cursor` for the rest"
    )


def _inlined(model: type[Schema]) -> dict[str, Any]:
    """The model's JSON schema with its sub-models written in place: an answer documented
    by hand (`openapi_extra`) cannot add components to the document."""
    schema = model.model_json_schema(mode="serialization")
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


# The collection is answered as `application/geo+json` (RFC 7946), not as the API's
# `application/json`: documented by hand, since ninja documents every answer as the latter.
GEOJSON_ANSWER = {
    "responses": {
        200: {
            "description": "OK",
            "content": {"application/geo+json": {"schema": _inlined(PlaceFeatureCollection)}},
        }
    }
}


def _place_item(
    place: Place, tags: dict[str, tuple[str, ...]], distance_km: float | None
) -> dict[str, Any]:
    operator = place.operator
    return {
        "id": place.pk,
        "nom": place.nom,
        "adresse": place.adresse,
        "complement_adresse": place.complement_adresse,
        "code_postal": place.code_postal,
        "commune": place.commune_id,
        "commune_nom": place.commune_nom,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "location_exact": place.location_exact,
        "distance_km": distance_km,
        "telephone": place.telephone,
        "courriels": place.courriels,
        "site_web": place.site_web,
        "horaires": place.horaires,
        "presentation_resume": place.presentation_resume,
        "operator": None if operator is None else {"id": operator.pk, "name": operator.name},
        "is_demo": place.is_demo,
        **{name: list(tags.get(vocabulary, ())) for name, vocabulary in PLACE_TAG_FIELDS.items()},
    }


@router.get(
    "/places",
    response={200: PlacePageOut, 404: ErrorOut, 422: RefusalOut},
    summary="Search places of digital mediation",
    description=(
        "Places matching every parameter given; a parameter given several times "
        "(`service=A&service=B`) matches any of its values. Sorted by name, or nearest first "
        "with `near`. A value outside a parameter's list is a 422 that names the parameter "
        "and lists the allowed values; an unknown territory code is a 404."
    ),
)
def list_places(
    request: HttpRequest,
    filters: Query[PlaceFilters],
    cursor: Cursor = None,
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description="places per page")] = 50,
) -> dict[str, Any]:
    criteria = _checked_criteria(filters)
    try:
        page = selectors.place_search(criteria=criteria, cursor=cursor, limit=limit)
    except CursorError as error:
        raise _cursor_error(error) from None
    return {
        "items": [_place_item(hit.place, hit.tags, hit.distance_km) for hit in page.items],
        "next_cursor": page.next_cursor,
        "count": page.total,
    }


@router.get(
    "/places.geojson",
    response={404: ErrorOut, 422: RefusalOut},
    openapi_extra=GEOJSON_ANSWER,
    summary="Places as a GeoJSON FeatureCollection, for maps",
    description=(
        "The located places matching the same parameters as `/places`, as GeoJSON points "
        "(`application/geo+json`), up to `limit` of them; `next_cursor` is set when more match. "
        "Compressed (gzip) for clients that accept it: a few thousand points weigh ~1 MB raw."
    ),
)
@decorate_view(gzip_page)
def places_geojson(
    request: HttpRequest,
    filters: Query[PlaceFilters],
    cursor: Cursor = None,
    limit: Annotated[
        int, Field(ge=1, le=MAX_MAP_POINTS, description="places in the collection")
    ] = MAX_MAP_POINTS,
    tour_stops: Annotated[
        bool,
        Field(
            description="also the coming stops (14 days) of the hub's vehicles, as temporary "
            "places: features with a `tour_stop` property {start, end}, whose `id` is the "
            "vehicle's place (where it is booked); within `departement` or `commune` if given"
        ),
    ] = False,
) -> HttpResponse:
    criteria = _checked_criteria(filters)
    try:
        found = selectors.place_points(criteria=criteria, cursor=cursor, limit=limit)
    except CursorError as error:
        raise _cursor_error(error) from None
    stops = (
        booking_selectors.coming_stop_points(
            now=timezone.now(), departement=filters.departement, commune=filters.commune
        )
        if tour_stops and cursor is None
        else []
    )
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": point.id,
                "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
                "properties": {
                    "id": point.id,
                    "nom": point.nom,
                    "commune": point.commune,
                    "commune_nom": point.commune_nom,
                    "kinds": list(point.hub_kinds),
                    "services": list(point.services),
                    "location_exact": point.location_exact,
                    "distance_km": point.distance_km,
                },
            }
            for point in found.points
        ]
        + [
            {
                "type": "Feature",
                "id": stop.place_id,
                "geometry": {"type": "Point", "coordinates": [stop.longitude, stop.latitude]},
                "properties": {
                    "id": stop.place_id,
                    "nom": f"{stop.vehicle} — {stop.commune_nom}, "
                    f"{timezone.localtime(stop.start):%d/%m %H:%M}–"
                    f"{timezone.localtime(stop.end):%H:%M}",
                    "commune": stop.commune,
                    "commune_nom": stop.commune_nom,
                    "kinds": ["mobile_stop"],
                    "services": [],
                    "location_exact": False,
                    "distance_km": None,
                    "tour_stop": {"start": stop.start.isoformat(), "end": stop.end.isoformat()},
                },
            }
            for stop in stops
        ],
        "next_cursor": found.next_cursor,
    }
    # Written directly: thousands of features need no validation against the schema above,
    # which is there to document them (`GEOJSON_ANSWER`).
    return HttpResponse(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
        content_type="application/geo+json",
    )


@router.get(
    "/places/{id}",
    response={200: PlaceDetailOut, 404: ErrorOut},
    summary="A place, with every field of the national standard",
)
def get_place(request: HttpRequest, id: PathId) -> dict[str, Any]:
    place = selectors.place_get(pk=id)
    if place is None:
        raise HttpError(404, f"No place has the id {id}.")
    tags: dict[str, tuple[str, ...]] = {}
    for tag in place.tags.all():  # prefetched, in (vocabulary, position) order
        tags[tag.vocabulary] = (*tags.get(tag.vocabulary, ()), tag.value)
    commune = place.commune
    return {
        **_place_item(place, tags, None),
        "source": place.source,
        "source_id": place.source_id,
        "pivot": place.pivot,
        "code_insee": place.code_insee,
        "departement": None if commune is None else commune.departement_id,
        "epci": None if commune is None else commune.epci_id,
        "typologie": place.typologie,
        "presentation_detail": place.presentation_detail,
        "structure_parente": place.structure_parente,
        "autres_formations_labels": place.autres_formations_labels,
        "fiche_acces_libre": place.fiche_acces_libre,
        "prise_rdv": place.prise_rdv,
        "date_maj": place.date_maj,
        "updated_at": place.updated_at,
    }


class OrganisationFilters(Schema):
    q: Annotated[
        str,
        Field(
            max_length=200,
            description="words that must all appear in the name; case and accents do not matter",
        ),
    ] = ""
    kind: Annotated[
        list[Organisation.Kind],
        Field(max_length=len(Organisation.Kind), description="kinds of organisation (any of them)"),
    ] = []
    departement: Annotated[
        str | None, Field(pattern=DEPARTEMENT_CODE, description="département code, e.g. 84")
    ] = None
    commune: Annotated[
        str | None, Field(pattern=COMMUNE_CODE, description="INSEE code of the commune")
    ] = None

    @field_validator("kind", mode="before")
    @classmethod
    def _allowed_kinds(cls, values: Any) -> Any:
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            return values
        return _one_of("kind", values, tuple(Organisation.Kind.values))


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    legal_form: str
    siret: str
    rna: str
    size: str
    sectors: list[str]
    skills: list[str]
    description: str
    email: str
    telephone: str
    website: str
    commune: str | None = Field(None, alias="commune_id", description="INSEE code")
    address: str
    latitude: float | None
    longitude: float | None
    is_demo: bool = Field(description="true for organisations invented for a demonstration")


class OrganisationDetailOut(OrganisationOut):
    commune_nom: str | None = Field(None, alias="commune.nom")
    departement: str | None = Field(None, alias="commune.departement_id")
    place_count: int = Field(description="places this organisation operates")


class OrganisationPageOut(Schema):
    items: list[OrganisationOut]
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page; null at the end"
    )


@router.get(
    "/organisations",
    response={200: OrganisationPageOut, 404: ErrorOut, 422: RefusalOut},
    summary="Search organisations",
    description=(
        "Organisations of the public directory of actors matching every parameter given, "
        "sorted by name (those awaiting their admission as members are left out)."
    ),
)
def list_organisations(
    request: HttpRequest,
    filters: Query[OrganisationFilters],
    cursor: Cursor = None,
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description="organisations per page")] = 50,
) -> dict[str, Any]:
    if (
        filters.departement
        and territory_selectors.departement_get(code=filters.departement) is None
    ):
        raise HttpError(404, f"Unknown département {filters.departement!r}.")
    if filters.commune and territory_selectors.commune_get(code=filters.commune) is None:
        raise HttpError(404, f"Unknown commune {filters.commune!r}.")
    try:
        page = selectors.organisation_search(
            query=filters.q,
            kinds=[str(kind) for kind in filters.kind],
            departement=filters.departement,
            commune=filters.commune,
            cursor=cursor,
            limit=limit,
        )
    except CursorError as error:
        raise _cursor_error(error) from None
    return {"items": list(page.items), "next_cursor": page.next_cursor}


@router.get(
    "/organisations/{id}",
    response={200: OrganisationDetailOut, 404: ErrorOut},
    summary="An organisation, with the number of places it operates",
    description=(
        "An organisation of the public directory of actors. One created by an application "
        "for membership is a 404 until the coordination admits it, except for the "
        "coordination and the people acting for it."
    ),
)
def get_organisation(request: HttpRequest, id: PathId) -> Organisation:
    organisation = selectors.organisation_get(pk=id)
    if organisation is None or not members_selectors.organisation_visible(
        organisation=organisation, user=acting_person(request)
    ):
        raise HttpError(404, f"No organisation has the id {id}.")
    return organisation
