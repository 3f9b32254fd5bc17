from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.territory import selectors as territory_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/home.html",
        {
            "totals": territory_selectors.territory_totals(),
            "regions": territory_selectors.region_list_with_totals(),
        },
    )
