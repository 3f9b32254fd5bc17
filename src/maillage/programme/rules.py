"""Per-object rights on the programme: a session's check-in (the names of the people
registered, their attendance) is run by the event's organiser's staff, the managers of the
session's place and the hub's coordination (`selectors.sessions_run_by`), not by any staff
member."""

from __future__ import annotations

from maillage.core.permissions import object_rule
from maillage.programme.models import Registration, Session
from maillage.programme.selectors import sessions_run_by


def runs_session(user, session: Session) -> bool:
    return bool(session.pk) and sessions_run_by(user=user).filter(pk=session.pk).exists()


object_rule(Session, "change")(runs_session)
object_rule(Registration, "change")(
    lambda user, registration: runs_session(user, registration.session)
)
