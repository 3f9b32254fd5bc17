"""A person's own space: their data, its download and its erasure, their API keys."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from maillage.accounts.models import ApiToken
from maillage.accounts.personal_data import PersonalDataRefused, export_summary
from maillage.accounts.services import person_data_export, person_erase
from maillage.accounts.tokens import api_token_create, api_token_revoke
from maillage.core.permissions import Role

# What a person types to confirm the erasure: a deliberate act, not a slip of the finger.
CONFIRMATION_WORD = "EFFACER"


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nom de la clé"),
        max_length=100,
        help_text=gettext_lazy(
            "Pour la reconnaître : « Téléphone », « Script de la médiathèque »…"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class EraseForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=gettext_lazy("Tapez EFFACER pour confirmer"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password

    def clean_confirmation(self) -> str:
        confirmation = self.cleaned_data["confirmation"].strip()
        if confirmation != CONFIRMATION_WORD:
            raise forms.ValidationError(
                _("Tapez exactement EFFACER, en capitales, pour confirmer l'effacement.")
            )
        return confirmation


def _roles(user) -> list[str]:
    names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        names = set(Role.values)
    return [str(role.label) for role in Role if role.value in names]


def _account_page(request: HttpRequest, *, new_key: str = "", key_form=None) -> HttpResponse:
    export = person_data_export(user=request.user)
    return render(
        request,
        "pages/account.html",
        {
            "roles": _roles(request.user),
            # What the hub holds; the many sections that hold nothing of this person stay
            # out of the way (the download lists them all).
            "summary": [line for line in export_summary(export["sections"]) if line.count],
            "keys": ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk"),
            "key_form": key_form or ApiKeyForm(),
            "new_key": new_key,
        },
    )


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Who I am for the hub, what it holds about me, my API keys, download and erasure."""
    return _account_page(request)


@never_cache
@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything the hub holds about me, as a JSON file."""
    data = person_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mes-donnees-maillage-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_POST
def account_key_create(request: HttpRequest) -> HttpResponse:
    """Make a personal API key and show it on this answer only (it is never shown again)."""
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _account_page(request, key_form=form)
    _token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
    return _account_page(request, new_key=key)


@login_required
@require_POST
def account_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:  # somebody else's key is not found, as an unknown one
        raise Http404(_("Cette clé n'existe pas."))
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Clé « %(name)s » révoquée.") % {"name": token.name})
    return redirect(reverse("web:account") + "#account-keys")


@never_cache
@login_required
def account_erase(request: HttpRequest) -> HttpResponse:
    """Erase my data: what goes, what stays anonymously; my password and EFFACER typed.
    Success logs me out and says what was done."""
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = person_erase(user=request.user, actor=request.user)
        except PersonalDataRefused as refused:
            form.add_error(None, str(refused))
        else:
            logout(request)
            return render(request, "pages/account_erased.html", {"report": report})
    return render(
        request,
        "pages/account_erase.html",
        {"form": form, "word": CONFIRMATION_WORD, "bookings_url": reverse("web:my-bookings")},
    )


urlpatterns = [
    path("mon-compte/", account, name="account"),
    path("mon-compte/donnees.json", account_data, name="account-data"),
    path("mon-compte/cles/", account_key_create, name="account-key-create"),
    path("mon-compte/cles/<int:pk>/revoquer/", account_key_revoke, name="account-key-revoke"),
    path("mon-compte/effacer/", account_erase, name="account-erase"),
]
