"""What the hub holds about a person's account, and the tools every section shares.

The account's section exports the person's API keys (never their hashes) and the lines of
the activity log where the person acted or was acted upon; its erasure purges the log lines
whose target is the account.

Why the activity log is purged, and only there: `activity_record` writes `str(target)` into
`target_label`, and `str()` of an account is its name or e-mail, as is `str()` of the records
that name their person (a registration, a membership, volunteer hours…). The log refuses
UPDATE (a trigger), so a label cannot be blanked: the lines whose target is the person (or one
of their records, see `activity_purge` in each section) are deleted at the database level, the
path the log keeps open for purges. Lines where the person is only the *actor* stay: their
`actor` column points at the account, which is anonymised, and their label names the object
acted upon (a booking, a place), not the person. Deleting them would rewrite the history of
other people's records.

Guests — people who booked or registered with an e-mail address and no account — are
reached by their address: a section that keeps guest rows also declares
`guest_data_section(name=, export=, erase=)` with functions of the address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast, Concat
from django.db.models.sql import DeleteQuery
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import ApiToken, User
from maillage.core.models import Activity
from maillage.core.personal_data import personal_data_section
from maillage.core.refusals import Refused

# Reserved by RFC 2606: an address in it is never delivered anywhere.
ERASED_DOMAIN = "efface.invalid"
# Stored in place of a name where the column may not be empty; shown to the staff as is.
ERASED_NAME = "Personne effacée"


class PersonalDataRefused(Refused):
    """An export or an erasure that a rule forbids (erased twice, the last administrator,
    the register of a cooperative's associates…). Nothing was written."""

    status = 409


def erased_email(kind: str, pk: int) -> str:
    """A unique placeholder address for an anonymised row: `efface-<kind>-<pk>@efface.invalid`."""
    return f"efface-{kind}-{pk}@{ERASED_DOMAIN}" if kind else f"efface-{pk}@{ERASED_DOMAIN}"


def is_erased_email(email: str) -> bool:
    return email.lower().endswith("@" + ERASED_DOMAIN)


def erased_email_expression(kind: str) -> Concat:
    """`erased_email(kind, pk)` as a database expression, for one UPDATE over many rows."""
    return Concat(
        models.Value(f"efface-{kind}-"),
        Cast("pk", models.CharField()),
        models.Value(f"@{ERASED_DOMAIN}"),
        output_field=models.CharField(),
    )


def activity_purge(
    *,
    model: type[models.Model],
    pks: Iterable[Any],
    where: Callable[[dict[str, Any]], bool] | None = None,
) -> int:
    """Delete the activity-log lines whose target is one of these rows (and, with `where`,
    whose `data` it accepts); returns how many.

    A purge at the database level (the log's model and queryset refuse deletions, the
    database does not): for the labels that name a person, see this module's docstring."""
    ids = [str(pk) for pk in pks]
    if not ids:
        return 0
    target_type = ContentType.objects.get_for_model(model)
    found: list[int] = []
    for start in range(0, len(ids), 500):
        lines = Activity.objects.filter(
            target_type=target_type, target_id__in=ids[start : start + 500]
        ).values_list("pk", "data")
        found += [pk for pk, data in lines if where is None or where(data or {})]
    if not found:
        return 0
    return DeleteQuery(Activity).delete_batch(found, Activity.objects.db)


# --- guests: rows reached by an e-mail address -------------------------------------------


@dataclass(frozen=True)
class GuestDataSection:
    name: str
    export: Callable[[str], Any]
    erase: Callable[[str], int]


_guest_sections: dict[str, GuestDataSection] = {}


def guest_data_section(
    *, name: str, export: Callable[[str], Any], erase: Callable[[str], int]
) -> GuestDataSection:
    """Declare what a section holds about a guest known by an e-mail address only.
    `export(email)` and `erase(email)` behave as the account's section functions do; the
    address is normalised (stripped, lower case) and compared without case."""
    section = GuestDataSection(name=name, export=export, erase=erase)
    _guest_sections[name] = section
    return section


def guest_data_sections() -> list[GuestDataSection]:
    return [_guest_sections[name] for name in sorted(_guest_sections)]


def holds_anything(data: Any) -> bool:
    """Does an export hold at least one value (not only empty lists and dicts)?"""
    if isinstance(data, dict):
        return any(holds_anything(value) for value in data.values())
    if isinstance(data, list | tuple):
        return any(holds_anything(value) for value in data) if data else False
    return data not in (None, "")


@dataclass(frozen=True)
class SummaryLine:
    section: str
    item: str
    label: str
    count: int


# The French names of what the hub's sections export; a section not listed here shows
# under its own key.
ITEM_LABELS: dict[tuple[str, str], Any] = {
    ("account", "api_keys"): _("Clés d'API"),
    ("account", "activity"): _("Lignes du journal d'activité"),
    ("booking", "bookings"): _("Réservations"),
    ("booking", "bookings_for_others"): _("Réservations faites pour d'autres personnes"),
    ("booking", "trainings"): _("Formations aux machines"),
    ("booking", "hosted_resources"): _("Rendez-vous que vous proposez"),
    ("programme", "registrations"): _("Inscriptions au programme"),
    ("programme", "registrations_for_others"): _("Inscriptions faites pour d'autres personnes"),
    ("members", "memberships"): _("Adhésions"),
    ("members", "representations"): _("Organisations que vous représentez"),
    ("members", "volunteer_hours"): _("Heures de bénévolat"),
    ("mediation", "activities"): _("Activités de médiation enregistrées"),
    ("cheques", "books_issued"): _("Carnets de pass numérique remis"),
    ("cheques", "cheques_handed"): _("Pass numériques remis"),
    ("cheques", "cheques_redeemed"): _("Pass numériques encaissés"),
    ("cheques", "reimbursements_recorded"): _("Remboursements de pass enregistrés"),
    ("accompaniments", "referent_of"): _("Accompagnements d'entreprises suivis"),
    ("diagnostics_given", "diagnostics_given"): _("Diagnostics numériques réalisés"),
}


def export_summary(sections: dict[str, Any]) -> list[SummaryLine]:
    """How many records each section exported: one line per list of a section's export."""
    lines = []
    for section, data in sections.items():
        items = data.items() if isinstance(data, dict) else [(section, data)]
        for item, value in items:
            if isinstance(value, list):
                label = ITEM_LABELS.get((section, item), item.replace("_", " "))
                lines.append(SummaryLine(section, item, str(label), len(value)))
    return lines


# --- the account's own section -----------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def account_export(user: User) -> dict[str, Any]:
    """API keys (name, start of the key, dates; never the hash) and the activity-log lines
    where the person acted or that are about their account. Only the verb, the date and
    the kind of object: the label of an object acted upon may name somebody else."""
    keys = [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": _iso(token.created_at),
            "last_used_at": _iso(token.last_used_at),
            "revoked_at": _iso(token.revoked_at),
        }
        for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    ]
    user_type = ContentType.objects.get_for_model(User)
    lines = (
        Activity.objects.filter(
            models.Q(actor=user) | models.Q(target_type=user_type, target_id=str(user.pk))
        )
        .select_related("target_type")
        .order_by("occurred_at", "pk")
    )
    activity = [
        {
            "at": _iso(line.occurred_at),
            "verb": line.verb,
            "object_type": (
                f"{line.target_type.app_label}.{line.target_type.model}"
                if line.target_type
                else None
            ),
            "object_id": line.target_id or None,
            "by_this_person": line.actor_id == user.pk,
        }
        for line in lines
    ]
    return {"api_keys": keys, "activity": activity}


def account_erase(user: User) -> int:
    """Purge the log lines about the account (their label holds the name or the e-mail).
    The account itself is anonymised by `accounts.services.person_erase`."""
    return activity_purge(model=User, pks=[user.pk])


personal_data_section(name="account", export=account_export, erase=account_erase)
