"""Database models (SQLAlchemy 2.0, typed). Persistence only: no behaviour beyond defaults."""

from __future__ import annotations

from datetime import UTC, datetime
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
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database: SQLite stores no zone and would hand back naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC instant")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
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
    # E-mail attachments: [{"filename", "content_type", "text"}] (text only: a member's data export).
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"), nullable=True)
    # queued -> sending -> sent | failed (queued again with a later next_attempt_at on a transient error);
    # suppressed when the recipient opted out before it went.
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


class Member(Base):
    """A person in the network. Contact details live in `contact`, never on anything published."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique among members; NULL until chosen and again after deletion (the board keeps a pseudonym).
    handle: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    province: Mapped[str | None] = mapped_column(String(8), nullable=True)  # "ON"…, "ABROAD", or unknown
    planned_province: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Where they are on the way (credentials | pla | exam | licence | job_search | working), if they said: STAGE.
    stage: Mapped[str | None] = mapped_column(String(16), nullable=True)
    lang: Mapped[str] = mapped_column(String(2), default="en")
    # joining -> active -> deleted
    status: Mapped[str] = mapped_column(String(16), default="joining")
    join_step: Mapped[str | None] = mapped_column(String(16), nullable=True)  # province | handle | terms
    reminders_off: Mapped[bool] = mapped_column(Boolean, default=False)
    digest_off: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    joined_at: Mapped[datetime | None] = mapped_column(nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Contact(Base):
    """A phone number or e-mail address. It may exist without a member (an opted-out stranger)."""

    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_contact_channel_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), nullable=True, index=True)
    channel: Mapped[str] = mapped_column(String(8))  # "sms" | "email"
    address: Mapped[str] = mapped_column(String(320))  # E.164, or e-mail with a lower-cased domain
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)  # carrier STOP / e-mail unsubscribe
    # A short-lived conversational state: numbered suggestions, a pending DELETE, a LINK code, MORE parts.
    pending: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Consent(Base):
    """What a member accepted, which version, when and how: recorded before anything is published."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    terms_version: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8))
    accepted_at: Mapped[datetime]
    wording: Mapped[str] = mapped_column(Text, default="")


class Leader(Base):
    """A volunteer who answers routed questions by e-mail; province "national" is the staff pool."""

    __tablename__ = "leader"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    province: Mapped[str] = mapped_column(String(16), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)  # opt-in attribution by name
    created_at: Mapped[datetime]


class LeaderAddress(Base):
    __tablename__ = "leader_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leader.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)


class Question(Base):
    """A member's question that needs a person: held while they join, routed, answered."""

    __tablename__ = "question"
    __table_args__ = (Index("ix_question_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), nullable=True, index=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str | None] = mapped_column(String(8), nullable=True)
    suggestions: Mapped[list[Any]] = mapped_column(default=list)  # FAQ ids the engine considered
    # FAQ ids the member already saw and turned down ("0" after suggestions, "NO" after an answer).
    declined: Mapped[list[Any]] = mapped_column(default=list)
    # held -> routed -> answered | closed; withdrawn when the member left (DELETE) first; exam_flagged never
    # leaves staff
    status: Mapped[str] = mapped_column(String(16), default="held")
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("leader.id"), nullable=True, index=True)
    created_at: Mapped[datetime]
    routed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    escalations: Mapped[int] = mapped_column(Integer, default=0)
    member_told_late: Mapped[bool] = mapped_column(Boolean, default=False)
    # Message-IDs of what the member received about this question, so answers thread under them.
    thread_ids: Mapped[list[Any]] = mapped_column(default=list)


class Assignment(Base):
    """One leader's turn at one question; the reply token names it."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leader.id"), index=True)
    # open -> answered | passed | rerouted (no answer in time) | bounced (their notice bounced) | away (an
    # out-of-office) | closed (another of the question's leaders answered it) | withdrawn (the member left)
    status: Mapped[str] = mapped_column(String(16), default="open")
    assigned_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Message-IDs of the e-mails the leader got for this turn: auto-replies and bounces quote them.
    notice_ids: Mapped[list[Any]] = mapped_column(default=list)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)


class FollowUp(Base):
    """What a member added to a routed question: it goes to the question's leader, and with the whole
    conversation to any leader the question moves to."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Answer(Base):
    """A leader's answer (or a follow-up); publishable answers become board posts."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("leader.id"), nullable=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    faq_candidate: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class BoardPost(Base):
    """An anonymised question and answer on the board; staff can hide or edit it."""

    __tablename__ = "board_post"
    __table_args__ = (Index("ix_board_post_listing", "hidden", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), unique=True)
    province: Mapped[str | None] = mapped_column(String(8), nullable=True)
    author: Mapped[str] = mapped_column(String(40))  # the handle at publication, or a pseudonym after DELETE
    question_text: Mapped[str] = mapped_column(Text)
    answer_text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime]
    edited_at: Mapped[datetime | None] = mapped_column(nullable=True)


class StaffFlag(Base):
    """Something staff must look at: exam-content requests, failed deliveries, mismatched senders."""

    __tablename__ = "staff_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None] = mapped_column(nullable=True)
