"""The aiosmtpd handler: refuse what we will not take at RCPT time, store the rest before answering 250."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from inbound.mime import message_id_of, normalise_address, parse_message
from store.db import SessionFactory, transaction
from store.models import InboundMessage
from store.queries import add_inbound

log = logging.getLogger(__name__)

# Local parts we accept; later issues add meetings@ and reply tokens through `extra_local_part`.
DEFAULT_LOCAL_PARTS = frozenset({"ask"})


class InboundSmtpHandler:
    def __init__(
        self,
        *,
        session_factory: SessionFactory,
        mail_domain: str,
        local_parts: frozenset[str] = DEFAULT_LOCAL_PARTS,
        extra_local_part: Callable[[str], str | None] | None = None,
        on_stored: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._factory = session_factory
        self._domain = mail_domain.lower()
        self._local_parts = local_parts
        self._extra_local_part = extra_local_part
        self._on_stored = on_stored
        self._clock = clock

    def refusal_for(self, address: str) -> str | None:
        """The SMTP reply refusing this recipient, or None to accept it."""
        local, _, domain = address.rpartition("@")
        if domain.lower() != self._domain:
            return "550 5.7.1 Relaying denied: we only accept mail for our own domain"
        local = local.lower()
        if local in self._local_parts:
            return None
        if self._extra_local_part is not None:
            return self._extra_local_part(local)
        return "550 5.1.1 No such mailbox here"

    async def handle_RCPT(
        self, server: SMTP, session: SmtpSession, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        refusal = self.refusal_for(address)
        if refusal is not None:
            log.info("refused recipient (%s)", refusal[:9])
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        if not isinstance(raw, bytes):
            raw = str(raw).encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            stored = await loop.run_in_executor(None, self._store, raw, envelope.mail_from, list(envelope.rcpt_tos))
        except Exception:
            # Tell the sending server to try again later rather than lose the message.
            log.exception("could not store inbound e-mail")
            return "451 4.3.0 Temporary failure storing the message; please try again later"
        if stored and self._on_stored is not None:
            self._on_stored()
        return "250 2.0.0 Message accepted"

    def _store(self, raw: bytes, mail_from: str | None, rcpt_tos: list[str]) -> bool:
        message = parse_message(raw)
        meta: dict[str, Any] = {"mail_from": mail_from or "", "rcpt_tos": rcpt_tos}
        row = InboundMessage(
            channel="email",
            external_id=message_id_of(message, raw),
            sender=normalise_address(mail_from or ""),
            recipient=rcpt_tos[0].lower(),
            subject="",
            body="",
            raw=raw,
            meta=meta,
            received_at=self._clock(),
            status="queued",
            trail=[],
        )
        with transaction(self._factory) as session:
            return add_inbound(session, row) is not None
