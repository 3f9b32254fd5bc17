"""Coverage page: `/territoire/couverture/`. How far each commune of an area is from the
nearest place of the chosen kinds, who lives within R km of one, and where to open new places.

The study is a GET form, so every study has an address to share and bookmark; without any
parameter the page studies Vaucluse (84) at 10 km with 5 new sites. The computation is
`maillage.coverage.study.coverage_study`; the page only validates the form in French, lays the
study out (figures, map, sites, tables) and links to the same study in the API's CSV and
GeoJSON for downloads.

The map (static/js/coverage-map.js) reads one JSON that the page embeds: the communes with
their distance class (polygons from `Commune.boundary` for départements and régions, points
for the whole of France), the existing places and the recommended sites. The tables of the
page say everything the map shows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from maillage.core.geo import haversine_km
from maillage.coverage.limits import PUBLIC
from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import (
    CommuneRow,
    CoverageRequest,
    CoverageStudy,
    TableRow,
    coverage_study,
)
from maillage.directory import selectors as directory_selectors
from maillage.directory.vocabulary import HUB_KINDS
from maillage.territory import selectors as territory_selectors

# The page is open to everybody: its studies keep within the public limits, as the API's.
RADII_KM = tuple(radius for radius in (5, 10, 15, 20, 30) if radius <= PUBLIC.max_radius_km)
DEFAULT_RADIUS_KM = 10
DEFAULT_DEPARTEMENT = "84"
DEFAULT_NEW_SITES = 5
MAX_NEW_SITES = PUBLIC.max_new_sites
# Distance to the nearest place: upper bounds of the classes (km) and their colours,
# ColorBrewer's 5-class YlOrRd (sequential, colour-blind safe, readable in grey levels).
DISTANCE_CLASSES = (
    (5, "#ffffb2"),
    (10, "#fecc5c"),
    (20, "#fd8d3c"),
    (30, "#f03b20"),
    (None, "#bd0026"),
)
NO_PLACE_COLOUR = "#8c8c8c"
# Beyond this many communes (France) the map draws points, not polygons, and the page leaves
# the table of every commune to the CSV download.
MAX_POLYGONS = 3000
MAX_COMMUNE_ROWS = 3000
MAX_PLACE_MARKERS = 20_000
KIND_LABELS = dict(HUB_KINDS)


def _area_choices() -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(code, name, région name) of the départements that have communes, and (code, name)
    of the régions that have some."""
    departements = territory_selectors.departements_with_communes()
    found = [(d.code, d.nom, d.region.nom) for d in departements]
    regions = sorted({(d.region.code, d.region.nom) for d in departements}, key=lambda r: r[1])
    return found, regions


