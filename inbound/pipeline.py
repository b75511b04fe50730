"""The pipeline: each stored message runs through stages in order until one decides what to do.

A stage is `stage(msg, ctx) -> Outcome | None`; the deciding stage writes its outbox rows in the same
transaction that marks the message done, so a reply is queued if and only if the message is handled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from faq_engine import Decision, FaqEngine
from inbound.automatic import automatic_reason
from inbound.mime import parse_email
from inbound.replies import Network, send_reply
from store.claim import claim
from store.db import SessionFactory
from store.models import InboundMessage
from store.queries import queued_inbound_ids

log = logging.getLogger(__name__)

# Commands that only opt a number out. Twilio's own opt-out handling answers these on long codes,
# and issue-4 work records the opt-out; we must never send anything back here ourselves.
_OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET"}


@dataclass(frozen=True)
class Outcome:
    name: str
    detail: str = ""


@dataclass
class Context:
    session: Session
    now: datetime
    faq: FaqEngine
    network: Network
    trail: list[str] = field(default_factory=list)
    _decision: Decision | None = None

    def decision_for(self, msg: InboundMessage) -> Decision:
        """The FAQ engine's decision, computed once per message and shared by the stages."""
        if self._decision is None:
            channel = "email" if msg.channel == "email" else "sms"
            self._decision = self.faq.decide(question_text(msg), province=None, channel=channel)
        return self._decision


Stage = Callable[[InboundMessage, Context], Outcome | None]


def question_text(msg: InboundMessage) -> str:
    """What the member asked: for e-mail the subject matters when the body is empty or a bare greeting."""
    if msg.channel != "email":
        return msg.body
    subject = msg.subject.strip()
    if subject.lower().startswith(("re:", "fwd:", "fw:", "tr:")):
        subject = subject.split(":", 1)[1].strip()
    if not msg.body.strip():
        return subject
    return f"{subject}\n\n{msg.body}" if subject and len(msg.body) < 40 else msg.body


def extract_email(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """Fill subject, sender and the new text from the stored raw bytes."""
    if msg.channel != "email" or msg.raw is None:
        return None
    parsed = parse_email(msg.raw)
    msg.subject = parsed.subject[:1000]
    msg.body = parsed.text
    header_sender = parsed.from_address
    msg.meta = {
        **msg.meta,
        "message_id": parsed.message_id,
        "references": list(parsed.references),
        "headers": parsed.headers,
        "reply_to": header_sender or msg.sender,
        "defects": list(parsed.defects),
    }
    if not (header_sender or msg.sender):
        return Outcome("ignored", "no sender address to answer")
    return None


def drop_automatic(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """Never answer mail that a machine wrote (RFC 3834), or we feed a loop."""
    if msg.channel != "email":
        return None
    reason = automatic_reason(msg.meta.get("headers", {}), envelope_from=msg.meta.get("mail_from"))
    if reason is not None:
        return Outcome("ignored", f"automatic: {reason}")
    return None


def drop_empty(msg: InboundMessage, ctx: Context) -> Outcome | None:
    if question_text(msg).strip():
        return None
    if msg.channel == "sms" and msg.meta.get("NumMedia", "0") not in ("", "0"):
        send_reply(ctx, msg, "offtopic")
        return Outcome("replied", "media only")
    return Outcome("ignored", "empty message")


def run_command(msg: InboundMessage, ctx: Context) -> Outcome | None:
    decision = ctx.decision_for(msg)
    if decision.decision != "command":
        return None
    command = (decision.command or "").upper()
    if command in _OPT_OUT:
        return Outcome("opt_out", command)
    send_reply(ctx, msg, "help")
    return Outcome("command", command or "HELP")


def guard_exam(msg: InboundMessage, ctx: Context) -> Outcome | None:
    decision = ctx.decision_for(msg)
    if decision.decision != "exam_flag":
        return None
    send_reply(ctx, msg, "exam_refusal")
    log.warning("exam-content request flagged for staff (inbound %s)", msg.id)
    return Outcome("exam_flag", "flagged for staff")


def answer_from_faq(msg: InboundMessage, ctx: Context) -> Outcome | None:
    decision = ctx.decision_for(msg)
    if decision.decision == "answer" and decision.faq_id:
        entry = ctx.faq.entry(decision.faq_id)
        send_reply(ctx, msg, "faq_answer", entry=entry)
        return Outcome("answered", entry.id)
    if decision.decision == "suggest" and decision.suggestions:
        entries = [ctx.faq.entry(s) for s in decision.suggestions]
        send_reply(ctx, msg, "suggest", suggestions=entries)
        return Outcome("suggested", ",".join(decision.suggestions))
    if decision.decision == "offtopic":
        send_reply(ctx, msg, "offtopic")
        return Outcome("offtopic")
    return None


def acknowledge_question(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """The question needs a person: tell the member it was received (routing comes with leaders)."""
    decision = ctx.decision_for(msg)
    suggestions = [ctx.faq.entry(s) for s in decision.suggestions]
    send_reply(ctx, msg, "question_received", suggestions=suggestions)
    return Outcome("received", "awaiting a leader")


STAGES: tuple[Stage, ...] = (
    extract_email,
    drop_automatic,
    drop_empty,
    run_command,
    guard_exam,
    answer_from_faq,
    acknowledge_question,
)


def run_stages(msg: InboundMessage, ctx: Context, stages: Sequence[Stage] = STAGES) -> Outcome:
    for stage in stages:
        outcome = stage(msg, ctx)
        ctx.trail.append(stage.__name__ if outcome is None else f"{stage.__name__}:{outcome.name}")
        if outcome is not None:
            return outcome
    return Outcome("unhandled")


def process_one(
    factory: SessionFactory,
    message_id: int,
    *,
    now: datetime,
    faq: FaqEngine,
    network: Network,
) -> Outcome | None:
    """Claim and handle one message in one transaction; None if another worker took it."""
    try:
        with factory() as session, session.begin():
            if not claim(session, InboundMessage, message_id, frm="queued", to="processing"):
                return None
            msg = session.get_one(InboundMessage, message_id)
            ctx = Context(session=session, now=now, faq=faq, network=network)
            outcome = run_stages(msg, ctx)
            msg.status = "done"
            msg.outcome = outcome.name
            msg.trail = [*ctx.trail, outcome.detail] if outcome.detail else ctx.trail
            msg.attempts = msg.attempts + 1
            return outcome
    except Exception as exc:
        # The transaction rolled back, so no half-sent reply exists; keep the message and say why.
        log.exception("inbound message %s failed", message_id)
        with factory() as session, session.begin():
            msg = session.get_one(InboundMessage, message_id)
            msg.attempts = msg.attempts + 1
            msg.status = "failed" if msg.attempts >= 3 else "queued"
            msg.error = f"{type(exc).__name__}: {exc}"[:2000]
        return Outcome("error", msg.error)


def process_inbox(
    factory: SessionFactory, *, now: datetime, faq: FaqEngine, network: Network, limit: int = 100
) -> int:
    """Handle queued messages in arrival order; returns how many this call handled."""
    with factory() as session:
        ids = queued_inbound_ids(session, limit)
    handled = 0
    for message_id in ids:
        if process_one(factory, message_id, now=now, faq=faq, network=network) is not None:
            handled += 1
    return handled
