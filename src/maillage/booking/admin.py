from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from maillage.booking import availability, services
from maillage.booking.models import (
    Booking,
    BookingTransition,
    Closure,
    Resource,
    TourStop,
    Training,
)
from maillage.core.admin import ObjectRuleAdmin


class ClosureInline(admin.TabularInline):
    model = Closure
    fk_name = "resource"
    extra = 0
    fields = ("start", "end", "reason")


class TourStopInline(admin.TabularInline):
    model = TourStop
    extra = 0
    fields = ("commune", "address", "start", "end")
    autocomplete_fields = ("commune",)


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = (
            "place", "name", "kind", "description", "capacity", "is_active", "opening_hours",
            "min_minutes", "max_minutes", "step_minutes", "lead_minutes", "max_days_ahead",
            "cancel_minutes", "training_required", "audience", "price_member", "price_public",
            "host", "is_visio", "visio_url", "is_demo",
        )  # fmt: skip

    def clean_opening_hours(self) -> str:
        hours = self.cleaned_data["opening_hours"].strip()
        if hours:
            try:
                availability.parse_hours(hours)
            except availability.HoursError:
                raise forms.ValidationError(
                    _(
                        "Horaires invalides : syntaxe OpenStreetMap attendue, par exemple "
                        "« Mo-Fr 09:00-12:00,14:00-18:00 »."
                    ),
                ) from None
        return hours


@admin.register(Resource)
class ResourceAdmin(ObjectRuleAdmin):
    form = ResourceForm
    list_display = ("name", "kind", "place", "capacity", "audience", "is_active", "is_demo")
    list_filter = ("kind", "audience", "is_active", "training_required", "is_demo")
    search_fields = ("name", "place__nom")
    autocomplete_fields = ("place", "host")
    inlines = [ClosureInline, TourStopInline]
    fieldsets = (
        (None, {"fields": ("place", "name", "kind", "description", "capacity", "is_active")}),
        (
            _("Horaires et règles"),
            {
                "fields": (
                    "opening_hours", "min_minutes", "max_minutes", "step_minutes",
                    "lead_minutes", "max_days_ahead", "cancel_minutes",
                    "training_required", "audience",
                )
            },
        ),
        (_("Tarifs"), {"fields": ("price_member", "price_public")}),
        (_("Rendez-vous et visio"), {"fields": ("host", "is_visio", "visio_url")}),
        (_("Enregistrement"), {"fields": ("is_demo",), "classes": ("collapse",)}),
    )  # fmt: skip

    def save_model(self, request, obj, form, change):
        services.resource_save(resource=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        for instance in instances:
            if isinstance(instance, Closure):
                services.closure_save(closure=instance, actor=request.user)
            else:
                services.tour_stop_save(stop=instance, actor=request.user)


class TransitionInline(admin.TabularInline):
    model = BookingTransition
    extra = 0
    can_delete = False
    fields = ("at", "from_state", "to_state", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _move(state: str, label):
    @admin.action(description=label)
    def action(modeladmin, request, queryset):
        moved = 0
        for booking in queryset:
            try:
                if state == Booking.State.CANCELLED:
                    services.booking_cancel(booking=booking, actor=request.user, by_staff=True)
                else:
                    services.booking_transition(booking=booking, to_state=state, actor=request.user)
                moved += 1
            except services.BookingRefused as refused:
                modeladmin.message_user(request, f"{booking}: {refused}", messages.WARNING)
        modeladmin.message_user(
            request, _("%(count)s réservation(s) modifiée(s).") % {"count": moved}
        )

    action.__name__ = f"mark_{state}"
    return action


@admin.register(Booking)
class BookingAdmin(ObjectRuleAdmin):
    """Bookings are made on the site and the API (the rules and the lock are there); the
    admin follows them and moves them through their states."""

    list_display = ("resource", "start", "end", "state", "who", "quantity", "is_demo")
    list_filter = ("state", "resource__kind", "resource__place", "is_demo")
    search_fields = ("guest_name", "guest_email", "user__email", "resource__name")
    date_hierarchy = "start"
    readonly_fields = [field.name for field in Booking._meta.fields]
    inlines = [TransitionInline]
    actions = [
        _move(Booking.State.CONFIRMED, _("Confirmer")),
        _move(Booking.State.DONE, _("Marquer honorée")),
        _move(Booking.State.NO_SHOW, _("Marquer absence")),
        _move(Booking.State.CANCELLED, _("Annuler")),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Closure)
class ClosureAdmin(ObjectRuleAdmin):
    list_display = ("__str__", "place", "resource", "reason")
    autocomplete_fields = ("place", "resource")

    def save_model(self, request, obj, form, change):
        services.closure_save(closure=obj, actor=request.user)


@admin.register(TourStop)
class TourStopAdmin(ObjectRuleAdmin):
    list_display = ("commune", "start", "end", "resource")
    list_filter = ("resource",)
    autocomplete_fields = ("commune", "resource")

    def save_model(self, request, obj, form, change):
        services.tour_stop_save(stop=obj, actor=request.user)


@admin.register(Training)
class TrainingAdmin(ObjectRuleAdmin):
    list_display = ("user", "resource", "trained_on")
    autocomplete_fields = ("user", "resource")
