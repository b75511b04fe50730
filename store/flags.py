"""Staff flags: what staff must look at (exam-content requests, questions with no leader, failed messages,
bouncing leaders…): small typed queries for the staff commands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Contact, InboundMessage, Leader, LeaderAddress, Member, StaffFlag


class FlagError(ValueError):
    """A staff command that cannot be carried out, with the reason in words."""


@dataclass(frozen=True)
class FlagRow:
    id: int
    kind: str
    created_at: datetime
    resolved_at: datetime | None
    detail: str
    message: str  # the flagged message's own words (subject or text), "" when none or erased
    # Who sent the flagged message, as staff may know them: the member's handle, "leader <name>", "a non-member",
    # or "" when the flag is not about a message (or the message is erased).
    sender: str = ""


def list_flags(session: Session, *, include_resolved: bool = False, kind: str | None = None) -> list[FlagRow]:
    """Open flags (all of them with include_resolved), oldest first: a queue to work through."""
    query = (
        select(StaffFlag, InboundMessage.subject, InboundMessage.body, InboundMessage.id, Member.handle, Leader.name)
        .outerjoin(InboundMessage, InboundMessage.id == StaffFlag.inbound_id)
        .outerjoin(Contact, (Contact.channel == InboundMessage.channel) & (Contact.address == InboundMessage.sender))
        .outerjoin(Member, (Member.id == Contact.member_id) & (Member.status == "active"))
        .outerjoin(
            LeaderAddress,
            (InboundMessage.channel == "email") & (LeaderAddress.email == func.lower(InboundMessage.sender)),
        )
        .outerjoin(Leader, Leader.id == LeaderAddress.leader_id)
        .order_by(StaffFlag.id)
    )
    if not include_resolved:
        query = query.where(StaffFlag.resolved_at.is_(None))
    if kind is not None:
        query = query.where(StaffFlag.kind == kind)
    return [
        FlagRow(
            id=flag.id,
            kind=flag.kind,
            created_at=flag.created_at,
            resolved_at=flag.resolved_at,
            detail=flag.detail or "",
            message=(body or subject or "").strip(),
            sender=_sender(handle, leader) if message_id is not None else "",
        )
        for flag, subject, body, message_id, handle, leader in session.execute(query)
    ]


def _sender(handle: str | None, leader: str | None) -> str:
    if handle:
        return handle
    return f"leader {leader}" if leader else "a non-member"


def flag_kinds(session: Session) -> list[str]:
    """The kinds of flag raised so far."""
    return sorted(set(session.scalars(select(StaffFlag.kind).distinct())))


def resolve_flags(session: Session, ids: Sequence[int], *, now: datetime) -> list[tuple[int, datetime | None]]:
    """Mark flags resolved; returns each id with when it had been resolved before (None: resolved now).

    All or nothing: an unknown id raises FlagError before anything changes.
    """
    flags = {f.id: f for f in session.scalars(select(StaffFlag).where(StaffFlag.id.in_(list(ids))))}
    missing = [i for i in dict.fromkeys(ids) if i not in flags]
    if missing:
        raise FlagError(f"no flag with id {', '.join(map(str, missing))}")
    done: list[tuple[int, datetime | None]] = []
    for flag_id in dict.fromkeys(ids):
        flag = flags[flag_id]
        done.append((flag_id, flag.resolved_at))
        if flag.resolved_at is None:
            flag.resolved_at = now
    return done
