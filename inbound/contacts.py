"""Contact addresses in one canonical form, so one person is one contact whatever they type."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from outbound.addresses import canonical_address, normalise_phone
from store.models import Contact, Member
from store.queries_members import find_contact, find_or_create_contact

__all__ = [
    "canonical_address",
    "contacts_of",
    "find_contact",
    "find_or_create_contact",
    "member_of",
    "normalise_phone",
]


def member_of(session: Session, contact: Contact) -> Member | None:
    return session.get(Member, contact.member_id) if contact.member_id is not None else None


def contacts_of(session: Session, member_id: int) -> list[Contact]:
    return list(session.scalars(select(Contact).where(Contact.member_id == member_id).order_by(Contact.id)))
