"""Contact addresses in one canonical form, so one person is one contact whatever they type."""

from __future__ import annotations

from datetime import datetime

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from inbound.mime import normalise_address
from store.models import Contact, Member


def normalise_phone(raw: str, default_region: str = "CA") -> str | None:
    """E.164 for a Canadian or international number ("(416) 555-0101" -> "+14165550101"), else None."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def canonical_address(channel: str, raw: str) -> str:
    """The stored form: E.164 for SMS (raw kept if unparsable), e-mail with its domain lower-cased."""
    if channel == "sms":
        return normalise_phone(raw) or raw.strip()
    return normalise_address(raw)


def find_contact(session: Session, channel: str, address: str) -> Contact | None:
    return session.scalar(select(Contact).where(Contact.channel == channel, Contact.address == address))


def find_or_create_contact(session: Session, channel: str, address: str, now: datetime) -> Contact:
    contact = find_contact(session, channel, address)
    if contact is None:
        contact = Contact(channel=channel, address=address, opted_out=False, pending={}, created_at=now, updated_at=now)
        session.add(contact)
        session.flush()
    return contact


def member_of(session: Session, contact: Contact) -> Member | None:
    return session.get(Member, contact.member_id) if contact.member_id is not None else None


def contacts_of(session: Session, member_id: int) -> list[Contact]:
    return list(session.scalars(select(Contact).where(Contact.member_id == member_id).order_by(Contact.id)))
