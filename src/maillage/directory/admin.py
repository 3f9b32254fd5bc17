"""Admin of the directory: places and organisations grouped as the standard groups its fields,
their multi-valued fields offered from their vocabularies, and a preview of their point on a
map (Leaflet from `make assets`, OpenStreetMap tiles) that follows the coordinate inputs."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.admin import ObjectRuleAdmin
from maillage.core.permissions import runs_the_hub
from maillage.directory import services
from maillage.directory.models import Organisation, Place, PlaceTag
from maillage.directory.vocabulary import ALLOWED_VALUES, HUB_KINDS, Vocabulary

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"
# Only the change form draws a map: the list pages do not load Leaflet.
MAP_PREVIEW_MEDIA = forms.Media(
    css={"all": ("vendor/leaflet/leaflet.css", "directory/admin_map_preview.css")},
    js=("vendor/leaflet/leaflet.js", "directory/admin_map_preview.js"),
)
MAP_PREVIEW_ID = "directory-map-preview"


def _coordinate(value: float) -> str:
    """A coordinate with a dot and at most six decimals (about 10 cm), never in exponent form."""
    return format(value, ".6f").rstrip("0").rstrip(".")


def _value_label(vocabulary: str, value: str) -> str:
    # The standard's values are their own French labels; the hub kinds are codes.
    if vocabulary == Vocabulary.HUB_KIND:
        return dict(HUB_KINDS)[value]
    return value


def map_preview_html(
    *,
    latitude: float | None,
    longitude: float | None,
    approximate: bool = False,
    exact_input_id: str = "",
) -> SafeString:
    """The preview of a point: a status line, and a `role="img"` map labelled with the
    coordinates that `directory/admin_map_preview.js` draws and moves when the latitude and
    longitude inputs (and the "exact position" box, if any) change."""
    located = latitude is not None and longitude is not None
    if not located:
        status = gettext("Pas de coordonnées")
    elif approximate:
        status = gettext("Position approximative : mairie de la commune")
    else:
        status = ""
    label_template = gettext(
        "Carte de la position : latitude %(latitude)s, longitude %(longitude)s"
    )
    lat = _coordinate(latitude) if located else ""
    lon = _coordinate(longitude) if located else ""
    return format_html(
        '<div class="directory-map-preview">'
        '<p class="directory-map-preview__status" id="{id}-status" aria-live="polite">{status}</p>'
        '<div class="directory-map-preview__frame"{hidden}>'
        '<div class="directory-map-preview__map" id="{id}" data-map-preview role="img"'
        ' aria-label="{label}" aria-describedby="{id}-status" data-lat="{lat}" data-lon="{lon}"'
        ' data-approximate="{approximate}" data-latitude-input="id_latitude"'
        ' data-longitude-input="id_longitude" data-exact-input="{exact_input}"'
        ' data-tiles="{tiles}" data-label="{label_template}" data-text-empty="{text_empty}"'
        ' data-text-approximate="{text_approximate}"></div>'
        '<p class="directory-map-preview__attribution">{map_data} '
        '<a href="{copyright}">{contributors}</a></p>'
        "</div></div>",
        id=MAP_PREVIEW_ID,
        status=status,
        hidden="" if located else " hidden",
        label=label_template % {"latitude": lat, "longitude": lon} if located else status,
        lat=lat,
        lon=lon,
        approximate="true" if approximate else "false",
        exact_input=exact_input_id,
        tiles=OSM_TILE_URL,
        label_template=label_template % {"latitude": "{latitude}", "longitude": "{longitude}"},
        text_empty=gettext("Pas de coordonnées"),
        text_approximate=gettext("Position approximative : mairie de la commune"),
        map_data=gettext("Fond de carte :"),
        copyright=OSM_COPYRIGHT_URL,
        contributors=gettext("© les contributeurs d’OpenStreetMap"),
    )


class MapPreviewAdmin(ObjectRuleAdmin):
    """An admin whose model has `latitude` and `longitude`: `map_preview` is a read-only field
    to put in the fieldsets, and the change form loads the map's script."""

    exact_input_id = ""
    # The standard's URLs are http(s); a scheme-less entry is read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def is_approximate(self, obj) -> bool:
        return False

    @admin.display(description=_("aperçu sur la carte"))
    def map_preview(self, obj) -> SafeString:
        return map_preview_html(
            latitude=obj.latitude,
            longitude=obj.longitude,
            approximate=self.is_approximate(obj),
            exact_input_id=self.exact_input_id,
        )

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = context["media"] + MAP_PREVIEW_MEDIA
        return super().render_change_form(request, context, *args, **kwargs)


