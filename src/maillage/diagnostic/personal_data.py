"""What the diagnostic holds about an account: the diagnostics a mediator gave. The people
who take them stay anonymous (a commune and an age band at most)."""

from __future__ import annotations

from maillage.core.personal_data import personal_data_section
from maillage.diagnostic.models import Diagnostic


def diagnostics_given(user) -> list[dict]:
    return [
        {"date": taken_on.isoformat(), "commune": commune or ""}
        for taken_on, commune in Diagnostic.objects.filter(mediator=user)
        .order_by("taken_on", "pk")
        .values_list("taken_on", "commune__nom")
    ]


def diagnostics_forget(user) -> int:
    """The diagnostics stay (they are anonymous statistics); the mediator's name goes."""
    return Diagnostic.objects.filter(mediator=user).update(mediator=None)


personal_data_section(name="diagnostics_given", export=diagnostics_given, erase=diagnostics_forget)
