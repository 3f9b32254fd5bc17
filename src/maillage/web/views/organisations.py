from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.core.cursors import CursorError
from maillage.directory import selectors as directory_selectors
from maillage.directory.models import Organisation
from maillage.members import selectors as members_selectors
from maillage.territory import selectors as territory_selectors
from maillage.web.maps import operator_map
from maillage.web.views.places import map_texts

PAGE_SIZE = 30
_LARGEST_ID = 2**63 - 1  # beyond it the database refuses the number rather than finding nothing


def organisation_list(request: HttpRequest) -> HttpResponse:
    """Organisations by name, filtered by words of the name, kind and département."""
    departements = directory_selectors.organisation_departements()
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    departement = request.GET.get("departement", "")
    if departement not in {option.code for option in departements}:
        departement = ""
    filters = {"query": query, "kinds": (kind,) if kind else (), "departement": departement}
    cursor = request.GET.get("cursor") or None
    try:
        page = directory_selectors.organisation_cards(**filters, cursor=cursor, limit=PAGE_SIZE)
    except CursorError:
        # An old or edited link: the first page is the closest thing to what was asked.
        cursor = None
        page = directory_selectors.organisation_cards(**filters, limit=PAGE_SIZE)
    kind_counts = directory_selectors.organisation_kind_counts(query=query, departement=departement)
    all_kinds = sum(count.count for count in kind_counts)
    return render(
        request,
        "pages/organisations.html",
        {
            "query": query,
            "kind": kind,
            "departement": departement,
            "kinds": Organisation.Kind.choices,
            "kind_counts": kind_counts,
            "all_kinds": all_kinds,
            "matching": (
                next((count.count for count in kind_counts if count.code == kind), 0)
                if kind
                else all_kinds
            ),
            "departements": departements,
            "page": page,
            "is_first_page": cursor is None,
            "filtered": bool(query or kind or departement),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's profile, with the places it runs and a map of them. One awaiting
    its admission as a member is shown only to the coordination and to its people."""
    organisation = directory_selectors.organisation_get(pk=pk) if pk <= _LARGEST_ID else None
    if organisation is None or not members_selectors.organisation_visible(
        organisation=organisation, user=request.user
    ):
        raise Http404
    commune = organisation.commune
    places = directory_selectors.operated_places(organisation=organisation)
    return render(
        request,
        "pages/organisation_detail.html",
        {
            "organisation": organisation,
            "departement": (
                territory_selectors.departement_get(code=commune.departement_id)
                if commune is not None
                else None
            ),
            "places": places,
            "map": operator_map(organisation.pk) if places.total else None,
            "map_texts": map_texts(),
        },
    )
