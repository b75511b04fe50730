"""E-mail senders: a local Maildir (the default, opened with any mail client) or an SMTP relay."""

from __future__ import annotations

import mailbox
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from outbound.errors import PermanentSendError, TransientSendError


class EmailSender(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Hand the message on; return a provider id. Raise TransientSendError or PermanentSendError."""
        ...


class MaildirSender:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def send(self, message: EmailMessage) -> str:
        try:
            # Maildir writes into tmp/ then renames into new/: a reader never sees half a message.
            key = mailbox.Maildir(self.path, create=True).add(message.as_bytes())
        except OSError as exc:
            raise TransientSendError(f"maildir: {exc}") from exc
        return f"maildir:{key}"


class SmtpRelaySender:
    """`smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (implicit TLS)."""

    def __init__(self, url: str, *, timeout: float = 30.0, ssl_context: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP relay URL must look like smtp://user:pass@host:587 or smtps://host:465")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 587)
        self.username = unquote(parts.username) if parts.username else ""
        self.password = unquote(parts.password) if parts.password else ""
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.ssl_context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=self.ssl_context)
            smtp.ehlo()
        return smtp

    def send(self, message: EmailMessage) -> str:
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            error = f"recipient refused: {codes}"
            if all(code >= 500 for code in codes):
                raise PermanentSendError(error, code=str(codes[0])) from exc
            raise TransientSendError(error, code=str(codes[0])) from exc
        except smtplib.SMTPAuthenticationError as exc:
            # Wrong relay credentials are our configuration, not this message: keep it for when it is fixed.
            raise TransientSendError(f"relay authentication failed: {exc.smtp_code}", code=str(exc.smtp_code)) from exc
        except smtplib.SMTPResponseException as exc:
            error = f"relay answered {exc.smtp_code}: {exc.smtp_error!r}"
            if exc.smtp_code >= 500:
                raise PermanentSendError(error, code=str(exc.smtp_code)) from exc
            raise TransientSendError(error, code=str(exc.smtp_code)) from exc
        except (smtplib.SMTPException, OSError) as exc:  # disconnects, refused connections, timeouts, TLS
            raise TransientSendError(f"relay unreachable: {exc.__class__.__name__}: {exc}") from exc
        return str(message.get("Message-ID", ""))