class CoverageForm(forms.Form):
    """The study's parameters, validated with French messages naming the field."""

    zone = forms.ChoiceField(
        label=_("Territoire étudié"),
        choices=[
            ("departements", _("Un ou plusieurs départements")),
            ("region", _("Une région")),
            ("france", _("Toute la France")),
        ],
        error_messages={
            "invalid_choice": _("choisissez des départements, une région ou la France.")
        },
    )
    departements = forms.MultipleChoiceField(
        label=_("Départements"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "« %(value)s » n'est pas un département dont les communes sont connues."
            )
        },
    )
    region = forms.ChoiceField(
        label=_("Région"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "« %(value)s » n'est pas une région dont les communes sont connues."
            )
        },
    )
    kinds = forms.MultipleChoiceField(
        label=_("Types de lieux"),
        required=False,
        choices=[(code, label) for code, label in HUB_KINDS],
        error_messages={"invalid_choice": _("« %(value)s » n'est pas un type de lieu.")},
    )
    radius_km = forms.TypedChoiceField(
        label=_("Distance maximale"),
        choices=[(str(radius), f"{radius} km") for radius in RADII_KM],
        coerce=int,
        error_messages={
            "invalid_choice": _("choisissez 5, 10, 15, 20 ou 30 km."),
            "required": _("choisissez 5, 10, 15, 20 ou 30 km."),
        },
    )
    cover_all = forms.ChoiceField(
        label=_("Couvrir tout le monde"),
        choices=[("0", _("Non")), ("1", _("Oui"))],
        error_messages={"invalid_choice": _("cochez la case, ou laissez-la vide.")},
    )
    new_sites = forms.IntegerField(
        label=_("Nombre de nouveaux sites"),
        min_value=0,
        max_value=MAX_NEW_SITES,
        required=False,
    )
    candidates = forms.ChoiceField(
        label=_("Où ouvrir les nouveaux sites"),
        choices=[
            ("town-halls", _("Dans les mairies des communes")),
            ("places", _("Dans des lieux existants d'autres types")),
        ],
        error_messages={"invalid_choice": _("choisissez les mairies ou les lieux existants.")},
    )

    def __init__(
        self,
        *args,
        departements: list[tuple[str, str, str]],
        regions: list[tuple[str, str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["departements"].choices = [
            (code, f"{code} – {nom}") for code, nom, _region in departements
        ]
        self.fields["region"].choices = [("", gettext("Choisir une région")), *regions]
        whole = gettext("un nombre entier est attendu, de 0 à %(max)d.") % {"max": MAX_NEW_SITES}
        self.fields["new_sites"].error_messages.update(
            invalid=whole,
            min_value=whole,
            max_value=gettext("%(max)d nouveaux sites au plus.") % {"max": MAX_NEW_SITES},
        )
        # Groups of boxes are reached, from the error summary, through their first box.
        self.first_departement = departements[0][0] if departements else ""

    def clean(self) -> dict:
        cleaned = super().clean()
        zone = cleaned.get("zone")
        if (
            zone == "departements"
            and not self.has_error("departements")
            and not cleaned.get("departements")
        ):
            self.add_error("departements", _("cochez au moins un département."))
        if zone == "region" and not self.has_error("region") and not cleaned.get("region"):
            self.add_error("region", _("choisissez une région."))
        if (
            zone == "departements"
            and len(cleaned.get("departements") or ()) > PUBLIC.max_departements
        ):
            self.add_error("departements", _too_many_departements())
        if cleaned.get("new_sites") is None and not self.has_error("new_sites"):
            cleaned["new_sites"] = 0
        return cleaned

    def study_request(self) -> CoverageRequest:
        data = self.cleaned_data
        cover_all = data["cover_all"] == "1"
        new_sites = 0 if cover_all else data["new_sites"]
        # Where new sites could open does not matter when none is asked for.
        candidates = data["candidates"] if cover_all or new_sites else "town-halls"
        return CoverageRequest(
            radius_km=float(data["radius_km"]),
            departements=tuple(data["departements"]) if data["zone"] == "departements" else (),
            region=data["region"] if data["zone"] == "region" else None,
            france=data["zone"] == "france",
            kinds=tuple(data["kinds"]),
            new_sites=new_sites,
            cover_all=cover_all,
            candidates=candidates,
        )

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, field label, message) of every error, in the form's order."""
        return [
            (self.field_id(name), str(field.label), message)
            for name, field in self.fields.items()
            for message in self.errors.get(name, ())
        ]

    def field_id(self, name: str) -> str:
        """The id of the field's control; of its first box for groups of boxes."""
        first = {
            "zone": "coverage-zone-departements",
            "departements": f"coverage-departements-{self.first_departement}",
            "kinds": f"coverage-kinds-{HUB_KINDS[0][0]}",
            "candidates": "coverage-candidates-town-halls",
        }
        return first.get(name, f"coverage-{name}")


def _form_data(query: QueryDict, *, default_departement: str) -> QueryDict:
    """The query with the defaults of what it does not say: the page's first visit studies
    Vaucluse at 10 km with 5 new sites. A submitted form always says its zone, so a
    département list left empty there is an error, not the default. Comma-separated codes
    (the API's way: `departements=84,13`) are accepted too."""
    data = query.copy()
    for name in ("departements", "kinds"):
        if name in data:
            data.setlist(
                name,
                [
                    part.strip()
                    for value in data.getlist(name)
                    for part in value.split(",")
                    if part.strip()
                ],
            )
    if "zone" not in data:
        if data.get("region"):
            data["zone"] = "region"
        elif data.get("france", "").lower() in ("1", "true", "on"):
            data["zone"] = "france"
        else:
            data["zone"] = "departements"
            if not data.getlist("departements") and default_departement:
                data.setlist("departements", [default_departement])
    if "cover_all" in data and data["cover_all"].lower() in ("true", "on"):
        data["cover_all"] = "1"
    elif "cover_all" in data and data["cover_all"].lower() in ("false", ""):
        data["cover_all"] = "0"
    defaults = {
        "radius_km": str(DEFAULT_RADIUS_KM),
        "cover_all": "0",
        "new_sites": str(DEFAULT_NEW_SITES),
        "candidates": "town-halls",
    }
    for name, value in defaults.items():
        if name not in data:
            data[name] = value
    return data


def _too_many_departements() -> str:
    return gettext(
        "%(max)d départements au plus : pour davantage, choisissez une région ou toute la France."
    ) % {"max": PUBLIC.max_departements}


def _study_error(error: CoverageInputError, form: CoverageForm) -> tuple[str, str]:
    """The form field and the French message of an error of the study."""
    zone = form.cleaned_data.get("zone")
    rule = error.rule
    if error.parameter in ("new_sites", "cover_all") and rule.startswith("new sites are"):
        return error.parameter, gettext(
            "les nouveaux sites se calculent ici sur %(max)s communes habitées au plus (une "
            "région) : choisissez une région ou moins de départements, ou demandez 0 nouveau "
            "site."
        ) % {"max": number_format(PUBLIC.max_communes_for_sites, force_grouping=True)}
    if error.parameter == "departements" and rule.startswith("at most"):
        return "departements", _too_many_departements()
    if error.parameter == "area":
        field = {"departements": "departements", "region": "region"}.get(zone, "zone")
        return field, gettext("aucune commune habitée et localisée dans ce territoire.")
    if error.parameter == "region":
        return "region", gettext("cette région est inconnue.")
    if error.parameter == "departements":
        return "departements", gettext("un de ces départements est inconnu.")
    if error.parameter == "radius_km":
        return "radius_km", gettext("choisissez 5, 10, 15, 20 ou 30 km.")
    if error.parameter == "kinds":
        if rule.startswith("no located place"):
            return "kinds", gettext(
                "aucun lieu localisé de ces types dans ce territoire ni à proximité : choisissez "
                "d'autres types, ou demandez de nouveaux sites."
            )
        return "kinds", gettext("un de ces types de lieux est inconnu.")
    if error.parameter == "candidates":
        return "candidates", gettext(
            "aucun lieu d'un autre type dans ce territoire ne peut accueillir un nouveau site : "
            "choisissez les mairies des communes."
        )
    if error.parameter == "new_sites":
        found = re.search(r"\((\d+)\)", rule)
        if found:
            count = int(found.group(1))
            return "new_sites", ngettext(
                "il n'y a qu'un emplacement possible pour un nouveau site dans ce territoire : "
                "demandez-en %(count)d au plus.",
                "il n'y a que %(count)d emplacements possibles pour de nouveaux sites dans ce "
                "territoire : demandez-en %(count)d au plus.",
                count,
            ) % {"count": count}
        return "new_sites", gettext("ce nombre de nouveaux sites n'est pas possible ici.")
    return "zone", gettext("l'étude n'a pas pu être faite avec ces paramètres.")


def coverage_page(request: HttpRequest) -> HttpResponse:
    """The form, and the study it asks for: figures, map, new sites, tables, downloads."""
    departements, regions = _area_choices()
    codes = [code for code, _nom, _region in departements]
    default = DEFAULT_DEPARTEMENT if DEFAULT_DEPARTEMENT in codes else (codes or [""])[0]
    form = CoverageForm(
        _form_data(request.GET, default_departement=default),
        departements=departements,
        regions=regions,
    )
    context: dict = {
        "form": form,
        "departement_groups": _departement_groups(departements),
        "regions": regions,
        "kinds": [(code, str(label)) for code, label in HUB_KINDS],
        "radii": [str(radius) for radius in RADII_KM],
        "max_new_sites": MAX_NEW_SITES,
        "value": _values(form),
        "study": None,
        "errors": [],
    }
    if form.is_valid():
        try:
            study = coverage_study(form.study_request(), limits=PUBLIC)
        except CoverageInputError as error:
            field, message = _study_error(error, form)
            form.add_error(field, message)
        else:
            context.update(_results(study, form))
    context["errors"] = form.error_list()
    context["field_errors"] = {name: errors[0] for name, errors in form.errors.items()}
    return render(request, "pages/coverage.html", context)


def _values(form: CoverageForm) -> dict:
    """What the fields show: the visitor's input, valid or not."""
    data = form.data
    return {
        "zone": data.get("zone", "departements"),
        "departements": data.getlist("departements"),
        "region": data.get("region", ""),
        "kinds": data.getlist("kinds"),
        "radius_km": data.get("radius_km", str(DEFAULT_RADIUS_KM)),
        "cover_all": data.get("cover_all", "0"),
        "new_sites": data.get("new_sites", str(DEFAULT_NEW_SITES)),
        "candidates": data.get("candidates", "town-halls"),
    }


def _departement_groups(
    departements: list[tuple[str, str, str]],
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The départements under their région's name, in the order of the régions' names."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, nom, region in departements:
        groups.setdefault(region, []).append((code, nom))
    return list(groups.items())


# The study laid out.


@dataclass(frozen=True)
class DistanceClass:
    index: int
    label: str
    colour: str
    communes: int
    population: int


@dataclass(frozen=True)
class SiteRow:
    rank: int
    name: str
    url: str
    added_population: int
    added_communes: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class KindRow:
    label: str
    chosen: bool
    counts: tuple[int, ...]  # by département, in the order of the columns
    total: int


@dataclass(frozen=True)
class AreaRow:
    label: str
    population: int
    population_covered: int
    pct_covered: float
    pct_covered_after: float | None
    communes: int


def _class_of(nearest_km: float | None) -> int:
    if nearest_km is None:
        return len(DISTANCE_CLASSES)
    for index, (upper, _colour) in enumerate(DISTANCE_CLASSES):
        if upper is None or nearest_km <= upper:
            return index
    return len(DISTANCE_CLASSES) - 1  # pragma: no cover - the last class has no bound


def _class_labels() -> list[str]:
    labels = []
    lower = None
    for upper, _colour in DISTANCE_CLASSES:
        if lower is None:
            labels.append(gettext("%(km)d km ou moins") % {"km": upper})
        elif upper is None:
            labels.append(gettext("plus de %(km)d km") % {"km": lower})
        else:
            labels.append(gettext("de %(low)d à %(high)d km") % {"low": lower, "high": upper})
        lower = upper
    return labels


def _distance_classes(communes: list[CommuneRow]) -> list[DistanceClass]:
    counts = [[0, 0] for _ in range(len(DISTANCE_CLASSES) + 1)]
    for row in communes:
        entry = counts[_class_of(row.nearest_km)]
        entry[0] += 1
        entry[1] += row.population
    labels = [*_class_labels(), gettext("aucun lieu de ces types")]
    colours = [colour for _upper, colour in DISTANCE_CLASSES] + [NO_PLACE_COLOUR]
    return [
        DistanceClass(index, labels[index], colours[index], *counts[index])
        for index in range(len(labels))
        if index < len(DISTANCE_CLASSES) or counts[index][0]
    ]


def _commune_url(code: str) -> str:
    return reverse("web:commune", args=[code])


def _site_rows(study: CoverageStudy) -> list[SiteRow]:
    on_places = study.request.candidates == "places"
    return [
        SiteRow(
            rank=site.rank,
            name=site.nom,
            url=reverse("web:place", args=[int(site.code)])
            if on_places
            else _commune_url(site.code),
            added_population=site.added_population,
            added_communes=site.added_communes,
            latitude=site.latitude,
            longitude=site.longitude,
        )
        for site in study.recommended_sites
    ]


def _covered_after(
    communes: Iterable[CommuneRow], key: Callable[[CommuneRow], str]
) -> dict[str, int]:
    """Population covered once the new sites are open, by area."""
    found: dict[str, int] = {}
    for row in communes:
        if row.covered or row.new_site is not None:
            found[key(row)] = found.get(key(row), 0) + row.population
    return found


def _area_rows(
    study: CoverageStudy, rows: list[TableRow], key: Callable[[CommuneRow], str]
) -> list[AreaRow]:
    """The study's table by area, with the share covered after the new sites."""
    after = _covered_after(study.communes, key) if study.recommended_sites else None
    return [
        AreaRow(
            label=row.label,
            population=int(row.values["population"]),
            population_covered=int(row.values["population_covered"]),
            pct_covered=row.values["pct_covered"],
            pct_covered_after=None
            if after is None
            else round(100 * after.get(row.key, 0) / row.values["population"], 1)
            if row.values["population"]
            else 0.0,
            communes=int(row.values["communes"]),
        )
        for row in rows
    ]


def _bound(study: CoverageStudy) -> dict:
    """What the optimality bound proves, in words the page shows."""
    if study.status is None:
        return {}
    sites = len(study.recommended_sites)
    if study.request.cover_all:
        lower = study.lower_bound or 0
        proven_pct = 100.0 if not sites else 100 * lower / sites
        return {
            "optimal": sites == lower,
            "proven_pct": proven_pct,
            "lower_bound": lower,
            "sites": sites,
        }
    gap = study.gap_pct or 0.0
    return {
        "optimal": study.status == "optimal" or gap <= 0,
        "proven_pct": max(0.0, 100.0 - gap),
        "upper_bound": math.floor(study.upper_bound or 0),
        "sites": sites,
    }


def _api_query(form: CoverageForm, file_format: str) -> str:
    """The same study in the API's parameters."""
    request = form.study_request()
    parameters: list[tuple[str, str]] = []
    if request.france:
        parameters.append(("france", "true"))
    elif request.region:
        parameters.append(("region", request.region))
    else:
        parameters.append(("departements", ",".join(request.departements)))
    if request.kinds:
        parameters.append(("kinds", ",".join(request.kinds)))
    parameters.append(("radius_km", f"{request.radius_km:g}"))
    if request.cover_all:
        parameters.append(("cover_all", "true"))
    else:
        parameters.append(("new_sites", str(request.new_sites)))
    parameters.append(("candidates", request.candidates))
    parameters.append(("format", file_format))
    return f"{reverse('api-1:coverage')}?{urlencode(parameters)}"


def _place_markers(study: CoverageStudy) -> list[list]:
    """The places of the chosen kinds the study counted: those in or within R km of the
    area's box (places just outside serve its border)."""
    kinds = study.request.kinds
    if study.request.france:
        criteria = directory_selectors.PlaceCriteria(hub_kinds=kinds)
        points = directory_selectors.place_points(criteria=criteria, limit=MAX_PLACE_MARKERS).points
    else:
        lats = [row.latitude for row in study.communes]
        lons = [row.longitude for row in study.communes]
        radius = study.request.radius_km
        margin_lat = radius / 111.0
        margin_lon = radius / (111.0 * max(0.1, math.cos(math.radians(max(map(abs, lats))))))
        south, north = min(lats) - margin_lat, max(lats) + margin_lat
        west, east = min(lons) - margin_lon, max(lons) + margin_lon
        centre = ((south + north) / 2, (west + east) / 2)
        corners = [(south, west), (south, east), (north, west), (north, east)]
        reach = max(float(haversine_km(*centre, *corner)) for corner in corners) + 1.0
        criteria = directory_selectors.PlaceCriteria(hub_kinds=kinds, near=centre, radius_km=reach)
        points = [
            point
            for point in directory_selectors.place_points(
                criteria=criteria, limit=MAX_PLACE_MARKERS
            ).points
            if south <= point.latitude <= north and west <= point.longitude <= east
        ]
    return [
        [
            round(point.latitude, 5),
            round(point.longitude, 5),
            point.nom,
            point.id,
            ", ".join(str(KIND_LABELS.get(code, code)) for code in point.hub_kinds),
        ]
        for point in points
    ]


def _boundaries(study: CoverageStudy) -> dict[str, dict] | None:
    """Commune code → its simplified boundary (GeoJSON geometry); None beyond MAX_POLYGONS."""
    if len(study.communes) > MAX_POLYGONS:
        return None
    departements = sorted({row.departement for row in study.communes})
    found = {
        code: json.loads(boundary)
        for code, boundary in territory_selectors.commune_boundaries(
            departements=departements
        ).items()
    }
    return found


def _map_data(study: CoverageStudy, sites: list[SiteRow]) -> dict:
    """What static/js/coverage-map.js draws (its contract is at the top of the script)."""
    boundaries = _boundaries(study)
    communes = [
        [
            row.code,
            row.nom,
            row.population,
            row.nearest_km,
            _class_of(row.nearest_km),
            0 if row.covered else 1,
            row.new_site or 0,
            round(row.latitude, 5),
            round(row.longitude, 5),
            None if boundaries is None else boundaries.get(row.code),
        ]
        for row in study.communes
    ]
    radius = f"{study.request.radius_km:g}"
    return {
        "mode": "points" if boundaries is None else "polygons",
        "radius_km": study.request.radius_km,
        "colours": [colour for _upper, colour in DISTANCE_CLASSES] + [NO_PLACE_COLOUR],
        "labels": [*_class_labels(), gettext("aucun lieu de ces types")],
        "communes": communes,
        "places": _place_markers(study),
        "sites": [
            {
                "rank": site.rank,
                "name": site.name,
                "url": site.url,
                "lat": round(site.latitude, 5),
                "lon": round(site.longitude, 5),
                "population": site.added_population,
                "communes": site.added_communes,
            }
            for site in sites
        ],
        "texts": {
            "site": gettext("Nouveau site n° {rank} : {name}"),
            "siteAdds": gettext(
                "Ajoute {population} habitants et {communes} communes à moins de {radius} km "
                "d'un lieu."
            ).replace("{radius}", radius),
            "siteAddsOne": gettext(
                "Ajoute {population} habitants et 1 commune à moins de {radius} km d'un lieu."
            ).replace("{radius}", radius),
            "commune": gettext("{population} habitants"),
            "nearest": gettext("Lieu le plus proche à {distance} km"),
            "noPlace": gettext("Aucun lieu de ces types"),
            "white": gettext("Zone blanche : aucun lieu à moins de {radius} km").replace(
                "{radius}", radius
            ),
            "coveredBySite": gettext("Couverte par le nouveau site n° {rank}"),
            "place": gettext("Lieu existant"),
            "zoomIn": gettext("Zoom avant"),
            "zoomOut": gettext("Zoom arrière"),
            "close": gettext("Fermer"),
            "failed": gettext(
                "La carte n'a pas pu être dessinée. La légende et les tableaux ci-dessous "
                "donnent les mêmes informations."
            ),
        },
    }


def _results(study: CoverageStudy, form: CoverageForm) -> dict:
    sites = _site_rows(study)
    classes = _distance_classes(study.communes)
    names = {row.code: row.nom for row in study.communes}
    columns = (
        [code for code in study.places_by_kind[0].values if code != "total"]
        if (study.places_by_kind)
        else []
    )
    departement_names = territory_selectors.departement_names(codes=columns)
    white_zones = sorted(study.white_zones, key=lambda row: (-row.population, row.nom))
    white_population = sum(row.population for row in study.white_zones)
    return {
        "study": study,
        "radius": f"{study.request.radius_km:g}",
        "sites": sites,
        "bound": _bound(study),
        "classes": classes,
        "white_zones": white_zones,
        "white_population": white_population,
        "white_pct": round(100 * white_population / study.population_total, 1)
        if study.population_total
        else 0.0,
        "communes": sorted(study.communes, key=lambda row: row.nom)
        if len(study.communes) <= MAX_COMMUNE_ROWS
        else None,
        "several_departements": len({row.departement for row in study.communes}) > 1,
        "unreachable": [names.get(code, code) for code in study.unreachable],
        "kind_labels": [str(KIND_LABELS[code]) for code in study.request.kinds],
        "places_by_kind": [
            KindRow(
                label=row.label,
                chosen=row.key in study.request.kinds,
                counts=tuple(int(row.values[code]) for code in columns),
                total=int(row.values["total"]),
            )
            for row in study.places_by_kind
        ],
        "dep_columns": [(code, departement_names.get(code, code)) for code in columns],
        "by_departement": _area_rows(study, study.by_departement, lambda row: row.departement),
        "by_epci": _area_rows(study, study.by_epci, lambda row: row.epci or ""),
        "gain_population": None
        if study.population_covered_after is None
        else study.population_covered_after - study.population_covered,
        "csv_url": _api_query(form, "csv"),
        "geojson_url": _api_query(form, "geojson"),
        "json_url": _api_query(form, "json"),
        "map_data": _map_data(study, sites),
    }
