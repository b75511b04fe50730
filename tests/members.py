"""A member's phone and mailbox for end-to-end tests: send through the real webhook or SMTP, read the reply."""

from __future__ import annotations

import smtplib
import time
import uuid
from email.message import EmailMessage

import httpx

from tests.conftest import DOMAIN, RunningServer
from tests.helpers import maildir_messages, question_email, signed_webhook, sms_lines, twilio_sms_params


class Phone:
    def __init__(self, server: RunningServer, number: str) -> None:
        self.server = server
        self.number = number

    def received(self) -> list[str]:
        return [line["body"] for line in sms_lines(self.server.settings.sms_log) if line["to"] == self.number]

    def send(self, text: str) -> None:
        params = twilio_sms_params(self.number, text, "SM" + uuid.uuid4().hex)
        url = self.server.settings.public_url + "/sms/inbound"
        response = httpx.post(
            self.server.base_url + "/sms/inbound",
            data=params,
            headers=signed_webhook(self.server.settings.webhook_auth_token, url, params),
            timeout=10,
        )
        assert response.status_code == 200

    def ask(self, text: str, *, replies: int = 1, timeout: float = 10) -> list[str]:
        """Send and wait for the replies this message causes (their bodies, in order)."""
        before = len(self.received())
        self.send(text)
        deadline = time.monotonic() + timeout
        while len(self.received()) < before + replies and time.monotonic() < deadline:
            time.sleep(0.03)
        return self.received()[before:]

    def ask_expecting_silence(self, text: str, wait: float = 0.6) -> list[str]:
        before = len(self.received())
        self.send(text)
        self.server.wait_idle()
        time.sleep(wait)
        return self.received()[before:]


class Mailbox:
    def __init__(self, server: RunningServer, address: str) -> None:
        self.server = server
        self.address = address

    def received(self) -> list[EmailMessage]:
        return [m for m in maildir_messages(self.server.settings.maildir) if self.address in str(m["To"])]

    def send(self, text: str, *, subject: str = "Question", reply_to: EmailMessage | None = None) -> EmailMessage:
        message = question_email(text, sender=self.address, to=f"ask@{DOMAIN}", subject=subject)
        if reply_to is not None:
            message.replace_header("Subject", reply_to["Subject"])
            message["In-Reply-To"] = reply_to["Message-ID"]
            message["References"] = reply_to["Message-ID"]
        with smtplib.SMTP(*self.server.smtp_address) as smtp:
            smtp.send_message(message, from_addr=self.address, to_addrs=[f"ask@{DOMAIN}"])
        return message

    def ask(
        self, text: str, *, subject: str = "Question", reply_to: EmailMessage | None = None, timeout: float = 10
    ) -> EmailMessage:
        before = len(self.received())
        self.send(text, subject=subject, reply_to=reply_to)
        deadline = time.monotonic() + timeout
        while len(self.received()) <= before and time.monotonic() < deadline:
            time.sleep(0.03)
        received = self.received()
        assert len(received) > before, f"no reply to {text!r}"
        return received[before]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())
