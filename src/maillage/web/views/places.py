"""Places pages: `/lieux/` (search, list and map) and `/lieux/<id>/` (one place).

The search is a GET form, so every search has an address to share and bookmark. With
htmx the form swaps only the results (`partials/place_results.html`) and pushes the
address; "Voir plus de lieux" appends the next keyset page (`partials/place_page.html`).
Without JavaScript the same addresses render whole pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from maillage.booking import selectors as booking_selectors
from maillage.core.cursors import MAX_CURSOR_LENGTH, CursorError
from maillage.directory import opening, selectors
from maillage.directory.models import Place
from maillage.directory.vocabulary import ALLOWED_VALUES, HUB_KINDS, Vocabulary
from maillage.territory import selectors as territory_selectors
from maillage.territory.models import Commune

PAGE_SIZE = 20
RADII_KM = (5, 10, 20, 50)
DEFAULT_RADIUS_KM = 10
NEARBY_COUNT = 5
NEARBY_RADIUS_KM = 10
DETAIL_MAP_ZOOM = 14
# Sources that do not know when a record was updated write the epoch.
UNKNOWN_DATE = dt.date(1970, 1, 1)
MAX_ID = 2**63 - 1  # beyond, the database cannot even be asked
HUB_KIND_LABELS = dict(HUB_KINDS)

# Filters on tags: query parameter (as the API names it), vocabulary, label, the "any" choice.
TAG_FILTERS = (
    ("service", Vocabulary.SERVICES, _("Service"), _("Tous les services")),
    ("kind", Vocabulary.HUB_KIND, _("Type de lieu"), _("Tous les types")),
    ("public", Vocabulary.PUBLICS, _("Public"), _("Tous les publics")),
    (
        "accessibility",
        Vocabulary.PRISE_EN_CHARGE,
        _("Accompagnement adapté"),
        _("Aucun en particulier"),
    ),
    ("programme", Vocabulary.DISPOSITIFS, _("Dispositif national"), _("Tous les dispositifs")),
    ("label", Vocabulary.FORMATIONS_LABELS, _("Label ou formation"), _("Tous les labels")),
)
# Parameters that live in the "Plus de filtres" panel: it opens when one of them is set.
ADVANCED_PARAMETERS = ("service", "kind", "public", "accessibility", "programme", "label")
ADVANCED_PARAMETERS += ("departement", "open_at")


def _tag_choices(vocabulary: Vocabulary) -> list[tuple[str, str]]:
    if vocabulary == Vocabulary.HUB_KIND:
        return [(code, str(label)) for code, label in HUB_KINDS]
    return [(value, value) for value in ALLOWED_VALUES[vocabulary.value]]


class PlaceSearchForm(forms.Form):
    """The filters of `/lieux/`, validated with French messages; the page names the field
    of each message."""

    q = forms.CharField(label=_("Que cherchez-vous ?"), required=False, max_length=200)
    commune = forms.CharField(label=_("Près de"), required=False, max_length=100)
    radius = forms.TypedChoiceField(
        label=_("Dans un rayon de"),
        choices=[(str(radius), f"{radius} km") for radius in RADII_KM],
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS_KM,
        error_messages={"invalid_choice": _("choisissez 5, 10, 20 ou 50 km.")},
    )
    lat = forms.FloatField(
        label=_("Latitude de votre position"),
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={"invalid": _("un nombre décimal est attendu, par exemple 44.03.")},
    )
    lon = forms.FloatField(
        label=_("Longitude de votre position"),
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={"invalid": _("un nombre décimal est attendu, par exemple 4.99.")},
    )
    open_now = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    open_at = forms.DateTimeField(
        label=_("Ouvert le"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("une date et une heure sont attendues (jj/mm/aaaa hh:mm).")},
    )
    free = forms.BooleanField(label=_("Gratuit"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    cursor = forms.CharField(required=False, max_length=MAX_CURSOR_LENGTH)

    def __init__(self, *args, departements: Iterable[selectors.DepartementWithPlaces], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", gettext("Tous les départements"))] + [
            (departement.code, f"{departement.code} – {departement.nom}")
            for departement in departements
        ]
        self.fields["departement"].error_messages["invalid_choice"] = _(
            "« %(value)s » n'est pas un département où des lieux sont connus."
        )
        for name, vocabulary, label, _any in TAG_FILTERS:
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                choices=_tag_choices(vocabulary),
                required=False,
                error_messages={
                    "invalid_choice": _("« %(value)s » n'est pas une valeur possible.")
                },
            )
        self.commune_found: Commune | None = None

    def clean_commune(self) -> str:
        text = self.cleaned_data["commune"].strip()
        if not text:
            return ""
        found = territory_selectors.commune_search(query=text).first()
        if found is None:
            raise forms.ValidationError(
                _("aucune commune ne correspond à « %(text)s »."), params={"text": text}
            )
        if found.latitude is None:
            raise forms.ValidationError(
                _("la position de %(commune)s est inconnue."), params={"commune": found.nom}
            )
        self.commune_found = found
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        has_lat, has_lon = cleaned.get("lat") is not None, cleaned.get("lon") is not None
        if has_lat != has_lon and not self.has_error("lat") and not self.has_error("lon"):
            self.add_error("lat", _("latitude et longitude vont ensemble."))
        return cleaned

    def near(self) -> tuple[float, float] | None:
        """The centre of the search: the visitor's position, else the commune's town hall."""
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            return data["lat"], data["lon"]
        if self.commune_found is not None:
            return self.commune_found.latitude, self.commune_found.longitude
        return None

    def uses_position(self) -> bool:
        return self.cleaned_data.get("lat") is not None and self.near() is not None

    def open_moment(self, now: dt.datetime) -> dt.datetime | None:
        if self.cleaned_data.get("open_at") is not None:
            return self.cleaned_data["open_at"]
        return now if self.cleaned_data.get("open_now") else None

    def criteria(self, now: dt.datetime) -> selectors.PlaceCriteria:
        data = self.cleaned_data
        near = self.near()
        return selectors.PlaceCriteria(
            query=data["q"],
            services=tuple(data["service"]),
            hub_kinds=tuple(data["kind"]),
            labels=tuple(data["label"]),
            publics=tuple(data["public"]),
            programmes=tuple(data["programme"]),
            prise_en_charge=tuple(data["accessibility"]),
            free=True if data["free"] else None,
            departement=data["departement"] or None,
            near=near,
            radius_km=float(data["radius"]) if near is not None else None,
            open_at=self.open_moment(now),
        )

    def api_parameters(self, now: dt.datetime) -> list[tuple[str, str]]:
        """The same search in the API's parameters, for the map's GeoJSON."""
        data = self.cleaned_data
        parameters: list[tuple[str, str]] = []
        if data["q"]:
            parameters.append(("q", data["q"]))
        for name, *_rest in TAG_FILTERS:
            parameters += [(name, value) for value in data[name]]
        if data["free"]:
            parameters.append(("free", "true"))
        if data["departement"]:
            parameters.append(("departement", data["departement"]))
        near = self.near()
        if near is not None:
            parameters.append(("near", f"{near[0]:.6f},{near[1]:.6f}"))
            parameters.append(("radius_km", str(data["radius"])))
        if data.get("open_at") is not None:
            local = data["open_at"].astimezone(opening.PARIS)
            parameters.append(("open_at", local.strftime("%Y-%m-%dT%H:%M")))
        elif data["open_now"]:
            parameters.append(("open_now", "true"))
        return parameters

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, field label, message) of every error, in the form's order."""
        found = []
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field is not None and field.label else name
            target = f"places-{name}"
            if name in ("lat", "lon"):  # hidden fields, filled by "Autour de moi"
                label, target = gettext("Autour de moi"), "places-commune"
            for message in errors:
                found.append((target, label, message))
        return found


