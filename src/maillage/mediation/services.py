"""Writes of mediation records: activities, the people accompanied (created, changed,
merged, anonymised), the national themes, and the statistics' share links.

Every service checks everything before it writes; a refusal (`MediationRefused`) names the
input at fault and leaves nothing written. The people's commune is copied onto their
activities (`people_commune`) and the activity's date, mediator and place onto its themes
(`ActivityTheme`) here, so that the statistics stay single GROUP BY queries.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.directory.models import Organisation, Place
from maillage.mediation import rules
from maillage.mediation.models import (
    MAX_DURATION_MINUTES,
    RETENTION_MONTHS,
    ActivityTheme,
    AgeBand,
    Beneficiary,
    Gender,
    MediationActivity,
    ShareLink,
    SocialStatus,
    Theme,
)
from maillage.territory.models import Commune

Kind = MediationActivity.Kind
PlaceKind = MediationActivity.PlaceKind
EQUIPMENT = {
    "computer": "used_computer",
    "phone": "used_phone",
    "tablet": "used_tablet",
    "other": "used_other",
}
MAX_PARTICIPANTS = 500
EARLIEST_DATE = dt.date(2000, 1, 1)


class MediationRefused(Refused):
    """A record that a rule forbids: `rule`, `field`, a sentence. Nothing was written."""

    def __init__(self, rule: str, message: str, field: str | None = None, status: int = 422):
        super().__init__(rule, message, field)
        self.status = status


def _refuse(rule: str, message: str, field: str | None = None, status: int = 422) -> None:
    raise MediationRefused(rule, message, field, status)


@dataclass(frozen=True)
class Profile:
    """What is known of a person accompanied: all optional, pseudonymous but for the first
    name, which only their mediators see."""

    first_name: str = ""
    age_band: str = ""
    gender: str = ""
    social_status: str = ""
    commune: Commune | None = None


def _clean_profile(profile: Profile, prefix: str = "") -> Profile:
    if profile.age_band not in AgeBand.values:
        _refuse("age_band", _("Tranche d'âge inconnue."), f"{prefix}age_band")
    if profile.gender not in Gender.values:
        _refuse("gender", _("Genre inconnu."), f"{prefix}gender")
    if profile.social_status not in SocialStatus.values:
        _refuse("social_status", _("Situation inconnue."), f"{prefix}social_status")
    first_name = " ".join(profile.first_name.split())
    if len(first_name) > 60:
        _refuse("first_name", _("Un prénom de 60 caractères au plus."), f"{prefix}first_name")
    return Profile(
        first_name=first_name,
        age_band=profile.age_band,
        gender=profile.gender,
        social_status=profile.social_status,
        commune=profile.commune,
    )


# --- People accompanied --------------------------------------------------------------------


@transaction.atomic
def beneficiary_create(*, actor: User, profile: Profile, is_demo: bool = False) -> Beneficiary:
    """A new person accompanied, known to `actor` (who sees their first name)."""
    if not rules.records_activities(actor):
        _refuse("forbidden", _("Seuls les médiateurs enregistrent des personnes."), None, 403)
    profile = _clean_profile(profile)
    beneficiary = Beneficiary.objects.create(
        first_name=profile.first_name, age_band=profile.age_band, gender=profile.gender,
        social_status=profile.social_status, commune=profile.commune, created_by=actor,
        is_demo=is_demo,
    )  # fmt: skip
    activity_record(verb="beneficiary.created", actor=actor, target=beneficiary)
    return beneficiary


def beneficiary_names_reveal(
    *, viewer: User, people: Iterable[Beneficiary], page: str
) -> dict[int, str]:
    """How `viewer` names each of `people` on `page`: "Jeanne (Personne n° 12)" for those
    they accompanied, "Personne n° 12" for the others. Every first name shown this way is
    logged (`beneficiary.name_shown`: the viewer, the person, the page) — this is the only way
    the faces show one."""
    people = {person.pk: person for person in people if person.pk is not None}
    named = [pk for pk, person in people.items() if person.first_name]
    known = rules.accompanied_among(viewer, named)
    labels = {pk: person.pseudonym for pk, person in people.items()}
    if not known:
        return labels  # nothing shown, nothing written: no transaction (a write lock) for a read
    with transaction.atomic():
        for pk in sorted(known):
            person = people[pk]
            labels[pk] = f"{person.first_name} ({person.pseudonym})"
            activity_record(
                verb="beneficiary.name_shown", actor=viewer, target=person, data={"page": page}
            )
    return labels


def _people_commune_refresh(beneficiary: Beneficiary) -> None:
    """The commune of the person's activities: theirs, else where each activity was held."""
    activities = MediationActivity.objects.filter(beneficiary=beneficiary)
    if beneficiary.commune_id:
        activities.update(people_commune_id=beneficiary.commune_id)
    else:
        activities.update(people_commune_id=F("location_commune_id"))


