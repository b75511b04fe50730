"""Routing: a question that needs a person goes to a leader of the member's province, fairly, by e-mail.

Leaders answer by pressing Reply; the reply address `r.TOKEN@DOMAIN` names their turn (an Assignment).
Neither side ever sees the other's address: the leader sees a handle, the member "a peer leader (ON)".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from faq_engine import FaqEngine
from inbound.context import Context, Network
from inbound.stages import stage_label
from inbound.tokens import reply_address
from outbound.email_build import message_id_for, outbox_id_of
from outbound.outbox import enqueue_email
from outbound.privacy import scrub_contact_details
from outbound.render import render_email
from store.models import (
    Answer,
    Assignment,
    FollowUp,
    Leader,
    LeaderAddress,
    Member,
    Outbound,
    Question,
    StaffFlag,
)

log = logging.getLogger(__name__)

NATIONAL = "national"


def leader_pool(member_province: str | None) -> str:
    """Members abroad or of unknown province go to the national pool (staff)."""
    if not member_province or member_province == "ABROAD":
        return NATIONAL
    return member_province


def choose_leader(
    session: Session,
    province: str,
    *,
    exclude: set[int] | frozenset[int] = frozenset(),
    unreachable: set[int] | frozenset[int] = frozenset(),
) -> Leader | None:
    """The active leader of the province with the fewest open questions; else the national pool.

    `exclude`: leaders who already had the question (staff may still get it back as the last resort);
    `unreachable`: leaders never to try, not even then (their notice bounced, or they are away).
    """
    open_count = (
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.leader_id == Leader.id, Assignment.status == "open")
        .scalar_subquery()
    )
    # Leaders who already had the question are skipped; staff (the national pool) are the last resort
    # even if they had it before: someone must answer.
    # Never a leader who cannot be reached, though: sending to a bouncing address again only feeds a loop.
    attempts = [(pool, exclude | unreachable) for pool in dict.fromkeys([province, NATIONAL])]
    attempts.append((NATIONAL, frozenset(unreachable)))
    for pool, skipped in attempts:
        query = select(Leader).where(Leader.province == pool, Leader.paused.is_(False))
        if skipped:
            query = query.where(Leader.id.not_in(skipped))
        leader = session.scalars(query.order_by(open_count, Leader.id).limit(1)).first()
        if leader is not None:
            return leader
    return None


def _flagged(session: Session, question_id: int) -> bool:
    return (
        session.scalar(
            select(StaffFlag.id).where(
                StaffFlag.kind == "no_leader", StaffFlag.detail.startswith(f"question {question_id} ")
            )
        )
        is not None
    )


def unreachable_leaders(session: Session, question_id: int, *, now: datetime, away_for: timedelta) -> set[int]:
    """Leaders not to send this question to: their notice for it bounced (for good), or they answered it with
    an out-of-office less than `away_for` ago (then they may get it back, once, if nobody else can)."""
    turns = session.execute(
        select(Assignment.leader_id, Assignment.status, Assignment.closed_at).where(
            Assignment.question_id == question_id, Assignment.status.in_(["bounced", "away"])
        )
    )
    return {
        leader_id
        for leader_id, status, closed_at in turns
        if status == "bounced" or (closed_at is not None and closed_at > now - away_for)
    }


def leader_address(session: Session, leader_id: int) -> str | None:
    return session.scalars(
        select(LeaderAddress.email).where(LeaderAddress.leader_id == leader_id).order_by(LeaderAddress.id)
    ).first()


def route_question(
    session: Session,
    question: Question,
    member: Member | None,
    *,
    network: Network,
    now: datetime,
    faq: FaqEngine | None = None,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> Assignment | None:
    """Give the question to the least-busy leader of the member's province, by e-mail.

    With nobody to route to (no leader at all), the question stays `routed` without an assignment, and the
    scheduler tries again; staff see it on the list of waiting questions.
    """
    question.status = "routed"
    question.routed_at = question.routed_at or now
    if member is not None:
        question.province = member.province
    away_for = timedelta(hours=network.escalate_after_hours)
    unreachable = unreachable_leaders(session, question.id, now=now, away_for=away_for)
    leader = choose_leader(session, leader_pool(question.province), exclude=exclude, unreachable=unreachable)
    if leader is None:
        if question.leader_id is not None or not _flagged(session, question.id):
            # Once per question: staff must add a leader (or the national pool) for it to move.
            log.warning("no leader available for question %s (%s)", question.id, question.province)
            why = why_no_leader(session, question, exclude=exclude, unreachable=unreachable)
            detail = f"question {question.id} ({question.province}): {why}"
            session.add(StaffFlag(kind="no_leader", detail=detail, created_at=now))
        question.leader_id = None
        return None
    assignment = Assignment(question_id=question.id, leader_id=leader.id, status="open", assigned_at=now, notice_ids=[])
    session.add(assignment)
    session.flush()
    question.leader_id = leader.id
    send_leader_notice(
        session, assignment, question, member, network=network, now=now, faq=faq, template="leader_question"
    )
    return assignment


# How a leader's turn on a question ended, as staff read it in a `no_leader` flag.
_TURN_ENDED = {
    "rerouted": "no answer in time",
    "passed": "passed it with #pass",
    "answered": "answered it",
    "closed": "closed",
    "open": "still open",
}


def why_no_leader(
    session: Session, question: Question, *, exclude: set[int] | frozenset[int], unreachable: set[int]
) -> str:
    """Why no leader could take the question, leader by leader: those who had it (and how their turn ended)
    are not sent it again, those unreachable (bounced, or away lately) are not tried; or there is nobody."""
    pool = leader_pool(question.province)
    if not exclude and not unreachable:
        where = "the national pool" if pool == NATIONAL else f"{pool} or the national pool"
        return f"no active leader in {where}"
    turns = session.execute(
        select(Assignment.leader_id, Assignment.status)
        .where(Assignment.question_id == question.id)
        .order_by(Assignment.id)
    )
    last_turn = {leader_id: status for leader_id, status in turns}
    reasons = [
        f"leader {i} had it ({_TURN_ENDED.get(last_turn.get(i, ''), last_turn.get(i, 'earlier'))})"
        for i in sorted(set(exclude) - unreachable)
    ]
    reasons += [
        f"leader {i} unreachable ({'its notice bounced' if last_turn.get(i) == 'bounced' else 'out of office'})"
        for i in sorted(unreachable)
    ]
    return "no leader left to send it to: " + "; ".join(reasons)


def send_leader_notice(
    session: Session,
    assignment: Assignment,
    question: Question,
    member: Member | None,
    *,
    network: Network,
    now: datetime,
    template: str,
    faq: FaqEngine | None = None,
    follow_up: str = "",
    **extra: object,
) -> None:
    """An e-mail to the leader about this question; its Reply-To is the assignment's token address."""
    to = leader_address(session, assignment.leader_id)
    if to is None:
        log.error("leader %s has no e-mail address", assignment.leader_id)
        return
    ids = [*question.declined, *question.suggestions]
    titles = {s: faq.entry(s).question for s in ids if _has(faq, s)} if faq else {}
    declined = [titles[s] for s in question.declined if s in titles]
    suggestions = [titles[s] for s in question.suggestions if s in titles and s not in question.declined]
    province = question.province or "unknown"
    rendered = render_email(
        template,
        network_name=network.name,
        handle=(member.handle if member is not None and member.handle else "a member"),
        # what the member will see under this leader's answer (the national pool's carries no province)
        signed_as=attribution(session, assignment.leader_id, question.province),
        named=bool((leader := session.get(Leader, assignment.leader_id)) and leader.show_name),
        province=province,
        planned=(member.planned_province if member is not None else None),
        stage=(stage_label(member.stage) if member is not None else None),
        # The member's own words may carry their number or address; leaders never see those.
        question=scrub_contact_details(question.text, everything=True),
        thread=conversation(session, question, leader_id=assignment.leader_id),
        follow_up=scrub_contact_details(follow_up, everything=True),
        subject=scrub_contact_details(question.subject, everything=True),
        suggestions=suggestions,
        declined=declined,
        question_id=question.id,
        **extra,
    )
    token_address = reply_address(network.secret_key, assignment.id, now, network.mail_domain)
    row = enqueue_email(
        session,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        headers={"Reply-To": token_address},
        now=now,
        kind="leader",
    )
    assignment.notice_ids = [*assignment.notice_ids, message_id_for(row, network.mail_domain)]


@dataclass(frozen=True)
class ThreadItem:
    label: str
    when: str
    text: str


def conversation(session: Session, question: Question, *, leader_id: int) -> list[ThreadItem]:
    """What was said after the question, oldest first: the member's follow-ups and the leaders' answers.

    A leader the question moves to (re-routed, passed, escalated) gets it all, not just the first message;
    every line is scrubbed of contact details, as the question is.
    """
    # Ordered by time, then by arrival (the inbound message each came in), for things said at one instant.
    said: list[tuple[datetime, int, ThreadItem]] = []
    for follow_up in session.scalars(select(FollowUp).where(FollowUp.question_id == question.id)):
        item = ThreadItem("Follow-up from the member", f"{follow_up.created_at:%Y-%m-%d}", follow_up.text)
        said.append((follow_up.created_at, follow_up.inbound_id or 0, item))
    for answer in session.scalars(select(Answer).where(Answer.question_id == question.id)):
        label = "Your answer" if answer.leader_id == leader_id else "Answer from a peer leader"
        item = ThreadItem(label, f"{answer.created_at:%Y-%m-%d}", answer.text)
        said.append((answer.created_at, answer.inbound_id or 0, item))
    said.sort(key=lambda entry: (entry[0], entry[1]))
    return [
        ThreadItem(item.label, item.when, scrub_contact_details(item.text, everything=True)) for _, _, item in said
    ]


def attribution(session: Session, leader_id: int | None, province: str | None, lang: str = "en") -> str:
    """How an answer is signed: "A peer leader (ON)" ("Un pair (ON)"), or the name if the leader opted in."""
    where = f" ({province})" if province and province not in ("ABROAD", "national") else ""
    leader = session.get(Leader, leader_id) if leader_id is not None else None
    role = "un pair" if lang == "fr" else "a peer leader"
    if leader is not None and leader.show_name:
        return f"{leader.name}, {role}{where}"
    return f"{role[0].upper()}{role[1:]}{where}"


def notice_outbox_ids(assignment: Assignment) -> list[int]:
    """The outbox ids of the e-mails a leader got (or is about to get) for this turn."""
    return [i for n in assignment.notice_ids if (i := outbox_id_of(str(n))) is not None]


def notice_rows(session: Session, assignment: Assignment) -> Sequence[Outbound]:
    """The outbox rows of the e-mails a leader got (or is about to get) for this turn."""
    ids = notice_outbox_ids(assignment)
    if not ids:
        return []
    return session.scalars(select(Outbound).where(Outbound.id.in_(ids)).order_by(Outbound.id)).all()


def _has(faq: FaqEngine, faq_id: str) -> bool:
    try:
        faq.entry(faq_id)
    except KeyError:
        return False
    return True


def release_held_questions(ctx: Context, member: Member) -> tuple[int, int]:
    """Route the questions a member asked before joining; returns (how many, how many reached a leader)."""
    held = ctx.session.scalars(
        select(Question).where(Question.member_id == member.id, Question.status == "held").order_by(Question.id)
    ).all()
    reached = sum(
        route_question(ctx.session, q, member, network=ctx.network, now=ctx.now, faq=ctx.faq) is not None for q in held
    )
    return len(held), reached