@dataclass(frozen=True)
class PlaceRow:
    """One result of the list, ready to show."""

    place: Place
    commune: str
    kinds: tuple[str, ...]  # labels
    services: tuple[str, ...]
    distance_km: float | None
    status: opening.Status | None
    status_words: str


def _rows(hits: Iterable[selectors.PlaceHit], now: dt.datetime) -> list[PlaceRow]:
    hits = list(hits)
    communes = selectors.place_commune_names(places=[hit.place for hit in hits])
    rows = []
    for hit in hits:
        found = opening.status(hit.place.horaires, now)
        rows.append(
            PlaceRow(
                place=hit.place,
                commune=communes.get(hit.place.pk, hit.place.commune_nom),
                kinds=tuple(
                    str(HUB_KIND_LABELS.get(code, code))
                    for code in hit.tags.get(Vocabulary.HUB_KIND.value, ())
                ),
                services=hit.tags.get(Vocabulary.SERVICES.value, ()),
                distance_km=hit.distance_km,
                status=found,
                status_words="" if found is None else opening.status_words(found, now, gettext),
            )
        )
    return rows


def map_texts() -> dict:
    """The map script's words in the visitor's language (see static/js/places-map.js)."""
    return {
        "label": gettext("Carte des lieux"),
        "approximate": gettext(
            "Position approximative : le point est celui de la mairie de la commune."
        ),
        "loading": gettext("Chargement de la carte…"),
        "failed": gettext("La carte n'a pas pu être chargée. La liste des lieux reste disponible."),
        "empty": gettext("Aucun lieu à montrer sur la carte."),
        "truncated": gettext("La carte montre les {count} premiers lieux."),
        "places": gettext("{count} lieux"),
        "zoomIn": gettext("Zoom avant"),
        "zoomOut": gettext("Zoom arrière"),
        "close": gettext("Fermer"),
        "km": gettext("{distance} km"),
        "kinds": {code: str(label) for code, label in HUB_KINDS},
    }


