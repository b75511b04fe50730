"""Nobody answers: remind the leader once, then hand the question on and tell the member it takes longer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from faq_engine import FaqEngine
from inbound.context import Network, duration_words
from inbound.leader_reply import pass_on
from inbound.routing import notice_outbox_ids, route_question, send_leader_notice
from inbound.texts import say
from outbound.outbox import enqueue_email, enqueue_sms
from store.claim import claim
from store.models import Assignment, Contact, Member, Outbound, Question

log = logging.getLogger(__name__)


@dataclass
class EscalationReport:
    reminded: int = 0
    rerouted: int = 0
    routed: int = 0


def _claim_reminder(session: Session, assignment_id: int, now: datetime) -> bool:
    """Two workers never both remind: the first conditional UPDATE wins."""
    result = session.execute(
        update(Assignment)
        .where(Assignment.id == assignment_id, Assignment.status == "open", Assignment.reminded_at.is_(None))
        .values(reminded_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _claim_waiting(session: Session, question_id: int) -> bool:
    """A question waiting for a leader is routed by one worker only (route_question sets it `routed` again)."""
    result = session.execute(
        update(Question)
        .where(Question.id == question_id, Question.status == "routed", Question.leader_id.is_(None))
        .values(status="routing")
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _notice_failed(session: Session, assignment: Assignment) -> bool:
    ids = notice_outbox_ids(assignment)
    failed = select(Outbound.id).where(Outbound.id.in_(ids), Outbound.status == "failed").limit(1)
    return bool(ids) and session.scalar(failed) is not None


def tell_member_late(session: Session, question: Question, *, network: Network, now: datetime) -> None:
    if question.member_told_late or question.member_id is None:
        return
    member = session.get(Member, question.member_id)
    contact = session.scalars(
        select(Contact).where(Contact.member_id == question.member_id, Contact.channel == question.channel)
    ).first()
    if member is None or contact is None:
        return
    text = say("member_late", member.lang)
    if contact.channel == "sms":
        enqueue_sms(session, to=contact.address, text=text, now=now, kind="notice")
    else:
        thread = [str(t) for t in question.thread_ids]
        headers = {"In-Reply-To": thread[-1], "References": " ".join(thread[-10:])} if thread else {}
        enqueue_email(
            session,
            to=contact.address,
            subject=f"Re: {question.subject or say('your_question', member.lang)}",
            text=f"{text}\n\n{network.name}\n",
            headers=headers,
            now=now,
            kind="notice",  # not a reply to anything they just sent: it carries the unsubscribe link
        )
    question.member_told_late = True


def escalate_due(session: Session, *, now: datetime, network: Network, faq: FaqEngine | None) -> EscalationReport:
    report = EscalationReport()
    after = timedelta(hours=network.escalate_after_hours)
    waited = duration_words(network.escalate_after_hours)
    # Runs on every worker pass: one query for the open turns and their questions, more only for what is due.
    open_turns = session.execute(
        select(Assignment, Question).join(Question, Question.id == Assignment.question_id).where(
            Assignment.status == "open"
        )
    ).all()
    for assignment, question in open_turns:
        if question.status == "answered":
            # Answered by another of its leaders: this turn is over; never remind or re-route an answer.
            claim(session, Assignment, assignment.id, frm="open", to="closed", closed_at=now)
        elif _notice_failed(session, assignment):
            # The leader's address bounced at our end: their turn ends now, not in two days.
            moved = pass_on(session, assignment, question, network=network, now=now, reason="bounced", faq=faq)
            if moved.name == "rerouted":
                report.rerouted += 1
        elif assignment.reminded_at is None and assignment.assigned_at <= now - after:
            if _claim_reminder(session, assignment.id, now):
                member = session.get(Member, question.member_id) if question.member_id is not None else None
                send_leader_notice(
                    session,
                    assignment,
                    question,
                    member,
                    network=network,
                    now=now,
                    template="leader_reminder",
                    waited=duration_words((now - assignment.assigned_at).total_seconds() / 3600),
                    passes_on_in=waited,
                )
                report.reminded += 1
        elif assignment.reminded_at is not None and assignment.reminded_at <= now - after:
            moved = pass_on(session, assignment, question, network=network, now=now, reason="rerouted", faq=faq)
            if moved.name == "rerouted":  # not if another worker moved it first
                tell_member_late(session, question, network=network, now=now)
                report.rerouted += 1
    # Questions that found no leader when they came (none registered yet) are tried again.
    waiting = session.scalars(select(Question).where(Question.status == "routed", Question.leader_id.is_(None))).all()
    for question in waiting:
        if not _claim_waiting(session, question.id):
            continue  # another worker routed it meanwhile
        member = session.get(Member, question.member_id) if question.member_id is not None else None
        earlier = set(session.scalars(select(Assignment.leader_id).where(Assignment.question_id == question.id)))
        if route_question(session, question, member, network=network, now=now, faq=faq, exclude=earlier):
            report.routed += 1
    if report.reminded or report.rerouted or report.routed:
        log.info("escalation: %s", report)
    return report
