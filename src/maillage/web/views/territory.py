from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from maillage.directory import selectors as directory_selectors
from maillage.directory.selectors import MapArea
from maillage.territory import selectors as territory_selectors
from maillage.territory.models import Commune
from maillage.web.maps import area_map
from maillage.web.views.places import map_texts

SEARCH_RESULTS_SHOWN = 20
AROUND_RADII_KM = (5.0, 10.0, 20.0)
NEAREST_SHOWN = 10
ORGANISATIONS_SHOWN = 20


@vary_on_headers("HX-Request")
def commune_search(request: HttpRequest) -> HttpResponse:
    """Communes matching ?q=, as a page or, for htmx, as the results fragment."""
    query = request.GET.get("q", "").strip()[:100]
    matches = territory_selectors.commune_search(query=query) if query else None
    context = {
        "query": query,
        "communes": list(matches[:SEARCH_RESULTS_SHOWN]) if matches is not None else [],
        "total": matches.count() if matches is not None else 0,
    }
    # htmx restoring history after a cache miss wants the whole page, not the fragment.
    wants_fragment = request.htmx and not request.htmx.history_restore_request
    template = "partials/commune_results.html" if wants_fragment else "pages/commune_search.html"
    return render(request, template, context)


def commune_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A commune or an arrondissement: who administers it, its town hall, and the places
    within 5, 10 and 20 km of its town hall."""
    commune = territory_selectors.commune_get(code=code.upper())
    if commune is None:
        raise Http404
    # An arrondissement takes its EPCI and its town hall's role from its city.
    city = (
        territory_selectors.commune_get(code=commune.parent_id)
        if commune.kind == Commune.Kind.ARRONDISSEMENT
        else commune
    )
    arrondissements = list(territory_selectors.arrondissements_of(code=commune.code))
    postcodes = commune.postcodes.split() or sorted(
        {code for arrondissement in arrondissements for code in arrondissement.postcodes.split()}
    )
    located = commune.latitude is not None
    around = (
        directory_selectors.places_around(
            latitude=commune.latitude,
            longitude=commune.longitude,
            radii_km=AROUND_RADII_KM,
            nearest=NEAREST_SHOWN,
        )
        if located
        else None
    )
    # The first view shows the 10 km around: the nearest places matter most; the map
    # still holds those up to 20 km for whoever zooms out.
    spec = (
        area_map(
            MapArea(
                latitude=commune.latitude,
                longitude=commune.longitude,
                radius_km=AROUND_RADII_KM[-1],
            ),
            view_radius_km=AROUND_RADII_KM[1],
        )
        if located
        else None
    )
    return render(
        request,
        "pages/commune.html",
        {
            "commune": commune,
            "city": city,
            "epci": city.epci if city is not None else None,
            "arrondissements": arrondissements,
            "postcodes": postcodes,
            "around": around,
            "largest_radius": AROUND_RADII_KM[-1],
            "map": spec,
            "map_texts": map_texts(),
            "places_query": _places_page_query(commune, postcodes),
            "organisations": directory_selectors.organisation_search(
                commune=commune.code, limit=ORGANISATIONS_SHOWN
            ).items,
        },
    )


def _places_page_query(commune: Commune, postcodes: list[str]) -> str | None:
    """The query string of the places page around this commune. The page finds a commune
    by name or postcode: the name when it finds this very commune (not a homonym, not an
    arrondissement, which the search leaves out), else its first postcode."""
    found = territory_selectors.commune_search(query=commune.nom).first()
    if found is not None and found.code == commune.code:
        return urlencode({"commune": commune.nom})
    return urlencode({"commune": postcodes[0]}) if postcodes else None
