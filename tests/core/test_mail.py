import logging

from django.core.mail import EmailMessage

from maillage.core.mail import mail_send


def test_a_message_is_sent(mailoutbox):
    assert mail_send(EmailMessage(subject="Bonjour", body="…", to=["a@b.fr"]), about="a test")
    assert [m.subject for m in mailoutbox] == ["Bonjour"]


def test_a_mail_server_down_is_logged_not_raised(monkeypatch, caplog):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with caplog.at_level(logging.ERROR, logger="maillage.mail"):
        assert not mail_send(EmailMessage(subject="x", to=["a@b.fr"]), about="booking 7")
    assert "message about booking 7 not sent" in caplog.text
