from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.directory import selectors as directory_selectors
from maillage.territory import selectors as territory_selectors
from maillage.web.maps import area_map
from maillage.web.views.places import map_texts


def home(request: HttpRequest) -> HttpResponse:
    """The hub: who runs it, its key figures, a map of its area and the place search."""
    hub = directory_selectors.hub_organisation()
    area = directory_selectors.operator_area(organisation=hub) if hub is not None else None
    return render(
        request,
        "pages/home.html",
        {
            "hub": hub,
            "hub_figures": (
                directory_selectors.place_figures(operator_id=hub.pk) if hub is not None else None
            ),
            "figures": directory_selectors.place_figures(),
            "organisation_count": directory_selectors.organisation_count(),
            "area": area,
            # Without a hub, the map holds every place: no area to prefer.
            "map": area_map(area),
            "map_texts": map_texts(),
            "totals": territory_selectors.territory_totals(),
        },
    )