class PointFilter(admin.SimpleListFilter):
    title = _("coordonnées")
    parameter_name = "coordonnees"

    def lookups(self, request, model_admin):
        return [("oui", _("Avec coordonnées")), ("non", _("Sans coordonnées"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "oui":
            return queryset.filter(latitude__isnull=False)
        if self.value() == "non":
            return queryset.filter(latitude__isnull=True)
        return queryset


class PlaceTagFilter(admin.SimpleListFilter):
    """Places having one value of one vocabulary; subclasses name the vocabulary."""

    vocabulary: Vocabulary

    def lookups(self, request, model_admin):
        return [
            (value, _value_label(self.vocabulary, value))
            for value in ALLOWED_VALUES[self.vocabulary]
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        # One filter() call: one join, and (place, vocabulary, value) is unique, so no duplicates.
        return queryset.filter(tags__vocabulary=self.vocabulary, tags__value=self.value())


class ServiceFilter(PlaceTagFilter):
    title = Vocabulary.SERVICES.label
    parameter_name = "service"
    vocabulary = Vocabulary.SERVICES


class HubKindFilter(PlaceTagFilter):
    title = Vocabulary.HUB_KIND.label
    parameter_name = "type_pole"
    vocabulary = Vocabulary.HUB_KIND


def _tag_value_choices() -> list:
    choices: list = [("", "---------")]
    for vocabulary in Vocabulary:
        values = ALLOWED_VALUES[vocabulary.value]
        choices.append(
            (vocabulary.label, [(value, _value_label(vocabulary, value)) for value in values])
        )
    return choices


class PlaceTagForm(forms.ModelForm):
    value = forms.ChoiceField(label=_("valeur"), choices=_tag_value_choices)

    class Meta:
        model = PlaceTag
        fields = ("vocabulary", "value", "position")

    def clean(self):
        cleaned = super().clean()
        vocabulary, value = cleaned.get("vocabulary"), cleaned.get("value")
        if vocabulary and value and value not in ALLOWED_VALUES.get(vocabulary, ()):
            self.add_error(
                "value",
                ValidationError(
                    _("« %(value)s » n'est pas une valeur du champ « %(vocabulary)s »."),
                    code="value_not_in_vocabulary",
                    params={"value": value, "vocabulary": Vocabulary(vocabulary).label},
                ),
            )
        return cleaned


class PlaceTagInline(admin.TabularInline):
    model = PlaceTag
    form = PlaceTagForm
    extra = 1
    fields = ("vocabulary", "value", "position")
    verbose_name_plural = _("services, publics, modalités, labels et types du lieu")


@admin.register(Place)
class PlaceAdmin(MapPreviewAdmin):
    def save_model(self, request, obj, form, change):
        services.place_save(place=obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        managers = form.cleaned_data.get("managers")
        form.cleaned_data.pop("managers", None)  # set through the service, which logs it
        super().save_related(request, form, formsets, change)
        if managers is not None and "managers" in form.fields:
            services.place_managers_set(place=form.instance, managers=managers, actor=request.user)

    def get_queryset(self, request):
        # A place manager's list holds the places they manage; the hub's coordination all.
        places = super().get_queryset(request)
        if runs_the_hub(request.user) or request.user.is_superuser:
            return places
        return places.filter(managers=request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Only the hub's coordination says who manages a place.
        return fields if runs_the_hub(request.user) else (*fields, "managers")

    list_display = ("nom", "commune", "source", "date_maj", "location_exact")
    list_filter = (
        "source",
        "location_exact",
        PointFilter,
        ServiceFilter,
        HubKindFilter,
        "commune__departement",
    )
    search_fields = ("nom", "source_id", "commune_nom", "search_text")
    list_select_related = ("commune",)
    autocomplete_fields = ("commune", "operator", "managers")
    readonly_fields = ("map_preview", "search_text", "created_at", "updated_at")
    inlines = [PlaceTagInline]
    show_full_result_count = False
    exact_input_id = "id_location_exact"
    # The standard's fields, grouped; its multi-valued fields are the inline's rows.
    fieldsets = (
        (
            _("Identité"),
            {
                "fields": (
                    "nom",
                    "pivot",
                    "structure_parente",
                    "operator",
                    "typologie",
                    ("source", "source_id"),
                    "date_maj",
                )
            },
        ),
        (
            _("Adresse et position"),
            {
                "fields": (
                    "adresse",
                    "complement_adresse",
                    ("code_postal", "commune_nom"),
                    "code_insee",
                    "commune",
                    ("latitude", "longitude"),
                    "location_exact",
                    "map_preview",
                )
            },
        ),
        (_("Contact"), {"fields": ("telephone", "courriels", "site_web")}),
        (_("Description"), {"fields": ("presentation_resume", "presentation_detail")}),
        (
            _("Accès et accompagnement"),
            {
                "fields": (
                    "horaires",
                    "prise_rdv",
                    "fiche_acces_libre",
                    "autres_formations_labels",
                ),
                "description": _(
                    "Services, publics, frais, modalités d'accès et d'accompagnement, "
                    "dispositifs et labels : valeurs du lieu, plus bas."
                ),
            },
        ),
        (_("Gestion"), {"fields": ("managers",)}),
        (
            _("Enregistrement"),
            {
                "fields": ("is_demo", "search_text", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )

    def is_approximate(self, obj) -> bool:
        return not obj.location_exact


@admin.register(Organisation)
class OrganisationAdmin(MapPreviewAdmin):
    def save_model(self, request, obj, form, change):
        services.organisation_save(organisation=obj, actor=request.user)

    list_display = ("name", "kind", "legal_form", "commune")
    list_filter = ("kind", "legal_form", "size", "listed", PointFilter, "commune__departement")
    search_fields = ("name", "siret", "rna")
    list_select_related = ("commune",)
    autocomplete_fields = ("commune",)
    readonly_fields = ("map_preview", "created_at", "updated_at")
    fieldsets = (
        (_("Identité"), {"fields": ("name", "kind", "legal_form", "size", ("siret", "rna"))}),
        (
            _("Adresse et position"),
            {"fields": ("address", "commune", ("latitude", "longitude"), "map_preview")},
        ),
        (_("Contact"), {"fields": ("email", "telephone", "website")}),
        (_("Description"), {"fields": ("description", "sectors", "skills")}),
        (
            _("Enregistrement"),
            {
                "fields": ("listed", "is_hub", "is_demo", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )
