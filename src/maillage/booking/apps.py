from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "maillage.booking"
    label = "booking"
    verbose_name = _("Réservations")

    role_permissions = {
        "member": {"booking.view_resource"},
        "mediator": {"booking.view_resource", "booking.view_booking", "booking.change_booking"},
        "place_manager": {
            "booking.view_resource", "booking.add_resource", "booking.change_resource",
            "booking.view_booking", "booking.change_booking",
            "booking.view_closure", "booking.add_closure", "booking.change_closure",
            "booking.delete_closure", "booking.view_tourstop", "booking.add_tourstop",
            "booking.change_tourstop", "booking.view_training", "booking.add_training",
        },
        "coordinator": {
            "booking.view_resource", "booking.add_resource", "booking.change_resource",
            "booking.delete_resource", "booking.view_booking", "booking.change_booking",
            "booking.view_closure", "booking.add_closure", "booking.change_closure",
            "booking.delete_closure", "booking.view_tourstop", "booking.add_tourstop",
            "booking.change_tourstop", "booking.delete_tourstop", "booking.view_training",
            "booking.add_training", "booking.delete_training",
        },
    }  # fmt: skip

    def ready(self) -> None:
        from maillage.booking import rules  # noqa: F401  (registers the per-object rules)
