from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.nom


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="departements"
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class EpciKind(models.TextChoices):
    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METROPOLE = "ME", _("Métropole")


class CommuneKind(models.TextChoices):
    COMMUNE = "COM", _("Commune")
    ARRONDISSEMENT = "ARM", _("Arrondissement municipal")


class LocationSource(models.TextChoices):
    TOWN_HALL = "town_hall", _("Mairie")
    INSIDE_BOUNDARY = (
        "inside_boundary",
        _("Point intérieur au contour (mairie absente ou hors contour)"),
    )
    NONE = "none", _("Aucune")


class Epci(models.Model):
    Kind = EpciKind

    code = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    nom = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=2, choices=Kind.choices)

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EpciKind.values), name="territory_epci_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.nom


class Commune(models.Model):
    Kind = CommuneKind
    LocationSource = LocationSource

    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    kind = models.CharField(_("type"), max_length=3, choices=Kind.choices, default=Kind.COMMUNE)
    nom = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(
        _("nom normalisé"), max_length=100, db_index=True, editable=False
    )
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    epci = models.ForeignKey(
        Epci,
        verbose_name=_("EPCI"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("commune de rattachement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="arrondissements",
    )
    # The demand point: the town hall when it lies in the commune, else a point inside it.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_source = models.CharField(
        _("origine du point"),
        max_length=20,
        choices=LocationSource.choices,
        default=LocationSource.NONE,
    )
    centroid_latitude = models.FloatField(_("latitude du centroïde"), null=True, blank=True)
    centroid_longitude = models.FloatField(_("longitude du centroïde"), null=True, blank=True)
    boundary = models.TextField(_("contour simplifié (GeoJSON)"), blank=True)
    # Space-separated: searchable with one LIKE on both databases ("84170 84171").
    postcodes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    town_hall_address = models.CharField(_("adresse de la mairie"), max_length=250, blank=True)
    town_hall_phone = models.CharField(_("téléphone de la mairie"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["nom", "code"]
        indexes = [
            models.Index(fields=["departement", "kind"]),
            models.Index(fields=["latitude", "longitude"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="territory_commune_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="territory_commune_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="territory_commune_point_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CommuneKind.values), name="territory_commune_kind_valid"
            ),
            # An arrondissement belongs to its city; a commune belongs to nobody.
            models.CheckConstraint(
                condition=models.Q(kind=CommuneKind.ARRONDISSEMENT, parent__isnull=False)
                | models.Q(kind=CommuneKind.COMMUNE, parent__isnull=True),
                name="territory_commune_parent_iff_arrondissement",
            ),
            # "none" is the only source of a missing point, and it never comes with one.
            models.CheckConstraint(
                condition=models.Q(location_source=LocationSource.NONE, latitude__isnull=True)
                | models.Q(
                    location_source__in=[LocationSource.TOWN_HALL, LocationSource.INSIDE_BOUNDARY],
                    latitude__isnull=False,
                ),
                name="territory_commune_location_source_matches_point",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"
