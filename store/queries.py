"""Small typed queries. Functions take a Session and never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.models import FaqEntry, InboundMessage, Outbound


def add_inbound(session: Session, message: InboundMessage) -> InboundMessage | None:
    """Store an inbound message; None when the same (channel, external_id) is already stored."""
    existing = session.scalar(
        select(InboundMessage.id).where(
            InboundMessage.channel == message.channel, InboundMessage.external_id == message.external_id
        )
    )
    if existing is not None:
        return None
    try:
        with session.begin_nested():  # a concurrent retry may win the race: the savepoint keeps us usable
            session.add(message)
            session.flush()
    except IntegrityError:
        return None
    return message


def queued_inbound_ids(session: Session, limit: int = 100) -> Sequence[int]:
    return session.scalars(
        select(InboundMessage.id).where(InboundMessage.status == "queued").order_by(InboundMessage.id).limit(limit)
    ).all()


def add_outbound(session: Session, row: Outbound) -> Outbound:
    session.add(row)
    session.flush()
    return row


def due_outbound_ids(session: Session, now: datetime, limit: int = 100) -> Sequence[int]:
    return session.scalars(
        select(Outbound.id)
        .where(Outbound.status == "queued", Outbound.next_attempt_at <= now)
        .order_by(Outbound.next_attempt_at, Outbound.id)
        .limit(limit)
    ).all()


def faq_entries(session: Session) -> Sequence[FaqEntry]:
    return session.scalars(select(FaqEntry).order_by(FaqEntry.id)).all()


def faq_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(FaqEntry)) or 0


def faq_version(session: Session) -> tuple[int, datetime | None]:
    """Changes whenever the knowledge base changes, so a cached index knows to rebuild."""
    row = session.execute(select(func.count(), func.max(FaqEntry.updated_at))).one()
    return int(row[0]), row[1]


def replace_faq_entries(session: Session, entries: Iterable[dict[str, Any]], now: datetime) -> int:
    session.execute(delete(FaqEntry))
    count = 0
    for entry in entries:
        session.add(FaqEntry(updated_at=now, **entry))
        count += 1
    session.flush()
    return count
