"""The pipeline: each stored message runs through stages in order until one decides what to do.

A stage is `stage(msg, ctx) -> Outcome | None`; the deciding stage writes its outbox rows in the same
transaction that marks the message done, so a reply is queued if and only if the message is handled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from faq_engine import FaqEngine
from inbound.asking import route_to_leader
from inbound.automatic import automatic_reason
from inbound.choices import offer_choices, remember_answer
from inbound.commands import carrier_keywords, continue_pending, run_command
from inbound.contacts import canonical_address, find_or_create_contact, member_of
from inbound.context import Context, Network, Outcome, Stage
from inbound.erase import about_a_former_member, forget_message
from inbound.followups import continue_thread, leader_hint, reroute_after_automatic, sms_follow_up
from inbound.language import guess_language
from inbound.leader_reply import accept_leader_reply, message_from_a_leader, token_recipient
from inbound.membership import continue_joining, remind_step
from inbound.mime import parse_email
from inbound.replies import send_answer_with_line, send_reply, send_text
from inbound.text_of import command_text, question_text
from inbound.texts import say
from inbound.tokens import check_token
from outbound.outbox import enqueue_email, enqueue_sms
from store.claim import claim
from store.db import SessionFactory
from store.models import InboundMessage, StaffFlag
from store.queries import queued_inbound_ids

log = logging.getLogger(__name__)

__all__ = ["STAGES", "Context", "Network", "Outcome", "process_inbox", "process_one", "run_stages"]


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
        "in_reply_to": parsed.in_reply_to,
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
        # A leader's out-of-office or a bounce of their notice is never an answer: pass the question on.
        outcome = reroute_after_automatic(msg, ctx, reason)
        token = token_recipient(msg)
        check = check_token(ctx.network.secret_key, token, ctx.now, ctx.network.token_ttl_days) if token else None
        if about_a_former_member(ctx.session, msg, check.assignment_id if check is not None else None):
            forget_message(msg)  # it quotes the notice, and the handle in it, which DELETE can no longer replace
        return outcome
    return None


def identify_sender(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """Find (or note) the contact this came from, and its member if any."""
    raw = msg.sender if msg.channel == "sms" else str(msg.meta.get("reply_to") or msg.sender)
    address = canonical_address(msg.channel, raw)
    if not address:
        return Outcome("ignored", "no usable sender address")
    if msg.channel == "sms":
        msg.sender = address  # replies go to the canonical E.164 form
    ctx.contact = find_or_create_contact(ctx.session, msg.channel, address, ctx.now)
    ctx.member = member_of(ctx.session, ctx.contact)
    if ctx.member is None:
        # No language chosen yet: answer in the one they wrote ("AIDE", "arrêtez les messages" get French).
        ctx.message_lang = guess_language(command_text(msg)) or guess_language(question_text(msg))
    return None


def drop_empty(msg: InboundMessage, ctx: Context) -> Outcome | None:
    if question_text(msg).strip():
        return None
    if msg.channel == "sms" and msg.meta.get("NumMedia", "0") not in ("", "0"):
        send_reply(ctx, msg, "offtopic")
        return Outcome("replied", "media only")
    return Outcome("ignored", "empty message")


def guard_exam(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """Exam content is never answered or published; staff see the request."""
    decision = ctx.decision_for(msg)
    if decision.decision != "exam_flag":
        return None
    send_reply(ctx, msg, "exam_refusal")
    ctx.session.add(StaffFlag(kind="exam_content", inbound_id=msg.id, detail=decision.reason, created_at=ctx.now))
    log.warning("exam-content request flagged for staff (inbound %s)", msg.id)
    return Outcome("exam_flag", "flagged for staff")


def _is_member(ctx: Context) -> bool:
    return ctx.member is not None and ctx.member.status == "active"


def answer_from_faq(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """Known questions are answered at once, to anyone: public information needs no membership."""
    decision = ctx.decision_for(msg)
    if decision.decision == "answer" and decision.faq_id:
        entry = ctx.faq.entry(decision.faq_id)
        _answer_with_invitation(ctx, msg, entry.id)
        remember_answer(ctx, msg, entry.id, question_text(msg), considered=decision.suggestions)
        return Outcome("answered", entry.id)
    if decision.decision == "suggest" and decision.suggestions:
        offer_choices(ctx, msg, list(decision.suggestions), question_text(msg))
        return Outcome("suggested", ",".join(decision.suggestions))
    if decision.decision == "offtopic":
        if decision.reason == "pleasantry":  # "thanks!!", "I passed!": a warm word, not what the service is
            send_text(ctx, msg, "pleasantry")
        else:
            send_reply(ctx, msg, "offtopic")
        return Outcome("offtopic", decision.reason)
    return None


def _answer_with_invitation(ctx: Context, msg: InboundMessage, faq_id: str) -> None:
    """Strangers get a one-line invitation: in the same SMS if it still fits two segments. A member talking
    with a leader by SMS is told how to send it to that leader instead."""
    entry = ctx.faq.entry(faq_id)
    if (hint := leader_hint(ctx, msg)) is not None:
        send_answer_with_line(ctx, msg, entry, hint)
        return
    if _is_member(ctx) or (ctx.member is not None and ctx.member.status == "joining"):
        send_reply(ctx, msg, "faq_answer", entry=entry)
        return
    if msg.channel == "email":
        send_reply(ctx, msg, "faq_answer", entry=entry, footer=say("invite_email", ctx.lang))
        return
    send_answer_with_line(ctx, msg, entry, say("invite_sms", ctx.lang), kind="invite")


STAGES: tuple[Stage, ...] = (
    extract_email,
    drop_automatic,
    accept_leader_reply,
    identify_sender,
    message_from_a_leader,
    carrier_keywords,
    drop_empty,
    continue_pending,
    continue_joining,
    continue_thread,
    run_command,
    guard_exam,
    sms_follow_up,
    answer_from_faq,
    route_to_leader,
)


# Outcomes that answered a question asked half-way through joining without asking the step again.
_ANSWERED_WHILE_JOINING = frozenset({"answered", "suggested", "offtopic", "exam_flag", "command"})


def run_stages(msg: InboundMessage, ctx: Context, stages: Sequence[Stage] = STAGES) -> Outcome:
    for stage in stages:
        outcome = stage(msg, ctx)
        ctx.trail.append(stage.__name__ if outcome is None else f"{stage.__name__}:{outcome.name}")
        if outcome is not None:
            if ctx.joining_interrupted and outcome.name in _ANSWERED_WHILE_JOINING:
                remind_step(ctx, msg)
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
            log.info("inbound %s (%s) -> %s %s", message_id, msg.channel, outcome.name, outcome.detail)
            return outcome
    except Exception as exc:
        # The transaction rolled back, so no half-sent reply exists; keep the message and say why.
        log.exception("inbound message %s failed", message_id)
        with factory() as session, session.begin():
            msg = session.get_one(InboundMessage, message_id)
            msg.attempts = msg.attempts + 1
            msg.status = "failed" if msg.attempts >= 3 else "queued"
            msg.error = f"{type(exc).__name__}: {exc}"[:2000]
            if msg.status == "failed":
                _apologise(session, msg, now, network)
        return Outcome("error", msg.error)


def _apologise(session: Session, msg: InboundMessage, now: datetime, network: Network) -> None:
    """A message we could not handle is never dropped in silence: staff are told, and so is the sender."""
    session.add(StaffFlag(kind="inbound_failed", inbound_id=msg.id, detail=msg.error[:500], created_at=now))
    text = say("failed")
    if msg.channel == "sms" and msg.sender:
        enqueue_sms(session, to=msg.sender, text=text, now=now, inbound_id=msg.id)
    elif msg.channel == "email" and (to := str(msg.meta.get("reply_to") or msg.sender)) and "@" in to:
        enqueue_email(
            session,
            to=to,
            subject="Re: " + (msg.subject or "your message"),
            text=f"{text}\n\n{network.name}\n",
            now=now,
            inbound_id=msg.id,
        )


def process_inbox(factory: SessionFactory, *, now: datetime, faq: FaqEngine, network: Network, limit: int = 100) -> int:
    """Handle queued messages in arrival order; returns how many this call handled."""
    with factory() as session:
        ids = queued_inbound_ids(session, limit)
    handled = 0
    for message_id in ids:
        if process_one(factory, message_id, now=now, faq=faq, network=network) is not None:
            handled += 1
    return handled
