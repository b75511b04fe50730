"""`peerline simulate`: talk to a running server through its real protocols and show what came back."""

from __future__ import annotations

import json
import mailbox
import secrets
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, make_url, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator

from peerline.config import Settings
from store.db import make_engine
from store.models import Contact, InboundMessage, Outbound


class SimulationError(Exception):
    pass


def _local_http_url(settings: Settings) -> str:
    host = "127.0.0.1" if settings.http_host in ("0.0.0.0", "") else settings.http_host
    return f"http://{host}:{settings.http_port}"


def send_sms(settings: Settings, *, sender: str, text: str) -> str:
    """POST a Twilio-signed webhook like Twilio would; returns the MessageSid."""
    sid = "SM" + secrets.token_hex(16)
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": settings.twilio_account_sid or "AC" + "0" * 32,
        "From": sender,
        "To": settings.sms_from or "+15550000000",
        "Body": text,
        "NumMedia": "0",
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
    }
    path = "/sms/inbound"
    signature = RequestValidator(settings.webhook_auth_token).compute_signature(settings.public_url + path, params)
    try:
        response = httpx.post(
            _local_http_url(settings) + path,
            data=params,
            headers={"X-Twilio-Signature": signature},
            timeout=15,
        )
    except httpx.HTTPError as exc:
        raise SimulationError(f"cannot reach the web app at {_local_http_url(settings)}: {exc}") from None
    if response.status_code != 200:
        raise SimulationError(f"webhook answered {response.status_code}: {response.text[:200]}")
    return sid


def _read_sms_log(path: Path, offset: int) -> tuple[list[dict[str, object]], int]:
    if not path.exists():
        return [], offset
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read()
    complete = data[: data.rfind(b"\n") + 1]
    lines = [json.loads(line) for line in complete.decode("utf-8").splitlines() if line.strip()]
    return lines, offset + len(complete)


def sms_log_size(settings: Settings) -> int:
    return settings.sms_log.stat().st_size if settings.sms_log.exists() else 0


def wait_for_sms(
    settings: Settings,
    *,
    to: str,
    offset: int,
    timeout: float,
    silent: Callable[[], bool] | None = None,
) -> list[dict[str, object]]:
    """Replies appended to sms.jsonl for this number after `offset`; stops early once `silent()` says none
    is coming."""
    deadline = time.monotonic() + timeout
    found: list[dict[str, object]] = []
    while time.monotonic() < deadline:
        lines, offset = _read_sms_log(settings.sms_log, offset)
        found += [line for line in lines if line.get("to") == to]
        if found:
            return found
        if silent is not None and silent():
            return []
        time.sleep(0.2)
    return found


@dataclass(frozen=True)
class SmsFate:
    """What the server did with a simulated SMS, as its database says."""

    handled: bool  # the worker has handled the message
    replies: int  # answers it queued to this message (0: none is coming)
    opted_out: bool  # the number has sent STOP and not START since


class Database:
    """The database the settings point to, read-only, for what a running server did with our message."""

    def __init__(self, settings: Settings) -> None:
        url = make_url(settings.resolved_database_url)
        self.engine: Engine | None = None
        if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
            return  # nothing has run with these settings: do not create an empty database
        self.engine = make_engine(url.render_as_string(hide_password=False))

    def sms_fate(self, *, sid: str, sender: str) -> SmsFate | None:
        """None when the database cannot tell (not reachable, or the message never arrived)."""
        if self.engine is None:
            return None
        try:
            with Session(self.engine) as session:
                row = session.execute(
                    select(InboundMessage.id, InboundMessage.status).where(InboundMessage.external_id == sid)
                ).first()
                opted_out = session.scalar(
                    select(Contact.opted_out).where(Contact.channel == "sms", Contact.address == sender)
                )
                if row is None:
                    return None
                replies = session.scalar(
                    select(func.count()).select_from(Outbound).where(Outbound.inbound_id == row.id)
                )
        except SQLAlchemyError:
            return None
        return SmsFate(handled=row.status == "done", replies=replies or 0, opted_out=bool(opted_out))

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def send_email(settings: Settings, *, sender: str, subject: str, text: str, to: str | None = None) -> str:
    """Send a plain e-mail to ask@ (or `to`) over SMTP; returns its Message-ID."""
    to = to or settings.ask_address
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "example.org")
    message.set_content(text)
    host = "127.0.0.1" if settings.smtp_host in ("0.0.0.0", "") else settings.smtp_host
    try:
        with smtplib.SMTP(host, settings.smtp_port, timeout=15) as smtp:
            smtp.send_message(message, from_addr=sender, to_addrs=[to])
    except (OSError, smtplib.SMTPException) as exc:
        raise SimulationError(f"SMTP server at {host}:{settings.smtp_port} refused or is down: {exc}") from None
    return str(message["Message-ID"])


def wait_for_email(maildir: Path, *, in_reply_to: str, timeout: float) -> mailbox.MaildirMessage | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if maildir.exists():
            for message in mailbox.Maildir(maildir, create=False):
                if message.get("In-Reply-To", "").strip() == in_reply_to:
                    return message
        time.sleep(0.2)
    return None
