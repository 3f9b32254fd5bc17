"""factory_boy factories for the models of every app."""

from __future__ import annotations

import factory

from maillage.accounts.models import User
from maillage.accounts.services import user_create
from maillage.core.text import normalise_for_search
from maillage.territory.models import Commune, Departement, Epci, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the application does: roles, normalised e-mail, activity log.
        return user_create(password=kwargs.pop("password", "a-long-test-password"), **kwargs)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n % 100:02d}")
    nom = factory.Sequence(lambda n: f"Région {n}")


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n % 100:02d}")
    nom = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:08d}")
    nom = factory.Sequence(lambda n: f"Communauté de communes {n}")
    kind = Epci.Kind.CC


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:04d}"[-5:])
    nom = factory.Sequence(lambda n: f"Commune {n}")
    search_name = factory.LazyAttribute(lambda commune: normalise_for_search(commune.nom))
    population = 1000
    departement = factory.SubFactory(DepartementFactory)
    latitude = 44.0
    longitude = 5.0
    location_source = Commune.LocationSource.TOWN_HALL
