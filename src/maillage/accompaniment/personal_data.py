"""What company accompaniment holds about an account: the accompaniments a staff member
follows as referent and the steps they recorded. The companies are organisations, not
people."""

from __future__ import annotations

from maillage.accompaniment.models import Accompaniment, Step
from maillage.core.personal_data import personal_data_section


def accompaniments_followed(user) -> dict:
    return {
        "referent_of": [
            {"company": name, "need": need, "started_on": started_on.isoformat()}
            for name, need, started_on in Accompaniment.objects.filter(referent=user)
            .order_by("started_on", "pk")
            .values_list("organisation__name", "need", "started_on")
        ],
        "steps_recorded": Step.objects.filter(author=user).count(),
    }


def accompaniments_forget(user) -> int:
    """The accompaniments and steps stay (they are the companies' history and the hub's
    figures); the person's name goes from them."""
    return Accompaniment.objects.filter(referent=user).update(referent=None) + Step.objects.filter(
        author=user
    ).update(author=None)


personal_data_section(
    name="accompaniments", export=accompaniments_followed, erase=accompaniments_forget
)
