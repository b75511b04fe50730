"""Database models (SQLAlchemy 2.0, typed). Persistence only: no behaviour beyond defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class InboundMessage(Base):
    """Everything that arrives, stored before it is acted on."""

    __tablename__ = "inbound_message"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_inbound_channel_external_id"),
        Index("ix_inbound_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "sms" | "email"
    # Twilio MessageSid or the e-mail Message-ID: a retry of the same message is the same row.
    external_id: Mapped[str] = mapped_column(String(998))
    sender: Mapped[str] = mapped_column(String(320))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    raw: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime]
    # queued -> processing -> done | failed
    status: Mapped[str] = mapped_column(String(16), default="queued")
    outcome: Mapped[str] = mapped_column(String(64), default="")
    trail: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class Outbound(Base):
    """The outbox: every message we send is written here first, then delivered by the worker."""

    __tablename__ = "outbound"
    __table_args__ = (
        Index("ix_outbound_due", "status", "next_attempt_at"),
        Index("ix_outbound_provider_id", "provider_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "sms" | "email"
    kind: Mapped[str] = mapped_column(String(32), default="reply")  # reply | reminder | digest | leader
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Extra e-mail headers (In-Reply-To, References, List-Unsubscribe, ...).
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"), nullable=True)
    # queued -> sending -> sent | failed (queued again with a later next_attempt_at on a transient error)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    provider_id: Mapped[str] = mapped_column(String(64), default="")
    provider_status: Mapped[str] = mapped_column(String(32), default="")
    segments: Mapped[int] = mapped_column(Integer, default=0)
    encoding: Mapped[str] = mapped_column(String(8), default="")


class FaqEntry(Base):
    """One knowledge-base entry, as staff maintain it."""

    __tablename__ = "faq_entry"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), default="")
    province: Mapped[str] = mapped_column(String(16), default="national")
    question: Mapped[str] = mapped_column(Text)
    alternates: Mapped[list[Any]] = mapped_column(default=list)
    answer_sms: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    links: Mapped[list[Any]] = mapped_column(default=list)
    verify: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]
