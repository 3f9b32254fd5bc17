"""Admin of the programme: the hub's list of categories, events with their sessions inline,
and a read-only follow-up of registrations whose actions go through the services."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.programme import notifications, services
from maillage.programme.models import Category, Event, Registration, Session


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "slug")


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ("start", "end", "place", "online_url", "capacity", "is_cancelled")
    autocomplete_fields = ("place",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "audience", "place", "organiser", "is_published",
                    "is_demo")  # fmt: skip
    list_filter = ("category", "audience", "level", "is_published", "is_demo")
    search_fields = ("title", "description")
    autocomplete_fields = ("place", "organiser", "partners")
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations are made by people on the site: here they are followed, not written."""

    list_display = ("name", "session", "state", "email", "phone", "organisation_name",
                    "created_at", "is_demo")  # fmt: skip
    list_filter = ("state", "session__event__category", "is_demo")
    search_fields = ("name", "email", "organisation_name", "session__event__title")
    list_select_related = ("session", "session__event")
    date_hierarchy = "created_at"
    actions = ["mark_present", "mark_absent", "cancel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _each(self, request, queryset, action, done) -> None:
        count = 0
        for registration in queryset:
            try:
                action(registration)
            except services.RegistrationRefused as refused:
                self.message_user(request, f"{registration.name} : {refused}", messages.WARNING)
            else:
                count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Pointer présent"))
    def mark_present(self, request, queryset):
        self._each(request, queryset, lambda r: services.attendance_mark(
            registration=r, present=True, actor=request.user), _("%(count)s pointé(s) présent(s)."))  # fmt: skip

    @admin.action(description=_("Pointer absent"))
    def mark_absent(self, request, queryset):
        self._each(request, queryset, lambda r: services.attendance_mark(
            registration=r, present=False, actor=request.user), _("%(count)s pointé(s) absent(s)."))  # fmt: skip

    @admin.action(description=_("Annuler (la liste d'attente avance)"))
    def cancel(self, request, queryset):
        def cancel_and_tell(registration):
            _cancelled, promoted = services.registration_cancel(
                registration=registration, actor=request.user
            )
            if promoted is not None:  # the person who gets the seat hears it, as on the site
                notifications.registration_promoted_send(
                    registration=promoted,
                    registration_url=request.build_absolute_uri(
                        reverse("web:registration", args=[promoted.token])
                    ),
                )

        self._each(request, queryset, cancel_and_tell, _("%(count)s inscription(s) annulée(s)."))
