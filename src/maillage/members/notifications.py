"""Messages about memberships: the coordination hears of a new application."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from maillage.core.mail import mail_send
from maillage.directory.models import Organisation
from maillage.members.models import Membership


def application_notify(*, membership: Membership, applicant) -> bool:
    """E-mail the hub's coordination (the address of the hub's organisation) about the
    application `applicant` made; False when the hub has no address or the mail could not go. A failing mail
    server never undoes an application."""
    hub = Organisation.objects.filter(is_hub=True).only("email").first()
    if hub is None or not hub.email:
        return False
    person = applicant
    lines = [
        _("Nouvelle candidature : %(member)s.") % {"member": membership.member},
        _("Type d'adhésion : %(type)s.") % {"type": membership.get_type_display()},
    ]
    if membership.college is not None:
        lines.append(_("Collège choisi : %(college)s.") % {"college": membership.college.name})
    lines.append(
        _("Candidature posée par %(name)s <%(email)s>.")
        % {"name": person.get_full_name() or person.email, "email": person.email}
    )
    if membership.application_message:
        lines += ["", _("Son message :"), membership.application_message]
    lines += ["", _("Répondez-lui depuis le tableau de bord de la coopérative.")]
    message = EmailMessage(
        subject=_("Candidature à l'adhésion : %(member)s") % {"member": membership.member},
        body="\n".join(lines),
        to=[hub.email],
        reply_to=[person.email] if person.email else None,
    )
    return mail_send(message, about=f"the application {membership.pk}")