def _without_empty(query: QueryDict, *, drop: Iterable[str] = ()) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in query.lists()
        if name not in drop
        for value in values
        if value.strip()
    ]


@vary_on_headers("HX-Request")
def place_list(request: HttpRequest) -> HttpResponse:
    """The places matching the GET filters: a whole page, the results fragment for the
    htmx form, or the next page of items for htmx's "Voir plus de lieux"."""
    now = timezone.now()
    form = PlaceSearchForm(request.GET, departements=selectors.place_departements())
    context = {
        "form": form,
        "tag_filters": [
            (
                name,
                label,
                any_label,
                _tag_choices(vocabulary),
                request.GET.getlist(name),
                form.errors.get(name),
            )
            for name, vocabulary, label, any_label in TAG_FILTERS
        ],
        "radii": [str(radius) for radius in RADII_KM],
        "radius_value": request.GET.get("radius") or str(DEFAULT_RADIUS_KM),
        "default_radius": str(DEFAULT_RADIUS_KM),
        "open_at_value": request.GET.get("open_at", "")[:19],
        "advanced_open": any(request.GET.get(name) for name in ADVANCED_PARAMETERS),
        "map_texts": map_texts(),
        "page_size": PAGE_SIZE,
    }
    if form.is_valid():
        context.update(_search(request, form, now))
    else:
        context.update(errors=form.error_list(), rows=[], total=None)
    # htmx restoring history after a cache miss wants the whole page, not a fragment.
    fragment = request.htmx and not request.htmx.history_restore_request
    context["fragment"] = fragment
    if fragment and request.GET.get("cursor") and not context["errors"]:
        template = "partials/place_page.html"
    elif fragment:
        template = "partials/place_results.html"
    else:
        template = "pages/places.html"
    return render(request, template, context)


