"""Leader records: small typed queries for the staff commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Assignment, Leader, LeaderAddress


class LeaderError(ValueError):
    """A staff command that cannot be carried out, with the reason in words."""


@dataclass(frozen=True)
class LeaderRow:
    id: int
    name: str
    province: str
    emails: tuple[str, ...]
    paused: bool
    open_questions: int


def _normal_email(address: str) -> str:
    local, _, domain = address.strip().rpartition("@")
    if not local or "." not in domain:
        raise LeaderError(f"not an e-mail address: {address!r}")
    return f"{local.lower()}@{domain.lower()}"


def add_address(session: Session, leader_id: int, email: str) -> None:
    if session.get(Leader, leader_id) is None:
        raise LeaderError(f"no leader with id {leader_id}")
    address = _normal_email(email)
    owner = session.scalar(select(LeaderAddress.leader_id).where(func.lower(LeaderAddress.email) == address))
    if owner is not None:
        raise LeaderError(f"{address} is already registered for leader {owner}")
    session.add(LeaderAddress(leader_id=leader_id, email=address))
    session.flush()


def add_leader(
    session: Session,
    *,
    name: str,
    emails: list[str],
    province: str,
    phone: str | None,
    now: datetime,
    show_name: bool = False,
) -> Leader:
    if not name.strip():
        raise LeaderError("a leader needs a name")
    if not emails:
        raise LeaderError("a leader needs at least one e-mail address")
    leader = Leader(
        name=name.strip(), province=province, phone=phone, paused=False, show_name=show_name, created_at=now
    )
    session.add(leader)
    session.flush()
    for email in emails:
        add_address(session, leader.id, email)
    return leader


def set_paused(session: Session, leader_id: int, paused: bool) -> Leader:
    leader = session.get(Leader, leader_id)
    if leader is None:
        raise LeaderError(f"no leader with id {leader_id}")
    leader.paused = paused
    return leader


def list_leaders(session: Session) -> list[LeaderRow]:
    open_count = (
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.leader_id == Leader.id, Assignment.status == "open")
        .scalar_subquery()
    )
    rows = session.execute(select(Leader, open_count).order_by(Leader.province, Leader.name)).all()
    addresses: dict[int, list[str]] = {}
    for leader_id, email in session.execute(
        select(LeaderAddress.leader_id, LeaderAddress.email).order_by(LeaderAddress.id)
    ):
        addresses.setdefault(leader_id, []).append(email)
    return [
        LeaderRow(
            leader.id, leader.name, leader.province, tuple(addresses.get(leader.id, [])), leader.paused, int(count)
        )
        for leader, count in rows
    ]
