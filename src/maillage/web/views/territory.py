from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.territory import selectors as territory_selectors

SEARCH_RESULTS_SHOWN = 20


def commune_search(request: HttpRequest) -> HttpResponse:
    """Communes matching ?q=, as a page or, for htmx, as the results fragment."""
    query = request.GET.get("q", "").strip()[:100]
    communes = (
        territory_selectors.commune_search(query=query)[:SEARCH_RESULTS_SHOWN] if query else []
    )
    template = "partials/commune_results.html" if request.htmx else "pages/commune_search.html"
    return render(request, template, {"query": query, "communes": communes})
