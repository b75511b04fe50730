"""A leader's reply to `r.TOKEN@`: authenticate it, extract the new text, and deliver it to the member."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from faq_engine import FaqEngine
from inbound.context import Context, Network, Outcome
from inbound.erase import forget_message, left_the_network
from inbound.mime import parse_email
from inbound.replies import reply_subject, thread_headers
from inbound.reply_text import extract_reply
from inbound.routing import attribution, leader_address, notice_rows, route_question
from inbound.texts import say
from inbound.tokens import check_token, reply_address, token_of_local_part
from outbound.email_build import message_id_for
from outbound.outbox import enqueue_email, enqueue_sms
from outbound.privacy import scrub_leader_details
from outbound.render import render_email, render_sms
from store.claim import claim
from store.models import (
    Answer,
    Assignment,
    Contact,
    InboundMessage,
    Leader,
    LeaderAddress,
    Member,
    Outbound,
    Question,
    StaffFlag,
)

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"^\s*#(private|faq|pass)\s*$", re.I | re.M)
THREAD_TTL = timedelta(days=7)


def token_recipient(msg: InboundMessage) -> str | None:
    """The token of an `r.TOKEN@` recipient, if this message was sent to one."""
    return token_of_local_part(msg.recipient.partition("@")[0])


def refusal_for_token(network: Network, token: str, ttl_days: int, now: datetime) -> str | None:
    """RCPT-time check: tampered or malformed tokens are refused; expired ones are taken (and answered)."""
    if check_token(network.secret_key, token, now, ttl_days) is None:
        return "550 5.1.1 Unknown or damaged reply address"
    return None


def controls(text: str) -> tuple[str, set[str]]:
    """The reply without its `#private`/`#faq`/`#pass` lines, and which of them it had."""
    found = {m.group(1).lower() for m in _CONTROL.finditer(text)}
    return _CONTROL.sub("", text).strip(), found


def accept_leader_reply(msg: InboundMessage, ctx: Context) -> Outcome | None:
    token = token_recipient(msg) if msg.channel == "email" else None
    if token is None:
        return None
    check = check_token(ctx.network.secret_key, token, ctx.now, ctx.network.token_ttl_days)
    assignment = ctx.session.get(Assignment, check.assignment_id) if check is not None else None
    if check is None or assignment is None:
        ctx.session.add(StaffFlag(kind="bad_reply_token", inbound_id=msg.id, detail=token[:80], created_at=ctx.now))
        return Outcome("refused", "unknown reply token")
    parsed = parse_email(msg.raw or b"")
    sender = parsed.from_header.lower()
    registered = [
        a.lower()
        for a in ctx.session.scalars(select(LeaderAddress.email).where(LeaderAddress.leader_id == assignment.leader_id))
    ]
    question = ctx.session.get_one(Question, assignment.question_id)
    member_left = left_the_network(ctx.session, question)
    if sender not in registered:
        if member_left:
            forget_message(msg)  # it may quote the former member's handle, which DELETE can no longer find
        return _refuse_sender(ctx, msg, assignment, sender)
    if member_left:
        return _member_left(ctx, msg, question, sender)
    written = extract_reply(parsed.full_text, html=parsed.html or None)
    if check.expired:
        return _offer_fresh_address(ctx, msg, assignment, written)
    text, flags = controls(written)
    leader = ctx.session.get_one(Leader, assignment.leader_id)
    # Leaders stay anonymous whatever extraction missed: their own addresses and phone never reach the member
    # or the board (the answer stored here is what both get), even if typed, and unless they chose to be named,
    # neither does their name nor a name card at the end.
    phones = [leader.phone] if leader.phone else []
    text = scrub_leader_details(text, name=leader.name, emails=registered, phones=phones, show_name=leader.show_name)
    if "pass" in flags:
        outcome = pass_on(ctx.session, assignment, question, network=ctx.network, now=ctx.now, faq=ctx.faq)
        _notice(
            ctx,
            registered[0],
            f"Question #{question.id} was passed on",
            "Thanks for letting us know. The question has gone to another leader; you need do nothing more."
            if outcome.name == "rerouted"
            else f"Thanks for letting us know. Question #{question.id} is no longer waiting for you; you need do "
            "nothing more.",
        )
        return outcome
    if not text:
        return Outcome("ignored", "leader reply had no new text")
    answer = Answer(
        question_id=question.id,
        leader_id=assignment.leader_id,
        inbound_id=msg.id,
        text=text,
        private="private" in flags,
        faq_candidate="faq" in flags,
        created_at=ctx.now,
    )
    ctx.session.add(answer)
    assignment.status = "answered"
    assignment.closed_at = ctx.now
    question.status = "answered"
    question.answered_at = question.answered_at or ctx.now
    question.leader_id = assignment.leader_id  # an earlier leader may answer after it moved on
    close_other_turns(ctx, question, assignment)
    delivered = deliver_answer(ctx, question, assignment, text)
    return Outcome("leader_answer", f"question {question.id}" + ("" if delivered else " (member unreachable)"))


def close_other_turns(ctx: Context, question: Question, answered: Assignment) -> None:
    """Answered by one of its leaders: the others' open turns end, so nobody is reminded or re-routes it.

    A leader who already got the question is told, briefly; a notice still in the outbox is simply not sent.
    """
    others = ctx.session.scalars(
        select(Assignment).where(
            Assignment.question_id == question.id, Assignment.status == "open", Assignment.id != answered.id
        )
    ).all()
    for other in others:
        if not claim(ctx.session, Assignment, other.id, frm="open", to="closed", closed_at=ctx.now):
            continue  # another worker moved it on meanwhile
        rows = notice_rows(ctx.session, other)
        for row in rows:
            claim(ctx.session, Outbound, row.id, frm="queued", to="suppressed", last_error="answered by another leader")
        to = leader_address(ctx.session, other.leader_id)
        if to is None or not any(row.status in ("sending", "sent") for row in rows):
            continue
        notice = _notice(
            ctx,
            to,
            f"Question #{question.id} has been answered",
            f"Another peer leader has answered question #{question.id}, so you need do nothing more. Thank you!",
        )
        if other.notice_ids:
            notice.headers = {**notice.headers, "In-Reply-To": str(other.notice_ids[-1])}


def _member_left(ctx: Context, msg: InboundMessage, question: Question, sender: str) -> Outcome:
    """A reply about a question whose member has left (DELETE): thanked, never stored as an answer or published.

    The reply may greet the member by the handle in the leader's copy of the notice; the handle is erased and
    cannot be found again to replace, so only how the message threads is kept.
    """
    forget_message(msg)
    note = _notice(
        ctx,
        sender,
        f"Question #{question.id}: the member has left the network",
        f"This member has left the network, so your answer to question #{question.id} was not delivered (and it "
        "will not be published). You need do nothing more. Thank you for taking the time to answer!",
    )
    if msg.meta.get("message_id"):
        note.headers = {**note.headers, "In-Reply-To": str(msg.meta["message_id"])}
    return Outcome("member_left", f"question {question.id}: reply not delivered")


def _refuse_sender(ctx: Context, msg: InboundMessage, assignment: Assignment, sender: str) -> Outcome:
    """Never deliver a reply from an unregistered address; tell the leader how to add it."""
    log.warning("reply for assignment %s from an unregistered address; not delivered", assignment.id)
    ctx.session.add(
        StaffFlag(
            kind="leader_sender_mismatch", inbound_id=msg.id, detail=f"assignment {assignment.id}", created_at=ctx.now
        )
    )
    to = leader_address(ctx.session, assignment.leader_id)
    if to is not None:
        message = (
            f"We received a reply to question #{assignment.question_id} from {sender or 'an unknown address'}, "
            "which is not registered for you, so it was not delivered to the member.\n\n"
            f"If that was you, ask the staff ({ctx.network.ask_address}) to add the address to your leader "
            "profile, then reply again from it. If it was not you, you need do nothing."
        )
        _notice(ctx, to, f"Your reply to question #{assignment.question_id} was not delivered", message)
    return Outcome("refused", "sender not registered for this leader")


def _offer_fresh_address(ctx: Context, msg: InboundMessage, assignment: Assignment, written: str) -> Outcome:
    """Volunteers answer late: an expired address gets a helpful reply with a fresh one, never a bounce, and
    their answer back, so they can send it again without retyping it."""
    fresh = reply_address(ctx.network.secret_key, assignment.id, ctx.now, ctx.network.mail_domain)
    to = leader_address(ctx.session, assignment.leader_id)
    if to is not None:
        message = (
            f"The reply address for question #{assignment.question_id} has expired, so your answer was not "
            f"sent yet. Please send it again to this address:\n\n{fresh}\n\n(Just reply to this e-mail.)"
        )
        if written.strip():
            message += (
                "\n\nHere is what you wrote: copy it into your reply, above the quoted text.\n\n"
                f"----- your answer -----\n{written.strip()}\n----- end of your answer -----"
            )
        subject = f"Please resend your answer to question #{assignment.question_id}"
        row = _notice(ctx, to, subject, message, inbound_id=msg.id)  # DELETE finds it by the reply it quotes
        row.headers = {**row.headers, "Reply-To": fresh}
    return Outcome("expired_token", f"fresh address sent for assignment {assignment.id}")


def _notice(
    ctx: Context,
    to: str,
    subject: str,
    message: str,
    *,
    inbound_id: int | None = None,
    headers: dict[str, str] | None = None,
) -> Outbound:
    rendered = render_email("leader_notice", network_name=ctx.network.name, subject=subject, message=message)
    return enqueue_email(
        ctx.session,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        now=ctx.now,
        kind="leader",
        inbound_id=inbound_id,
        headers=headers,
    )


def deliver_answer(ctx: Context, question: Question, assignment: Assignment, text: str) -> bool:
    """Send the answer on the member's own channel; False when they cannot be reached any more."""
    member = ctx.session.get(Member, question.member_id) if question.member_id is not None else None
    if member is None or member.status == "deleted":
        return False
    contact = ctx.session.scalars(
        select(Contact).where(Contact.member_id == member.id, Contact.channel == question.channel).order_by(Contact.id)
    ).first()
    if contact is None:
        return False
    leader = ctx.session.get(Leader, assignment.leader_id)
    signed = attribution(
        ctx.session, assignment.leader_id, leader.province if leader else question.province, member.lang
    )
    if question.channel == "sms":
        enqueue_sms(
            ctx.session,
            to=contact.address,
            text=render_sms("leader_answer", lang=member.lang, attribution=signed, answer=text),
            now=ctx.now,
            kind="answer",
        )
        contact.pending = {"kind": "thread", "question_id": question.id, "expires": (ctx.now + THREAD_TTL).isoformat()}
        return True
    rendered = render_email(
        "leader_answer",
        lang=member.lang,
        network_name=ctx.network.name,
        handle=member.handle or "",
        attribution=signed,
        named=bool(leader is not None and leader.show_name),  # "Ana Reyes, a peer leader (ON), answered"
        answer=text,
        question=question.text,
        reply_subject=reply_subject(question.subject or say("your_question", member.lang)),
    )
    thread = [str(t) for t in question.thread_ids]
    headers = {"In-Reply-To": thread[-1], "References": " ".join(thread[-10:])} if thread else {}
    row = enqueue_email(
        ctx.session,
        to=contact.address,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        headers=headers,
        now=ctx.now,
        kind="answer",
    )
    question.thread_ids = [*thread, message_id_for(row, ctx.network.mail_domain)]
    return True


def pass_on(
    session: Session,
    assignment: Assignment,
    question: Question,
    *,
    network: Network,
    now: datetime,
    reason: str = "passed",
    faq: FaqEngine | None = None,
) -> Outcome:
    """Hand the question to another leader (or the national pool), never back to one who passed.

    Claimed with a conditional UPDATE, like a reminder: of two workers (or a worker and a leader's reply)
    only the first moves an open turn on; the other finds it gone and does nothing.
    """
    if not claim(session, Assignment, assignment.id, frm="open", to=reason, closed_at=now):
        return Outcome("ignored", f"question {question.id}: the turn was no longer open")
    if reason == "bounced":
        flag_bounced_leader(session, assignment.leader_id, question.id, now=now)
    earlier = set(session.scalars(select(Assignment.leader_id).where(Assignment.question_id == question.id)))
    member = session.get(Member, question.member_id) if question.member_id is not None else None
    question.escalations += 1
    new = route_question(session, question, member, network=network, now=now, exclude=earlier, faq=faq)
    return Outcome("rerouted", f"question {question.id} to leader {new.leader_id if new else 'none'}")


def flag_bounced_leader(session: Session, leader_id: int, question_id: int, *, now: datetime) -> None:
    """Staff should fix a leader whose notices bounce: told once per leader, not once per bounce."""
    prefix = f"leader {leader_id}: "
    known = session.scalar(
        select(StaffFlag.id).where(
            StaffFlag.kind == "leader_bounced", StaffFlag.detail.startswith(prefix), StaffFlag.resolved_at.is_(None)
        )
    )
    if known is None:
        log.warning("notice to leader %s bounced (question %s)", leader_id, question_id)
        detail = f"{prefix}the notice for question {question_id} bounced; check their address (peerline leader list)"
        session.add(StaffFlag(kind="leader_bounced", detail=detail, created_at=now))


def message_from_a_leader(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """A leader writing to ask@ (not replying to a question) is writing to staff, not joining as a member."""
    if msg.channel != "email" or ctx.contact is None or ctx.member is not None:
        return None
    leader_id = ctx.session.scalar(
        select(LeaderAddress.leader_id).where(LeaderAddress.email == ctx.contact.address.lower())
    )
    if leader_id is None:
        return None
    ctx.session.add(
        StaffFlag(
            kind="leader_message",
            inbound_id=msg.id,
            detail=f"leader {leader_id}: {msg.subject}"[:500],
            created_at=ctx.now,
        )
    )
    _notice(
        ctx,
        ctx.contact.address,
        f"Re: {msg.subject}" if msg.subject else "Your message to the staff",
        "Thank you: your message was passed to the network's staff, who will get back to you.",
        headers=thread_headers(msg),
    )
    return Outcome("to_staff", f"message from leader {leader_id}")
