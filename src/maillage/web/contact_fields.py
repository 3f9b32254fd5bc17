"""The fields a person fills to be reached about a booking or a registration: a name, and
an e-mail or a phone (one of them is enough), with the autocomplete hints of WCAG 1.3.5."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

YOUR_NAME = gettext_lazy("Votre nom")


def name_field(label=YOUR_NAME) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )


def email_field() -> forms.EmailField:
    return forms.EmailField(
        label=gettext_lazy("Courriel"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def phone_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Téléphone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def require_a_contact(form: forms.Form, *, email: str, phone: str, message: str = "") -> None:
    """One of the two is enough; without either, the e-mail field says so."""
    cleaned = form.cleaned_data
    if not cleaned.get(email) and not (cleaned.get(phone) or "").strip():
        form.add_error(email, message or _("Indiquez un courriel ou un téléphone."))