def _search(request: HttpRequest, form: PlaceSearchForm, now: dt.datetime) -> dict:
    criteria = form.criteria(now)
    cursor = form.cleaned_data["cursor"] or None
    try:
        page = selectors.place_search(criteria=criteria, cursor=cursor, limit=PAGE_SIZE)
    except CursorError:
        message = gettext("ce lien de page n'est plus valable : reprenez au début de la liste.")
        return {
            "errors": [("places-results", gettext("Page suivante"), message)],
            "rows": [],
            "total": None,
        }
    total = page.total if page.total is not None else selectors.place_count(criteria=criteria)
    more_url = None
    if page.next_cursor:
        query = [*_without_empty(request.GET, drop=("cursor",)), ("cursor", page.next_cursor)]
        more_url = f"{request.path}?{urlencode(query)}"
    geojson_url = reverse("api-1:places_geojson")
    api_parameters = form.api_parameters(now)
    # The truck's coming stops show as temporary places when nothing but the area is asked.
    if {name for name, _value in api_parameters} <= {"departement", "commune"}:
        api_parameters = [*api_parameters, ("tour_stops", "true")]
    geojson_url += "?" + urlencode(api_parameters)
    commune = form.commune_found if not form.uses_position() else None
    return {
        "errors": [],
        "rows": _rows(page.items, now),
        "total": total,
        "more_url": more_url,
        "continued": cursor is not None,
        "start_url": f"{request.path}?{urlencode(_without_empty(request.GET, drop=('cursor',)))}",
        "geojson_url": geojson_url,
        "near": criteria.near,
        "near_commune": commune,
        "near_position": form.uses_position(),
        "radius_km": form.cleaned_data["radius"],
        "open_at": form.cleaned_data.get("open_at"),
        "open_now": form.cleaned_data["open_now"] and form.cleaned_data.get("open_at") is None,
        "open_at_words": _moment_words(form.cleaned_data.get("open_at")),
        "filtered": bool(_without_empty(request.GET, drop=("cursor", "radius"))),
    }


def _moment_words(moment: dt.datetime | None) -> str:
    """ "lundi 30 mars à 10 h" """
    if moment is None:
        return ""
    local = opening.local(moment)
    return gettext("%(weekday)s %(date)s à %(time)s") % {
        "weekday": opening.weekday_name(local.date(), gettext),
        "date": opening.date_words(local.date(), gettext),
        "time": opening.time_words(local.time(), gettext),
    }


# One place.


@dataclass(frozen=True)
class DayRow:
    name: str  # "Lundi"
    date: str  # "30 mars"
    iso: str
    words: str
    spans: tuple[str, ...]  # each opening of the day, in words; none when closed
    is_today: bool
    is_closed: bool


def _tags(place: Place) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for tag in place.tags.all():  # prefetched in (vocabulary, position) order
        found[tag.vocabulary] = (*found.get(tag.vocabulary, ()), tag.value)
    return found


def phone_display(number: str) -> str:
    """ "+33490123456" as "04 90 12 34 56", the way French numbers are read; others as given."""
    if number.startswith("+33") and len(number) == 12 and number[3:].isdigit():
        national = "0" + number[3:]
        return " ".join(national[start : start + 2] for start in range(0, 10, 2))
    return number


def website_display(url: str) -> str:
    shown = url.split("://", 1)[-1]
    return shown[4:].rstrip("/") if shown.startswith("www.") else shown.rstrip("/")


def _organisation_url(pk: int) -> str:
    try:
        return reverse("web:organisation", args=[pk])
    except NoReverseMatch:  # the actors' pages are built alongside; their address is fixed
        return f"/acteurs/{pk}/"


def _week(place: Place, now: dt.datetime) -> list[DayRow]:
    days = opening.week(place.horaires, now) or ()
    today = opening.local(now).date()
    return [
        DayRow(
            name=opening.weekday_name(day.date, gettext).capitalize(),
            date=opening.date_words(day.date, gettext),
            iso=day.date.isoformat(),
            words=opening.day_words(day, gettext),
            spans=tuple(opening.span_words(span, gettext) for span in day.spans),
            is_today=day.date == today,
            is_closed=day.is_closed,
        )
        for day in days
    ]


def _directions_url(place: Place) -> str | None:
    if place.latitude is None:
        return None
    if place.location_exact:
        target = f"{place.latitude:.6f},{place.longitude:.6f}"
    else:  # the point is the town hall's: the address says better where to go
        target = ", ".join(
            part for part in (place.adresse, f"{place.code_postal} {place.commune_nom}") if part
        )
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": target})


