"""Per-object rights on bookings: the managers of a place run its resources and bookings;
a mediator runs the appointments they host."""

from __future__ import annotations

from maillage.booking.models import Booking, Closure, Resource, TourStop, Training
from maillage.core.permissions import object_rule, runs_the_hub
from maillage.directory.rules import manages_place


def runs_resource(user, resource: Resource) -> bool:
    return (
        runs_the_hub(user)
        or (resource.host_id is not None and resource.host_id == user.pk)
        or manages_place(user, resource.place)
    )


for action in ("change", "delete"):
    object_rule(Resource, action)(runs_resource)
    object_rule(Booking, action)(lambda user, booking: runs_resource(user, booking.resource))
    object_rule(Closure, action)(
        lambda user, closure: (
            runs_resource(user, closure.resource)
            if closure.resource_id
            else runs_the_hub(user) or manages_place(user, closure.place)
        )
    )
    object_rule(TourStop, action)(lambda user, stop: runs_resource(user, stop.resource))
    object_rule(Training, action)(lambda user, training: runs_resource(user, training.resource))
