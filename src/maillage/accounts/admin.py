import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.accounts.forms import AdminLoginForm
from maillage.accounts.models import ApiToken, LoginFailure, User
from maillage.accounts.personal_data import PersonalDataRefused
from maillage.accounts.services import (
    guest_data_export,
    guest_erase,
    person_data_export,
    person_erase,
    user_create,
    user_update,
)
from maillage.accounts.tokens import api_token_revoke
from maillage.core.admin import WrittenByServicesAdminMixin


def json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class GuestDataForm(forms.Form):
    """A guest's e-mail address, and for an erasure, the confirmation."""

    email = forms.EmailField(label=_("Adresse e-mail de la personne"))
    confirm = forms.BooleanField(
        label=_("Je confirme l'effacement définitif des données de cette adresse"),
        required=False,
    )


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined", "erased_at")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "erased_at")
    search_fields = ("email", "full_name")
    readonly_fields = ("erased_at",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("full_name",)}),
        (
            _("Rôles et droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "erased_at")}),
    )
    actions = ["download_personal_data", "erase_personal_data"]
    # The changelist links to the page for people without an account.
    change_list_template = "admin/accounts/user/personal_data_change_list.html"

    def save_model(self, request, obj, form, change):
        if change:
            user_update(user=obj, changed_fields=form.changed_data, actor=request.user)
        else:
            created = user_create(
                email=obj.email,
                full_name=obj.full_name,
                password_hash=obj.password,
                actor=request.user,
            )
            # The admin goes on with `obj` (related fields, redirect): make it the saved row.
            obj.pk, obj.email = created.pk, created.email
            obj._state.adding, obj._state.db = False, created._state.db

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    # --- personal data -------------------------------------------------------------------

    @admin.action(description=_("Télécharger les données (JSON)"))
    def download_personal_data(self, request, queryset):
        users = list(queryset[:2])
        if len(users) != 1:
            self.message_user(
                request,
                gettext("Choisissez une seule personne pour télécharger ses données."),
                messages.WARNING,
            )
            return None
        user = users[0]
        return json_download(
            person_data_export(user=user),
            f"donnees-compte-{user.pk}-{timezone.localdate():%Y-%m-%d}.json",
        )

    @admin.action(description=_("Effacer les données"))
    def erase_personal_data(self, request, queryset):
        """Asks first (Django's confirmation page pattern); then erases each person,
        telling which were refused (already erased, last administrator…) and why."""
        users = list(queryset)
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Effacer les données de ces personnes ?"),
                "users": users,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action": "erase_personal_data",
                "media": self.media,
            }
            return TemplateResponse(
                request, "admin/accounts/user/erase_personal_data.html", context
            )
        for user in users:
            who = str(user)
            try:
                report = person_erase(user=user, actor=request.user)
            except PersonalDataRefused as refused:
                self.message_user(request, f"{who} : {refused}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Données de %(who)s effacées : %(count)s enregistrement(s).")
                    % {"who": who, "count": report.records},
                    messages.SUCCESS,
                )
        return None

    def get_urls(self):
        return [
            path(
                "donnees-sans-compte/",
                self.admin_site.admin_view(self.guest_data_view),
                name="accounts_user_guest_data",
            ),
            *super().get_urls(),
        ]

    def guest_data_view(self, request):
        """Download or erase what the hub holds about a person who booked or registered
        with an e-mail address and no account."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = GuestDataForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            try:
                if request.POST.get("do") == "erase":
                    if not form.cleaned_data["confirm"]:
                        form.add_error(
                            "confirm", gettext("Cochez la case pour confirmer l'effacement.")
                        )
                    else:
                        report = guest_erase(email=email, actor=request.user)
                        self.message_user(
                            request,
                            gettext("Données de %(email)s effacées : %(count)s enregistrement(s).")
                            % {"email": email, "count": report.records},
                            messages.SUCCESS,
                        )
                        form = GuestDataForm()
                else:
                    data = guest_data_export(email=email)
                    return json_download(
                        data, f"donnees-sans-compte-{timezone.localdate():%Y-%m-%d}.json"
                    )
            except PersonalDataRefused as refused:
                form.add_error(
                    refused.field if refused.field in form.fields else None, str(refused)
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Données d'une personne sans compte"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/accounts/user/guest_data.html", context)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are made by their owner (who alone sees the key); the admin may only revoke."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__email", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Révoquer les clés choisies"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, actor=request.user)


# Logins to the admin are throttled as the site's are (accounts.throttling).
admin.site.login_form = AdminLoginForm


@admin.register(LoginFailure)
class LoginFailureAdmin(WrittenByServicesAdminMixin, admin.ModelAdmin):
    """Failed logins of the last 15 minutes; deleting an account's rows lifts its lockout."""

    list_display = ("at", "address", "account_key")
    list_filter = ("address",)
    search_fields = ("address", "account_key")
