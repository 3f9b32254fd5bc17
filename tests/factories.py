"""factory_boy factories. The territory needs none: tests read a real subset of France."""

from __future__ import annotations

import datetime

import factory

from maillage.accounts.models import User
from maillage.accounts.services import user_create
from maillage.directory.models import Organisation, Place, PlaceTag
from maillage.directory.services import organisation_save, place_save


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the application does: roles, normalised e-mail, activity log.
        return user_create(password=kwargs.pop("password", "a-long-test-password"), **kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association numérique {n}")
    kind = Organisation.Kind.ASSOCIATION

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the admin does: the normalised name the search reads.
        return organisation_save(organisation=model_class(*args, **kwargs))


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place saved through `place_save`, as the admin does (search text, activity log).

    `tags={"services": [...], "hub_kind": [...]}` adds PlaceTag rows in the given order.
    """

    class Meta:
        model = Place
        skip_postgeneration_save = True  # the tags hook writes rows of its own

    source = "tests"
    source_id = factory.Sequence(lambda n: f"place-{n}")
    pivot = "13002526500013"
    nom = factory.Sequence(lambda n: f"Espace numérique {n}")
    commune_id = "84080"
    commune_nom = "Monteux"
    code_postal = "84170"
    adresse = "1 place de la Mairie"
    latitude = 44.0343
    longitude = 4.9954
    date_maj = factory.LazyFunction(datetime.date.today)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return place_save(place=model_class(*args, **kwargs))

    @factory.post_generation
    def tags(place, create, extracted, **kwargs):
        if not create or not extracted:
            return
        PlaceTag.objects.bulk_create(
            PlaceTag(place=place, vocabulary=vocabulary, value=value, position=position)
            for vocabulary, values in extracted.items()
            for position, value in enumerate(values)
        )
