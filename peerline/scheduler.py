"""tick(…): the timed work of one worker pass — reminders and re-routing of unanswered questions, and
publishing newly answered questions on the board."""

from __future__ import annotations

from datetime import datetime

from digest.publish import publish_pending
from faq_engine import FaqEngine
from inbound.context import Network
from inbound.erase import scrub_erasure_confirmations
from inbound.escalation import EscalationReport, escalate_due
from store.db import SessionFactory, transaction


def tick(factory: SessionFactory, *, now: datetime, network: Network, faq: FaqEngine) -> EscalationReport:
    with transaction(factory) as session:
        report = escalate_due(session, now=now, network=network, faq=faq)
    with transaction(factory) as session:
        scrub_erasure_confirmations(session)
    with transaction(factory) as session:
        publish_pending(session, now=now)
    return report
