"""Territory endpoints: communes."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from maillage.api.schemas import MAX_OFFSET, ErrorOut
from maillage.territory import selectors
from maillage.territory.models import Commune

router = Router(tags=["territory"])

COMMUNE_CODE = r"^(\d{5}|2[AB]\d{3})$"
DEPARTEMENT_CODE = r"^(\d{2}|2[AB]|97\d)$"


class CommuneOut(Schema):
    code: str
    nom: str
    population: int | None
    departement: str = Field(..., alias="departement_id")
    epci: str | None = Field(None, alias="epci_id")
    latitude: float | None
    longitude: float | None


class CommuneDetailOut(CommuneOut):
    departement_nom: str = Field(..., alias="departement.nom")
    region: str = Field(..., alias="departement.region_id")
    region_nom: str = Field(..., alias="departement.region.nom")
    epci_nom: str | None = Field(None, alias="epci.nom")
    location_source: str


class CommunePagination(LimitOffsetPagination):
    """`limit` and `offset`, both bounded: an offset past the largest integer the database
    holds would be a 500, and one past a million is never useful."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000, description="communes per page")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="communes to skip")


class CommuneFilters(Schema):
    q: Annotated[
        str, Field(max_length=100, description="name; accents, case and hyphens do not matter")
    ] = ""
    departement: Annotated[
        str | None, Field(pattern=DEPARTEMENT_CODE, description="département code, e.g. 84")
    ] = None


@router.get(
    "/communes",
    response={200: list[CommuneOut], 404: ErrorOut},
    summary="Search communes",
    description=(
        "Communes whose name holds every word of `q` (exact names first, then names that "
        "start with it, then the most populated; by name without `q`), in the département "
        "`departement`. A département code that does not exist is a 404, as on `/places` and "
        "`/organisations`; a value that is no département code at all is a 422."
    ),
)
@paginate(CommunePagination)
def list_communes(request: HttpRequest, filters: Query[CommuneFilters]):
    if filters.departement and selectors.departement_get(code=filters.departement) is None:
        raise HttpError(404, f"Unknown département {filters.departement!r}.")
    return selectors.commune_search(query=filters.q, departement=filters.departement)


@router.get(
    "/communes/{code}",
    response={200: CommuneDetailOut, 404: ErrorOut},
    summary="A commune by its INSEE code",
)
def get_commune(request: HttpRequest, code: Annotated[str, Field(pattern=COMMUNE_CODE)]) -> Commune:
    commune = selectors.commune_get(code=code)
    if commune is None:
        raise HttpError(404, f"No commune has the INSEE code {code!r}.")
    return commune
