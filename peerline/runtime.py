"""Wire settings to the database, the FAQ engine, senders and the network description."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import Engine

from digest.signin import board_signin_link
from digest.web import TERMS_VERSION
from faq_engine import Entry, FaqEngine, load_knowledge_base
from faq_engine.kb import entry_fields
from inbound.replies import Network
from outbound.senders import (
    EmailSender,
    MaildirSender,
    SmsLogSender,
    SmsSender,
    SmtpRelaySender,
    TwilioSmsSender,
)
from outbound.unsubscribe import UnsubscribeLinks
from peerline.config import Settings
from store.db import SessionFactory, make_engine, make_session_factory, transaction
from store.migrate import upgrade_schema
from store.models import FaqEntry
from store.queries import faq_count, faq_entries, faq_version, replace_faq_entries

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def entry_from_row(row: FaqEntry) -> Entry:
    return Entry(
        id=row.id,
        topic=row.topic,
        province=row.province,
        question=row.question,
        alternates=tuple(row.alternates or ()),
        answer_sms=row.answer_sms,
        answer=row.answer,
        links=tuple(row.links or ()),
        verify=row.verify,
        sources=tuple((row.extra or {}).get("sources", ())),
    )


def row_values(entry: Entry) -> dict[str, object]:
    """An entry as the database stores it: the knowledge-base fields, with `sources` kept under `extra`."""
    values = entry_fields(entry)
    sources = values.pop("sources", [])
    return {**values, "extra": {"sources": sources} if sources else {}}


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: SessionFactory
    _faq: FaqEngine | None = None
    _faq_version: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def network(self) -> Network:
        s = self.settings
        return Network(
            name=s.network_name,
            mail_domain=s.mail_domain,
            public_url=s.public_url,
            terms_version=TERMS_VERSION,
            secret_key=s.secret_key,
            board_link=partial(board_signin_link, s.public_url, s.secret_key),
            token_ttl_days=s.token_ttl_days,
            escalate_after_hours=s.escalate_after,
        )

    def load_faq_if_empty(self) -> int:
        """First start: load the configured knowledge base (the bundled sample by default)."""
        with transaction(self.session_factory) as session:
            if faq_count(session):
                return 0
            entries = load_knowledge_base(self.settings.knowledge_base)
            count = replace_faq_entries(session, (row_values(e) for e in entries), utcnow())
        log.info("loaded %d FAQ entries from %s", count, self.settings.knowledge_base)
        return count

    def replace_faq(self, entries: list[Entry]) -> int:
        with transaction(self.session_factory) as session:
            return replace_faq_entries(session, (row_values(e) for e in entries), utcnow())

    def faq_engine(self) -> FaqEngine:
        """The engine over the database's FAQ, rebuilt only when the FAQ changed."""
        with self.session_factory() as session:
            version = faq_version(session)
            with self._lock:
                if self._faq is None or version != self._faq_version:
                    entries = [entry_from_row(r) for r in faq_entries(session)]
                    s = self.settings
                    self._faq = FaqEngine(
                        entries,
                        answer_threshold=s.faq_answer_threshold,
                        suggest_threshold=s.faq_suggest_threshold,
                    )
                    self._faq_version = version
                return self._faq

    def email_sender(self) -> EmailSender:
        if self.settings.smtp_relay_url:
            return SmtpRelaySender(self.settings.smtp_relay_url)
        return MaildirSender(self.settings.maildir)

    def sms_sender(self) -> SmsSender:
        s = self.settings
        if s.twilio_enabled:
            return TwilioSmsSender(
                s.twilio_account_sid,
                s.twilio_auth_token,
                s.sms_from,
                api_url=s.twilio_api_url or None,
                status_callback=f"{s.public_url}/sms/status",
            )
        return SmsLogSender(s.sms_log)

    @property
    def from_address(self) -> str:
        return f"{self.settings.network_name} <{self.settings.ask_address}>"

    @property
    def unsubscribe_links(self) -> UnsubscribeLinks:
        """Every unsubscribable e-mail gets its recipient's link (RFC 8058) and the mailto alternative."""
        s = self.settings
        return UnsubscribeLinks(secret_key=s.secret_key, public_url=s.public_url, mailto=s.ask_address)

    @property
    def sms_from(self) -> str:
        # Without a Twilio number the log shows the number `peerline simulate sms` writes to.
        return self.settings.sms_from or "+15550000000"


def open_runtime(settings: Settings) -> Runtime:
    """Connect, bring the schema up to date and load the sample FAQ on first start."""
    engine = make_engine(settings.resolved_database_url)
    upgrade_schema(engine)
    runtime = Runtime(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    runtime.load_faq_if_empty()
    return runtime
