"""A member's own data: a full copy on request (MYDATA), and erasure (DELETE) that keeps the board anonymised."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from inbound.contacts import contacts_of
from inbound.tokens import local_part_prefix
from outbound.email_build import outbox_id_of
from outbound.privacy import scrub_contact_details
from store.models import (
    Answer,
    Assignment,
    BoardPost,
    Consent,
    Contact,
    FollowUp,
    InboundMessage,
    Member,
    Outbound,
    Question,
)

ERASED = "erased"
ERASURE_CONFIRM = "erasure_confirm"
# A question whose member left before it was answered: never reminded, re-routed, answered or published.
WITHDRAWN = "withdrawn"
_OPEN_QUESTION = ("held", "routed", "routing")
# What is kept of a message about a former member's question that arrives after they left: only how it threads.
_THREADING = ("message_id", "in_reply_to", "references", "quoted_notices")


def member_data(session: Session, member: Member) -> dict[str, Any]:
    """Everything stored about the member, in plain JSON-able form."""
    questions = session.scalars(select(Question).where(Question.member_id == member.id)).all()
    contacts = contacts_of(session, member.id)
    addresses = [c.address for c in contacts]
    answers = (
        session.scalars(
            select(Answer).where(Answer.question_id.in_([q.id for q in questions]), Answer.private.is_(False))
        ).all()
        if questions
        else []
    )
    return {
        "member": {
            "handle": member.handle,
            "province": member.province,
            "planned_province": member.planned_province,
            "stage": member.stage,
            "language": member.lang,
            "status": member.status,
            "joined_at": member.joined_at,
            "reminders_off": member.reminders_off,
            "digest_off": member.digest_off,
        },
        "contacts": [
            {"channel": c.channel, "address": c.address, "opted_out": c.opted_out} for c in contacts
        ],
        "consents": [
            {"terms_version": c.terms_version, "channel": c.channel, "accepted_at": c.accepted_at}
            for c in session.scalars(select(Consent).where(Consent.member_id == member.id))
        ],
        "questions": [
            {"asked_at": q.created_at, "text": q.text, "status": q.status, "province": q.province} for q in questions
        ],
        "follow_ups": [
            {"question": f.question_id, "text": f.text, "at": f.created_at}
            for f in session.scalars(
                select(FollowUp).where(FollowUp.question_id.in_([q.id for q in questions])).order_by(FollowUp.id)
            )
        ],
        "answers": [{"question": a.question_id, "text": a.text, "at": a.created_at} for a in answers],
        "messages_from_you": [
            {"at": m.received_at, "channel": m.channel, "subject": m.subject, "text": m.body}
            for m in session.scalars(
                select(InboundMessage).where(InboundMessage.sender.in_(addresses)).order_by(InboundMessage.id)
            )
        ],
        "messages_to_you": [
            {"at": o.created_at, "channel": o.channel, "subject": o.subject, "text": o.body_text, "status": o.status}
            for o in session.scalars(select(Outbound).where(Outbound.to_address.in_(addresses)).order_by(Outbound.id))
        ],
    }


def pseudonym(member: Member) -> str:
    """A stable anonymous author name for the member's board posts once they are erased."""
    return "former-member-" + hashlib.sha256(f"peerline-erased-{member.id}".encode()).hexdigest()[:6]


def _scrubber(handles: set[str], alias: str, contacts: list[Contact]) -> Callable[[str], str]:
    """Text about the member with their handles (each as a word, any case) replaced by `alias` and their contact
    details removed."""
    phones = [c.address for c in contacts if c.channel == "sms"]
    emails = [c.address for c in contacts if c.channel == "email"]
    words = "|".join(re.escape(h) for h in sorted(handles, key=len, reverse=True))
    handle = re.compile(rf"(?<![\w.-])({words})(?![\w-])", re.I) if handles else None

    def scrub(text: str) -> str:
        if not text:
            return text
        text = handle.sub(alias, text) if handle is not None else text
        return scrub_contact_details(text, phones=phones, emails=emails)

    return scrub


def _messages_about(session: Session, question_ids: list[int], assignments: list[Assignment]) -> list[InboundMessage]:
    """Mail about these questions: the leaders' replies (stored as answers or not: a `#pass`, an expired or
    refused reply), and the auto-replies and bounces their notices drew. Found by the turn's reply address they
    were sent to, or by a notice's Message-ID they quote (In-Reply-To, References, or the headers a bounce
    returned, kept in `quoted_notices`)."""
    answers = select(Answer.inbound_id).where(Answer.question_id.in_(question_ids))
    found: list[ColumnElement[bool]] = [InboundMessage.id.in_(answers)]
    recipient = func.lower(InboundMessage.recipient)
    found += [recipient.startswith(local_part_prefix(a.id), autoescape=True) for a in assignments]
    meta = cast(InboundMessage.meta, Text)
    found += [meta.contains(str(notice), autoescape=True) for a in assignments for notice in a.notice_ids]
    return list(session.scalars(select(InboundMessage).where(InboundMessage.channel == "email", or_(*found))))


def _scrub_what_others_got_about(session: Session, member: Member, scrub: Callable[[str], str]) -> None:
    """Everything said about the member's questions: the questions themselves (kept for the board), the
    leaders' notices and reminders, their answers, the board posts, and the mail leaders' replies, auto-replies
    and bounces brought (with what we wrote back to it)."""
    questions = list(session.scalars(select(Question).where(Question.member_id == member.id)))
    question_ids = [q.id for q in questions]
    if not question_ids:
        return
    for question in questions:
        question.text, question.subject = scrub(question.text), scrub(question.subject)
    assignments = list(session.scalars(select(Assignment).where(Assignment.question_id.in_(question_ids))))
    outbox_ids = {i for a in assignments for m in a.notice_ids if (i := outbox_id_of(str(m))) is not None}
    for row in session.scalars(select(Outbound).where(Outbound.id.in_(outbox_ids))) if outbox_ids else ():
        row.subject, row.body_text, row.body_html = scrub(row.subject), scrub(row.body_text), scrub(row.body_html)
    for answer in session.scalars(select(Answer).where(Answer.question_id.in_(question_ids))):
        answer.text = scrub(answer.text)
    for post in session.scalars(select(BoardPost).where(BoardPost.question_id.in_(question_ids))):
        post.question_text, post.answer_text = scrub(post.question_text), scrub(post.answer_text)
    messages = _messages_about(session, question_ids, assignments)
    for message in messages:
        # What they say is kept, without the handle; the raw mail is not: it quotes the notice, handle and all,
        # in forms no pattern reliably finds (encoded headers, base64 parts).
        message.subject, message.body, message.raw = scrub(message.subject), scrub(message.body), None
        message.meta = json.loads(scrub(json.dumps(message.meta)))  # headers quote the notice's subject
    answered = [m.id for m in messages]
    for row in session.scalars(select(Outbound).where(Outbound.inbound_id.in_(answered))) if answered else ():
        # What we wrote back: an expired address's note quotes the leader's answer.
        row.subject, row.body_text, row.body_html = scrub(row.subject), scrub(row.body_text), scrub(row.body_html)


def _withdraw_open_questions(session: Session, member: Member, *, now: datetime) -> None:
    """Their unanswered questions leave with them: no reminder, no re-routing, no notice still to go."""
    question_ids = select(Question.id).where(Question.member_id == member.id)
    session.execute(
        update(Question)
        .where(Question.member_id == member.id, Question.status.in_(_OPEN_QUESTION))
        .values(status=WITHDRAWN)
    )
    turns = list(
        session.scalars(select(Assignment).where(Assignment.question_id.in_(question_ids), Assignment.status == "open"))
    )
    session.execute(
        update(Assignment)
        .where(Assignment.id.in_([t.id for t in turns]), Assignment.status == "open")
        .values(status=WITHDRAWN, closed_at=now)
    )
    waiting = {i for t in turns for m in t.notice_ids if (i := outbox_id_of(str(m))) is not None}
    if waiting:
        session.execute(
            update(Outbound)
            .where(Outbound.id.in_(waiting), Outbound.status == "queued")
            .values(status="suppressed", last_error="the member left the network")
        )


def left_the_network(session: Session, question: Question) -> bool:
    """The question's member erased their data (DELETE): nothing more reaches them about it."""
    if question.status == WITHDRAWN:
        return True
    member = session.get(Member, question.member_id) if question.member_id is not None else None
    return member is not None and member.status == "deleted"


def forget_message(message: InboundMessage) -> None:
    """A message about a former member's question, arriving after they left: it may quote their handle (the
    notice's subject, a greeting), which is no longer known to replace. Only how it threads is kept."""
    message.subject, message.body, message.raw = "", "", None
    message.meta = {key: message.meta[key] for key in _THREADING if key in message.meta}


