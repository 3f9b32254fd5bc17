"""A service's refusal (`core.refusals.Refused`) shown on the form that asked for it."""

from __future__ import annotations

from django import forms

from maillage.core.refusals import Refused


def form_add_refusal(form: forms.Form, refused: Refused, *, field: str | None = None) -> None:
    """Show `refused` on its field of `form` (`field`, when the form names it otherwise), or
    above the form when the form has no such field."""
    name = refused.field if field is None else field
    form.add_error(name if name in form.fields else None, str(refused))