@transaction.atomic
def beneficiary_update(*, beneficiary: Beneficiary, actor: User, profile: Profile) -> Beneficiary:
    if not rules.sees_beneficiary(actor, beneficiary):
        _refuse("beneficiary_unknown", _("Cette personne n'est pas parmi les vôtres."), None, 404)
    profile = _clean_profile(profile)
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if beneficiary.anonymised_at is not None and profile.first_name:
        _refuse(
            "anonymised",
            _("Cette fiche est anonymisée : elle ne reprend pas de prénom."),
            "first_name",
        )
    changed = [
        name
        for name in ("first_name", "age_band", "gender", "social_status")
        if getattr(beneficiary, name) != getattr(profile, name)
    ]
    if beneficiary.commune_id != (profile.commune.pk if profile.commune else None):
        changed.append("commune")
    if not changed:
        return beneficiary
    beneficiary.first_name = profile.first_name
    beneficiary.age_band = profile.age_band
    beneficiary.gender = profile.gender
    beneficiary.social_status = profile.social_status
    beneficiary.commune = profile.commune
    beneficiary.save()
    if "commune" in changed:
        _people_commune_refresh(beneficiary)
    # The log says what changed, never the values (a first name is personal data).
    activity_record(
        verb="beneficiary.updated", actor=actor, target=beneficiary, data={"fields": changed}
    )
    return beneficiary


@transaction.atomic
def beneficiaries_merge(*, keep: Beneficiary, duplicate: Beneficiary, actor: User) -> Beneficiary:
    """The same person recorded twice: `duplicate`'s activities go to `keep`, whose blank
    fields take `duplicate`'s values; `duplicate` is deleted."""
    if keep.pk == duplicate.pk:
        _refuse("same", _("Choisissez une autre fiche que celle-ci."), "duplicate")
    for field, beneficiary in (("keep", keep), ("duplicate", duplicate)):
        if not rules.sees_beneficiary(actor, beneficiary):
            _refuse(
                "beneficiary_unknown",
                _("La personne n° %(number)s n'est pas parmi les vôtres.")
                % {"number": beneficiary.pk},
                field,
                404,
            )
    if not rules.merges(actor, keep, duplicate):
        _refuse(
            "merge_not_yours",
            _("Vous accompagnez une seule de ces deux personnes : leurs médiateurs les "
              "fusionnent."),
            "duplicate",
            403,
        )  # fmt: skip
    pair = {b.pk: b for b in Beneficiary.objects.select_for_update().filter(
        pk__in=[keep.pk, duplicate.pk])}  # fmt: skip
    if len(pair) != 2:
        _refuse("beneficiary_unknown", _("Cette fiche n'existe plus."), "duplicate", 404)
    keep, duplicate = pair[keep.pk], pair[duplicate.pk]
    for name in ("age_band", "gender", "social_status"):
        if not getattr(keep, name):
            setattr(keep, name, getattr(duplicate, name))
    if not keep.first_name and keep.anonymised_at is None and duplicate.anonymised_at is None:
        keep.first_name = duplicate.first_name
    if keep.commune_id is None:
        keep.commune_id = duplicate.commune_id
    if keep.created_by_id is None:
        keep.created_by_id = duplicate.created_by_id
    keep.save()
    moved = MediationActivity.objects.filter(beneficiary=duplicate).update(beneficiary=keep)
    _people_commune_refresh(keep)
    duplicate_pk = duplicate.pk
    duplicate.delete()
    activity_record(
        verb="beneficiary.merged",
        actor=actor,
        target=keep,
        data={"merged": duplicate_pk, "activities_moved": moved},
    )
    return keep


