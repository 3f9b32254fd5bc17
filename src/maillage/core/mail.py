"""Sending the hub's e-mails: a mail server that is down never undoes what was recorded."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

logger = logging.getLogger("maillage.mail")


def mail_send(message: EmailMessage, *, about: str) -> bool:
    """Send `message`; on a mail-server failure log it (naming `about`) and answer False."""
    try:
        message.send()
    except OSError:
        logger.exception("message about %s not sent", about)
        return False
    return True
