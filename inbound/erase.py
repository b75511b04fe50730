"""A member's own data: a full copy on request (MYDATA), and erasure (DELETE) that keeps the board anonymised."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from inbound.contacts import contacts_of
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


def member_data(session: Session, member: Member) -> dict[str, Any]:
    """Everything stored about the member, in plain JSON-able form."""
    questions = session.scalars(select(Question).where(Question.member_id == member.id)).all()
    addresses = [c.address for c in contacts_of(session, member.id)]
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
            {"channel": c.channel, "address": c.address, "opted_out": c.opted_out}
            for c in contacts_of(session, member.id)
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


def _scrubber(member: Member, contacts: list[Contact]) -> Callable[[str], str]:
    """Text about the member with their handle (as a word, any case) replaced and their contact details removed."""
    phones = [c.address for c in contacts if c.channel == "sms"]
    emails = [c.address for c in contacts if c.channel == "email"]
    handle = re.compile(rf"(?<![\w.-]){re.escape(member.handle)}(?![\w-])", re.I) if member.handle else None
    alias = pseudonym(member)

    def scrub(text: str) -> str:
        if not text:
            return text
        text = handle.sub(alias, text) if handle is not None else text
        return scrub_contact_details(text, phones=phones, emails=emails)

    return scrub


def _scrub_what_others_got_about(session: Session, member: Member, scrub: Callable[[str], str]) -> None:
    """Leaders' notices and reminders about the member's questions, and the leaders' replies that quote them."""
    questions = select(Question.id).where(Question.member_id == member.id)
    notice_ids = session.scalars(select(Assignment.notice_ids).where(Assignment.question_id.in_(questions))).all()
    outbox_ids = {i for ids in notice_ids for m in ids if (i := outbox_id_of(str(m))) is not None}
    for row in session.scalars(select(Outbound).where(Outbound.id.in_(outbox_ids))) if outbox_ids else ():
        row.subject, row.body_text, row.body_html = scrub(row.subject), scrub(row.body_text), scrub(row.body_html)
    replies = select(Answer.inbound_id).where(Answer.question_id.in_(questions), Answer.inbound_id.is_not(None))
    for message in session.scalars(select(InboundMessage).where(InboundMessage.id.in_(replies))):
        # The leader's words are kept in `answer`; the raw mail quotes the notice, handle and all.
        message.subject, message.body, message.raw = scrub(message.subject), scrub(message.body), None
        message.meta = json.loads(scrub(json.dumps(message.meta)))  # headers quote the notice's subject


def erase_member(session: Session, member: Member, *, now: datetime) -> None:
    """Erase contact details and the handle everywhere; keep the anonymised questions and answers."""
    contacts = contacts_of(session, member.id)
    addresses = [c.address for c in contacts]
    _scrub_what_others_got_about(session, member, _scrubber(member, contacts))
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
    if member.handle:
        session.execute(update(BoardPost).where(BoardPost.author == member.handle).values(author=pseudonym(member)))
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
