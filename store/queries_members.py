"""Small typed queries about contacts, members and board posts. Take a Session, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from store.models import Answer, BoardPost, Consent, Contact, Member, Question


def contacts_at(session: Session, channel: str, addresses: Iterable[str]) -> Sequence[Contact]:
    """Contacts on `channel` whose address is one of `addresses` (exact match: the unique index)."""
    wanted = sorted({a for a in addresses if a})
    if not wanted:
        return ()
    return session.scalars(
        select(Contact).where(Contact.channel == channel, Contact.address.in_(wanted)).order_by(Contact.id)
    ).all()


def find_contact(session: Session, channel: str, address: str) -> Contact | None:
    """The contact stored under exactly this (canonical) address."""
    return session.scalar(select(Contact).where(Contact.channel == channel, Contact.address == address))


def find_or_create_contact(session: Session, channel: str, address: str, now: datetime) -> Contact:
    contact = find_contact(session, channel, address)
    if contact is None:
        contact = Contact(channel=channel, address=address, opted_out=False, pending={}, created_at=now, updated_at=now)
        session.add(contact)
        session.flush()
    return contact


def contacts_of_member(session: Session, member_id: int) -> Sequence[Contact]:
    return session.scalars(select(Contact).where(Contact.member_id == member_id).order_by(Contact.id)).all()


def set_contact_opted_out(session: Session, contact_id: int, *, opted_out: bool, now: datetime) -> bool:
    """True when the contact exists (whether or not it changed): repeating it is harmless."""
    result = session.execute(
        update(Contact).where(Contact.id == contact_id).values(opted_out=opted_out, updated_at=now)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


def active_member(session: Session, member_id: int) -> Member | None:
    """The member if they finished joining and have not deleted their data."""
    member = session.get(Member, member_id)
    return member if member is not None and member.status == "active" else None


def has_consented(session: Session, member_id: int) -> bool:
    return session.scalar(select(Consent.id).where(Consent.member_id == member_id).limit(1)) is not None


def question(session: Session, question_id: int) -> Question | None:
    return session.get(Question, question_id)


def public_answers(session: Session, question_id: int) -> Sequence[Answer]:
    """A question's answers that may be published (not marked private), oldest first."""
    return session.scalars(
        select(Answer)
        .where(Answer.question_id == question_id, Answer.private.is_(False))
        .order_by(Answer.created_at, Answer.id)
    ).all()


def board_post_for_question(session: Session, question_id: int) -> BoardPost | None:
    return session.scalar(select(BoardPost).where(BoardPost.question_id == question_id))


def board_listing_query(*, offset: int, limit: int, province: str | None = None) -> Select[Any]:
    """Published, non-hidden posts, newest first; walks ix_board_post_listing (hidden, published_at)."""
    query = select(BoardPost).where(BoardPost.hidden.is_(False))
    if province is not None:
        query = query.where(BoardPost.province == province)
    return query.order_by(BoardPost.published_at.desc(), BoardPost.id.desc()).offset(offset).limit(limit)


def visible_board_posts(
    session: Session, *, offset: int, limit: int, province: str | None = None
) -> Sequence[BoardPost]:
    return session.scalars(board_listing_query(offset=offset, limit=limit, province=province)).all()


def visible_board_post(session: Session, post_id: int) -> BoardPost | None:
    return session.scalar(select(BoardPost).where(BoardPost.id == post_id, BoardPost.hidden.is_(False)))

