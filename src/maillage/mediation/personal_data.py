"""What mediation holds about an account, and its retention.

- Export: the activities the person recorded as a mediator (date, type, duration, place,
  themes, participants) and counts. The people they accompanied are not theirs to take
  away: they appear as their number only.
- Erase: the activities stay — they are the hub's statistics, and the account itself is
  anonymised, not deleted, so the figures per mediator stay whole and name nobody. What is
  personal goes: the first names that only this mediator saw (the people nobody else
  accompanied are anonymised now), and the statistics links they shared (revoked).
- Expire: every person accompanied is anonymised `RETENTION_MONTHS` after their last
  activity (first name erased; age band, gender, situation and commune kept for the figures).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from maillage.core.personal_data import personal_data_section
from maillage.mediation.models import Beneficiary, MediationActivity, ShareLink
from maillage.mediation.services import beneficiaries_expire


def export(user) -> dict[str, Any]:
    activities = MediationActivity.objects.filter(mediator_id=user.pk).order_by("date", "pk")
    totals = activities.aggregate(
        count=Count("pk"), minutes=Sum("duration_minutes"), participants=Sum("participant_count")
    )
    return {
        "activities_recorded": totals["count"],
        "minutes": totals["minutes"] or 0,
        "participants": totals["participants"] or 0,
        "activities": [
            {
                "id": activity.pk,
                "date": activity.date.isoformat(),
                "kind": activity.kind,
                "duration_minutes": activity.duration_minutes,
                "place": activity.place.nom if activity.place else None,
                "place_kind": activity.place_kind,
                "themes": [theme.slug for theme in activity.themes.all()],
                "participants": activity.participant_count,
                "person": activity.beneficiary_id,
                "title": activity.title,
            }
            for activity in activities.select_related("place").prefetch_related("themes")
        ],
        "share_links": ShareLink.objects.filter(created_by_id=user.pk).count(),
    }


def erase(user) -> int:
    now = timezone.now()
    theirs = Beneficiary.objects.filter(
        Q(created_by_id=user.pk) | Q(activities__mediator_id=user.pk)
    ).values("pk")
    # People another mediator also accompanied keep the first name that mediator knows.
    shared = (
        MediationActivity.objects.filter(beneficiary__in=theirs, mediator__isnull=False)
        .exclude(mediator_id=user.pk)
        .values("beneficiary_id")
    )
    forgotten = (
        Beneficiary.objects.filter(pk__in=theirs, anonymised_at__isnull=True)
        .exclude(pk__in=shared)
        .update(first_name="", anonymised_at=now)
    )
    unlinked = Beneficiary.objects.filter(created_by_id=user.pk).update(created_by=None)
    revoked = ShareLink.objects.filter(created_by_id=user.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )
    return forgotten + unlinked + revoked


def expire(now) -> int:
    return beneficiaries_expire(now=now)


personal_data_section(name="mediation", export=export, erase=erase, expire=expire)
