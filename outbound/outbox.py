"""The outbox api: every outgoing message is a queued row first, written in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from store.models import Outbound
from store.queries import add_outbound


def enqueue_email(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    now: datetime,
    html: str = "",
    headers: dict[str, Any] | None = None,
    inbound_id: int | None = None,
    kind: str = "reply",
) -> Outbound:
    return add_outbound(
        session,
        Outbound(
            channel="email",
            kind=kind,
            to_address=to,
            subject=subject,
            body_text=text,
            body_html=html,
            headers=dict(headers or {}),
            inbound_id=inbound_id,
            status="queued",
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        ),
    )


def enqueue_sms(
    session: Session,
    *,
    to: str,
    text: str,
    now: datetime,
    inbound_id: int | None = None,
    kind: str = "reply",
) -> Outbound:
    return add_outbound(
        session,
        Outbound(
            channel="sms",
            kind=kind,
            to_address=to,
            body_text=text,
            headers={},
            inbound_id=inbound_id,
            status="queued",
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        ),
    )