@transaction.atomic
def beneficiary_anonymise(
    *, beneficiary: Beneficiary, actor: User | None = None, now: dt.datetime | None = None
) -> Beneficiary:
    """Erase the first name for good; the age band, gender, situation and commune stay for
    the statistics, and nothing in them points to the person any more."""
    if actor is not None and not rules.sees_beneficiary(actor, beneficiary):
        _refuse("beneficiary_unknown", _("Cette personne n'est pas parmi les vôtres."), None, 404)
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if beneficiary.anonymised_at is None:
        beneficiary.first_name = ""
        beneficiary.anonymised_at = now or timezone.now()
        beneficiary.save(update_fields=["first_name", "anonymised_at", "updated_at"])
        activity_record(verb="beneficiary.anonymised", actor=actor, target=beneficiary)
    return beneficiary


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def retention_cutoff(now: dt.datetime) -> dt.date:
    return months_before(timezone.localdate(now), RETENTION_MONTHS)


@transaction.atomic
def beneficiaries_expire(*, now: dt.datetime | None = None) -> int:
    """Anonymise the people not seen for `RETENTION_MONTHS` (last activity, or creation
    when they have none). Returns how many were anonymised."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    recent = MediationActivity.objects.filter(beneficiary=OuterRef("pk"), date__gte=cutoff)
    cutoff_moment = dt.datetime.combine(cutoff, dt.time(0), tzinfo=timezone.get_current_timezone())
    expired = (
        Beneficiary.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff_moment)
        .exclude(Exists(recent))
        .select_for_update()
    )
    count = expired.update(first_name="", anonymised_at=now)
    if count:
        activity_record(
            verb="beneficiary.expired", data={"anonymised": count, "cutoff": cutoff.isoformat()}
        )
    return count


# --- Activities ----------------------------------------------------------------------------


def _themes(slugs: Iterable[Any]) -> list[Theme]:
    wanted = []
    for value in slugs:
        slug = value.slug if isinstance(value, Theme) else str(value).strip()
        if slug and slug not in wanted:
            wanted.append(slug)
    if not wanted:
        _refuse("themes_required", _("Choisissez au moins un thème."), "themes")
    found = {theme.slug: theme for theme in Theme.objects.filter(slug__in=wanted)}
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        _refuse(
            "theme_unknown",
            _("Thème inconnu : %(themes)s.") % {"themes": ", ".join(unknown)},
            "themes",
        )
    return [found[slug] for slug in wanted]


@dataclass(frozen=True)
class _Clean:
    values: dict[str, Any]
    themes: list[Theme]
    new_profile: Profile | None


def _clean(
    *,
    actor: User,
    kind: str,
    date: dt.date | None,
    duration_minutes: Any,
    place_kind: str,
    place: Place | None,
    commune: Commune | None,
    equipment: Iterable[str],
    themes: Iterable[Any],
    beneficiary: Beneficiary | None,
    new_beneficiary: Profile | None,
    autonomy: str,
    referral_organisation: Organisation | None,
    referral_text: str,
    title: str,
    level: str,
    participant_count: Any,
    today: dt.date,
    current: MediationActivity | None = None,
) -> _Clean:
    """Every rule of a record, checked in the order of the form; the values to write."""
    if kind not in Kind.values:
        _refuse("kind", _("Choisissez le type d'activité."), "kind")
    if not isinstance(date, dt.date):
        _refuse("date_required", _("Indiquez la date de l'activité."), "date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if date > today:
        _refuse("future", _("La date ne peut pas être dans le futur."), "date")
    if date < EARLIEST_DATE:
        _refuse("too_old", _("Cette date est trop ancienne."), "date")
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int):
        _refuse("duration", _("Indiquez la durée en minutes."), "duration_minutes")
    if duration_minutes <= 0:
        _refuse("duration_positive", _("La durée doit être d'au moins une minute."),
                "duration_minutes")  # fmt: skip
    if duration_minutes > MAX_DURATION_MINUTES:
        _refuse("duration_too_long", _("Une activité dure 12 heures au plus."),
                "duration_minutes")  # fmt: skip
    if place_kind not in PlaceKind.values:
        _refuse("place_kind", _("Indiquez où a eu lieu l'activité."), "place_kind")
    if place_kind == PlaceKind.PLACE and place is None:
        _refuse("place_required", _("Choisissez le lieu."), "place")
    if (
        place_kind == PlaceKind.PLACE
        and place is not None
        and not (current is not None and current.place_id == place.pk)
        and not rules.records_at(actor, place)
    ):
        _refuse(
            "place_not_yours",
            _("Choisissez un lieu du pôle ou l'un des vôtres."),
            "place",
        )
    if place_kind == PlaceKind.OTHER and commune is None:
        _refuse("commune_required", _("Indiquez la commune où a eu lieu l'activité."), "commune")
    flags = dict.fromkeys(EQUIPMENT.values(), False)
    for value in equipment:
        if value not in EQUIPMENT:
            _refuse(
                "equipment",
                _("Matériel inconnu : %(value)s.") % {"value": value},
                "equipment",
            )
        flags[EQUIPMENT[value]] = True
    chosen_themes = _themes(themes)
    collective = kind == Kind.COLLECTIVE
    if not isinstance(participant_count, int) or isinstance(participant_count, bool):
        _refuse("participants", _("Indiquez le nombre de participants."), "participant_count")
    if collective:
        if beneficiary is not None or new_beneficiary is not None:
            _refuse(
                "beneficiary_collective",
                _("Un atelier collectif compte ses participants sans les nommer."),
                "beneficiary",
            )
        if not title.strip():
            _refuse("title_required", _("Donnez le titre de l'atelier."), "title")
        if not 1 <= participant_count <= MAX_PARTICIPANTS:
            _refuse(
                "participants",
                _("Entre 1 et %(max)s participants.") % {"max": MAX_PARTICIPANTS},
                "participant_count",
            )
        if level not in MediationActivity.Level.values:
            _refuse("level", _("Niveau inconnu."), "level")
        if autonomy:
            _refuse(
                "autonomy_collective",
                _("L'autonomie se note pour un accompagnement individuel."),
                "autonomy",
            )
    else:
        if participant_count != 1:
            _refuse(
                "participants_individual",
                _("Un accompagnement individuel compte une personne."),
                "participant_count",
            )
        if autonomy not in MediationActivity.Autonomy.values:
            _refuse("autonomy", _("Niveau d'autonomie inconnu."), "autonomy")
        title, level = "", ""
    if beneficiary is not None and new_beneficiary is not None:
        _refuse(
            "beneficiary_twice",
            _("Choisissez une personne existante ou une nouvelle, pas les deux."),
            "beneficiary",
        )
    # Recording with a person makes one their mediator, who sees the first name: only those
    # who already accompany them may (the coordination sees everybody, never the names).
    if beneficiary is not None and not (
        (current is not None and current.beneficiary_id == beneficiary.pk)
        or rules.records_with(actor, beneficiary)
    ):
        _refuse(
            "beneficiary_unknown",
            _("La personne n° %(number)s n'est pas parmi les personnes que vous accompagnez.")
            % {"number": beneficiary.pk},
            "beneficiary",
            404,
        )
    new_profile = _clean_profile(new_beneficiary, "new_") if new_beneficiary else None
    referral_text = " ".join(referral_text.split())
    if len(referral_text) > 200:
        _refuse("referral", _("200 caractères au plus."), "referral_text")
    if len(title.strip()) > 200:
        _refuse("title", _("200 caractères au plus."), "title")
    if place_kind != PlaceKind.PLACE:
        place = None
    if place_kind == PlaceKind.REMOTE:
        commune = None
    location = commune
    if place is not None:
        location = place.commune
    elif place_kind == PlaceKind.HOME and location is None:
        person = beneficiary or new_profile
        location = person.commune if person is not None else None
    values = {
        "kind": kind, "date": date, "duration_minutes": duration_minutes,
        "place_kind": place_kind, "place": place, "location_commune": location, **flags,
        "beneficiary": beneficiary, "autonomy": autonomy if not collective else "",
        "referred": bool(referral_organisation or referral_text),
        "referral_organisation": referral_organisation, "referral_text": referral_text,
        "title": title.strip() if collective else "", "level": level if collective else "",
        "participant_count": participant_count,
    }  # fmt: skip
    return _Clean(values=values, themes=chosen_themes, new_profile=new_profile)


def _write_themes(activity: MediationActivity, themes: list[Theme]) -> None:
    ActivityTheme.objects.filter(activity=activity).delete()
    ActivityTheme.objects.bulk_create(
        ActivityTheme(
            activity=activity,
            theme=theme,
            date=activity.date,
            mediator_id=activity.mediator_id,
            place_id=activity.place_id,
        )
        for theme in themes
    )


def _people_commune(activity: MediationActivity) -> int | None:
    if activity.beneficiary is not None and activity.beneficiary.commune_id:
        return activity.beneficiary.commune_id
    return activity.location_commune_id


@transaction.atomic
def mediation_activity_create(
    *,
    mediator: User,
    kind: str,
    date: dt.date | None,
    duration_minutes: Any,
    themes: Iterable[Any],
    place_kind: str = PlaceKind.PLACE,
    place: Place | None = None,
    commune: Commune | None = None,
    equipment: Iterable[str] = (),
    beneficiary: Beneficiary | None = None,
    new_beneficiary: Profile | None = None,
    autonomy: str = "",
    referral_organisation: Organisation | None = None,
    referral_text: str = "",
    title: str = "",
    level: str = "",
    participant_count: Any = 1,
    today: dt.date | None = None,
    is_demo: bool = False,
) -> MediationActivity:
    """Record one activity of `mediator`. `new_beneficiary` creates the person on the way.
    Refuses, writing nothing: a duration ≤ 0 or over 12 h, a future date, an unknown theme,
    a person `mediator` does not accompany, a workshop without title…"""
    if not rules.records_activities(mediator):
        _refuse("forbidden", _("Seuls les médiateurs enregistrent des activités."), None, 403)
    clean = _clean(
        actor=mediator, kind=kind, date=date, duration_minutes=duration_minutes,
        place_kind=place_kind, place=place, commune=commune, equipment=equipment,
        themes=themes, beneficiary=beneficiary, new_beneficiary=new_beneficiary,
        autonomy=autonomy, referral_organisation=referral_organisation,
        referral_text=referral_text, title=title, level=level,
        participant_count=participant_count, today=today or timezone.localdate(),
    )  # fmt: skip
    values = dict(clean.values)
    if clean.new_profile is not None:
        values["beneficiary"] = beneficiary_create(
            actor=mediator, profile=clean.new_profile, is_demo=is_demo
        )
    activity = MediationActivity(mediator=mediator, is_demo=is_demo, **values)
    activity.people_commune_id = _people_commune(activity)
    activity.save()
    _write_themes(activity, clean.themes)
    activity_record(
        verb="mediation_activity.created",
        actor=mediator,
        target=activity,
        data={"kind": activity.kind, "minutes": activity.duration_minutes},
    )
    return activity


@transaction.atomic
def mediation_activity_update(
    *,
    activity: MediationActivity,
    actor: User,
    kind: str,
    date: dt.date | None,
    duration_minutes: Any,
    themes: Iterable[Any],
    place_kind: str = PlaceKind.PLACE,
    place: Place | None = None,
    commune: Commune | None = None,
    equipment: Iterable[str] = (),
    beneficiary: Beneficiary | None = None,
    new_beneficiary: Profile | None = None,
    autonomy: str = "",
    referral_organisation: Organisation | None = None,
    referral_text: str = "",
    title: str = "",
    level: str = "",
    participant_count: Any = 1,
    today: dt.date | None = None,
) -> MediationActivity:
    """Change a record, by its mediator (or the coordination); same rules as creating."""
    if not rules.changes_activity(actor, activity):
        _refuse("activity_unknown", _("Cette activité n'est pas parmi les vôtres."), None, 404)
    activity = MediationActivity.objects.select_for_update().get(pk=activity.pk)
    clean = _clean(
        actor=actor, kind=kind, date=date, duration_minutes=duration_minutes,
        place_kind=place_kind, place=place, commune=commune, equipment=equipment,
        themes=themes, beneficiary=beneficiary, new_beneficiary=new_beneficiary,
        autonomy=autonomy, referral_organisation=referral_organisation,
        referral_text=referral_text, title=title, level=level,
        participant_count=participant_count, today=today or timezone.localdate(),
        current=activity,
    )  # fmt: skip
    values = dict(clean.values)
    if clean.new_profile is not None:
        values["beneficiary"] = beneficiary_create(actor=actor, profile=clean.new_profile)
    changed = [name for name, value in values.items() if getattr(activity, name) != value]
    for name, value in values.items():
        setattr(activity, name, value)
    activity.people_commune_id = _people_commune(activity)
    activity.save()
    _write_themes(activity, clean.themes)
    activity_record(
        verb="mediation_activity.updated", actor=actor, target=activity, data={"fields": changed}
    )
    return activity


@transaction.atomic
def mediation_activity_delete(*, activity: MediationActivity, actor: User) -> None:
    if not rules.changes_activity(actor, activity):
        _refuse("activity_unknown", _("Cette activité n'est pas parmi les vôtres."), None, 404)
    label, pk = str(activity), activity.pk
    activity.delete()
    activity_record(
        verb="mediation_activity.deleted", actor=actor, data={"activity": pk, "label": label}
    )


# --- Themes --------------------------------------------------------------------------------


def themes_ensure() -> int:
    """Create the national themes that are missing (a flushed test database lacks the data
    migration's rows). Returns how many were created."""
    seeded = import_module("maillage.mediation.migrations.0002_national_themes")
    created = 0
    for position, (slug, name, group) in enumerate(seeded.THEMES):
        _theme, made = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "group": group, "position": position}
        )
        created += made
    return created