def about_a_former_member(session: Session, message: InboundMessage, assignment_id: int | None) -> bool:
    """Whether this mail (an auto-reply, a bounce) is about a question whose member left: by the turn it was
    sent to, or by a notice it quotes."""
    if assignment_id is not None:
        assignment = session.get(Assignment, assignment_id)
        question = session.get(Question, assignment.question_id) if assignment is not None else None
        return question is not None and left_the_network(session, question)
    quoted = {str(message.meta.get("in_reply_to") or ""), *map(str, message.meta.get("references", []))}
    quoted |= set(map(str, message.meta.get("quoted_notices", [])))
    quoted.discard("")
    if not quoted:
        return False
    notices = cast(Assignment.notice_ids, Text)
    gone = (
        select(Assignment.id)
        .join(Question, Question.id == Assignment.question_id)
        .join(Member, Member.id == Question.member_id)
        .where(or_(Question.status == WITHDRAWN, Member.status == "deleted"))
        .where(or_(*(notices.contains(q, autoescape=True) for q in sorted(quoted))))
    )
    return session.scalars(gone.limit(1)).first() is not None


def erase_member(session: Session, member: Member, *, now: datetime) -> None:
    """Erase contact details and the handle everywhere; keep the anonymised questions and answers."""
    contacts = contacts_of(session, member.id)
    addresses = [c.address for c in contacts]
    _withdraw_open_questions(session, member, now=now)
    # Their handle now, and any earlier one their posts were published under (NAME changes it).
    alias = pseudonym(member)
    handles = set(
        session.scalars(
            select(BoardPost.author).where(
                BoardPost.question_id.in_(select(Question.id).where(Question.member_id == member.id))
            )
        )
    )
    handles = {h for h in (*handles, member.handle) if h and h != alias}
    _scrub_what_others_got_about(session, member, _scrubber(handles, alias, contacts))
    if addresses:
        # Messages they sent: keep the row (it explains what happened), drop who and the raw mail.
        session.execute(
            update(InboundMessage)
            .where(InboundMessage.sender.in_(addresses))
            .values(sender=ERASED, raw=None, body="", subject="", meta={})
        )
        session.execute(
            update(InboundMessage)
            .where(InboundMessage.id.in_(select(Question.inbound_id).where(Question.member_id == member.id)))
            .values(sender=ERASED, raw=None, body="", subject="", meta={})
        )
        # What we sent them, or were about to: no address, no text that could carry their handle.
        others = Outbound.kind != ERASURE_CONFIRM  # the confirmation must still reach them
        session.execute(
            update(Outbound)
            .where(Outbound.to_address.in_(addresses), Outbound.status.in_(["queued", "sending"]), others)
            .values(status="suppressed", last_error="member erased their data")
        )
        session.execute(
            update(Outbound)
            .where(Outbound.to_address.in_(addresses), others)
            .values(to_address=ERASED, body_text="", body_html="", headers={}, attachments=[])
        )
    for contact in session.scalars(
        select(Contact).where(or_(Contact.member_id == member.id, Contact.address.in_(addresses)))
    ):
        if contact.opted_out:
            # An opt-out must outlive the member (carrier and CASL rules): keep the bare address, unlinked.
            contact.member_id = None
            contact.pending = {}
        else:
            session.delete(contact)
    # Their follow-ups were never published: they go with the raw messages (the question stays for the board).
    session.execute(
        delete(FollowUp).where(FollowUp.question_id.in_(select(Question.id).where(Question.member_id == member.id)))
    )
    session.execute(
        update(BoardPost)
        .where(BoardPost.question_id.in_(select(Question.id).where(Question.member_id == member.id)))
        .values(author=alias)
    )
    member.handle = None
    member.stage = None
    member.status = "deleted"
    member.join_step = None
    member.deleted_at = now
    session.flush()


def scrub_erasure_confirmations(session: Session) -> int:
    """Once the last message to an erased member has gone (or failed), forget where it went."""
    result = session.execute(
        update(Outbound)
        .where(
            Outbound.kind == ERASURE_CONFIRM,
            Outbound.status.in_(["sent", "failed", "suppressed"]),
            Outbound.to_address != ERASED,
        )
        .values(to_address=ERASED, body_text="", body_html="", headers={}, attachments=[])
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
