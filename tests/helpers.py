"""Small helpers the tests share: building real messages and reading what the server wrote."""

from __future__ import annotations

import json
import mailbox
import re
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator


def question_email(
    text: str,
    *,
    sender: str = "maria@example.org",
    to: str,
    subject: str = "Question",
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Maria <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    return message


def maildir_messages(path: Path) -> list[EmailMessage]:
    # The sender creates the Maildir with its first message (the folder, then tmp/ new/ cur/): until cur/ exists
    # it is still being made, and holds nothing yet.
    if not (path / "cur").is_dir():
        return []
    parser = BytesParser(policy=policy.default)
    box = mailbox.Maildir(path, create=False)
    return [parser.parsebytes(box.get_bytes(key)) for key in sorted(box.keys(), key=_delivery_order)]  # type: ignore[misc]


def _delivery_order(key: str) -> tuple[int, int, str]:
    """Maildir keys are "SECONDS.M<microseconds>P<pid>Q<n>.host": arrival order, compared as numbers."""
    match = re.match(r"(\d+)\.M(\d+)", key)
    return (int(match.group(1)), int(match.group(2)), key) if match else (0, 0, key)


def wait_for_mail(path: Path, *, to: str, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in maildir_messages(path) if to in str(m["To"])]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def sms_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for_sms(path: Path, *, to: str, count: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        found = [line for line in sms_lines(path) if line["to"] == to]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def signed_webhook(auth_token: str, url: str, params: dict[str, str]) -> dict[str, str]:
    """Headers for a webhook POST signed exactly as Twilio signs it."""
    return {"X-Twilio-Signature": RequestValidator(auth_token).compute_signature(url, params)}


def twilio_sms_params(sender: str, body: str, sid: str) -> dict[str, str]:
    return {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "1" * 32,
        "From": sender,
        "To": "+15550000000",
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
    }
