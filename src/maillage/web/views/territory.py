from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from maillage.territory import selectors as territory_selectors

SEARCH_RESULTS_SHOWN = 20


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