@transaction.atomic
def theme_save(*, theme: Theme, actor: User | None = None) -> Theme:
    """Add or change a theme of the list (the admin's save)."""
    if theme.group not in Theme.Group.values:
        _refuse("group", _("Groupe inconnu."), "group")
    adding = theme.pk is None
    theme.save()
    activity_record(verb="theme.created" if adding else "theme.updated", actor=actor, target=theme)
    return theme


# --- Share links ---------------------------------------------------------------------------


@transaction.atomic
def share_link_create(
    *,
    actor: User,
    scope: str,
    date_from: dt.date,
    date_to: dt.date,
    mediator: User | None = None,
    place: Place | None = None,
) -> ShareLink:
    """A secret link to the read-only statistics of a scope and a period that `actor` may
    see themselves."""
    from maillage.mediation.selectors import StatisticsScope, scope_allowed

    if date_to < date_from:
        _refuse("period", _("La fin de la période précède son début."), "date_to")
    wanted = StatisticsScope(
        kind=scope,
        mediator_id=mediator.pk if mediator else None,
        place_id=place.pk if place else None,
    )
    if scope not in ShareLink.Scope.values or not scope_allowed(actor, wanted):
        _refuse("scope", _("Vous ne pouvez pas partager ces statistiques."), "scope", 403)
    link = ShareLink.objects.create(
        scope=scope, mediator=mediator if scope == "mediator" else None,
        place=place if scope == "place" else None, date_from=date_from, date_to=date_to,
        created_by=actor,
    )  # fmt: skip
    activity_record(verb="share_link.created", actor=actor, target=link)
    return link


@transaction.atomic
def share_link_revoke(*, link: ShareLink, actor: User) -> ShareLink:
    if not rules.changes_share_link(actor, link):
        _refuse("forbidden", _("Seul son auteur ou la coordination révoque ce lien."), None, 403)
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        activity_record(verb="share_link.revoked", actor=actor, target=link)
    return link
