"""The MORE command's outbound half: queue the next part of the last long SMS a number received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from outbound.delivery import MORE_KEY
from outbound.outbox import enqueue_sms
from store.models import Outbound


def enqueue_more(session: Session, *, to: str, now: datetime, inbound_id: int | None = None) -> Outbound | None:
    """None when the last SMS sent to `to` left nothing waiting (the caller then says so)."""
    last = session.scalars(
        select(Outbound)
        .where(Outbound.channel == "sms", Outbound.to_address == to, Outbound.status == "sent")
        .order_by(Outbound.id.desc())
        .limit(1)
    ).first()
    waiting = list((last.headers or {}).get(MORE_KEY, ())) if last is not None else []
    if last is None or not waiting:
        return None
    last.headers = {**last.headers, MORE_KEY: []}  # taken: a repeated MORE must not send the part twice
    row = enqueue_sms(session, to=to, text=waiting[0], now=now, inbound_id=inbound_id, kind=last.kind)
    row.headers = {MORE_KEY: waiting[1:]}  # delivery passes these on once this part is sent
    session.flush()
    return row
