"""factory_boy factories. The territory needs none: tests read a real subset of France."""

from __future__ import annotations

import factory

from maillage.accounts.models import User
from maillage.accounts.services import user_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the application does: roles, normalised e-mail, activity log.
        return user_create(password=kwargs.pop("password", "a-long-test-password"), **kwargs)