def _nearby(place: Place, now: dt.datetime) -> list[PlaceRow]:
    if place.latitude is None:
        return []
    page = selectors.place_search(
        criteria=selectors.PlaceCriteria(
            near=(place.latitude, place.longitude), radius_km=NEARBY_RADIUS_KM
        ),
        limit=NEARBY_COUNT + 1,
    )
    others = [hit for hit in page.items if hit.place.pk != place.pk][:NEARBY_COUNT]
    return _rows(others, now)


def _around_url(commune: Commune | None) -> str | None:
    """The search around the commune, if its name alone finds it again (several communes
    of France share a name: the search then picks the most populated)."""
    if commune is None:
        return None
    found = territory_selectors.commune_search(query=commune.nom).first()
    if found is None or found.code != commune.code:
        return None
    query = urlencode({"commune": commune.nom, "radius": NEARBY_RADIUS_KM})
    return f"{reverse('web:places')}?{query}"


def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything a visitor needs of one place: hours, address, contacts, services…"""
    place = selectors.place_get(pk=pk) if pk <= MAX_ID else None
    if place is None:
        raise Http404(f"No place has the id {pk}.")
    now = timezone.now()
    tags = _tags(place)
    found = opening.status(place.horaires, now)
    geojson_url = None
    if place.latitude is not None:
        geojson_url = (
            reverse("api-1:places_geojson")
            + "?"
            + urlencode(
                {
                    "near": f"{place.latitude:.6f},{place.longitude:.6f}",
                    "radius_km": NEARBY_RADIUS_KM,
                }
            )
        )
    commune = place.commune
    context = {
        "place": place,
        "commune_name": commune.nom if commune is not None else place.commune_nom,
        "tags": {
            name: tags.get(vocabulary.value, ())
            for name, vocabulary in (
                ("services", Vocabulary.SERVICES),
                ("publics", Vocabulary.PUBLICS),
                ("support", Vocabulary.PRISE_EN_CHARGE),
                ("fees", Vocabulary.FRAIS),
                ("programmes", Vocabulary.DISPOSITIFS),
                ("labels", Vocabulary.FORMATIONS_LABELS),
                ("access", Vocabulary.MODALITES_ACCES),
                ("modes", Vocabulary.MODALITES_ACCOMPAGNEMENT),
                ("itinerance", Vocabulary.ITINERANCE),
            )
        },
        "kinds": [
            str(HUB_KIND_LABELS.get(code, code)) for code in tags.get(Vocabulary.HUB_KIND.value, ())
        ],
        "status": found,
        "status_words": "" if found is None else opening.status_words(found, now, gettext),
        "week": _week(place, now),
        "phone": phone_display(place.telephone) if place.telephone else "",
        "websites": [(url, website_display(url)) for url in place.site_web],
        "operator_url": _organisation_url(place.operator_id) if place.operator_id else None,
        "directions_url": _directions_url(place),
        "geojson_url": geojson_url,
        "map_zoom": DETAIL_MAP_ZOOM,
        "nearby": _nearby(place, now),
        "nearby_radius_km": NEARBY_RADIUS_KM,
        "nearby_url": _around_url(commune),
        "date_known": place.date_maj != UNKNOWN_DATE,
        "date_words": gettext("%(date)s %(year)d")
        % {"date": opening.date_words(place.date_maj, gettext), "year": place.date_maj.year},
        "no_public": "Ce lieu n'accueille pas de public"
        in tags.get(Vocabulary.MODALITES_ACCES.value, ()),
        "map_texts": map_texts(),
        "api_url": reverse("api-1:get_place", args=[place.pk]),
        "resources": [
            (resource, booking_selectors.upcoming_stops(resource=resource, now=now))
            for resource in booking_selectors.place_resources(place_id=place.pk)
        ],
    }
    return render(request, "pages/place_detail.html", context)
