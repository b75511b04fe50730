"""Deliver due outbox rows: claim, send outside any transaction, record the result; retry with back-off."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from outbound.addresses import canonical_address
from outbound.email_build import build_email
from outbound.email_senders import EmailSender
from outbound.errors import PermanentSendError, SendError, TransientSendError
from outbound.sms_senders import Sms, SmsSender
from outbound.sms_text import count_segments, shape_sms
from outbound.unsubscribe import UNSUBSCRIBABLE_KINDS, UnsubscribeLink, UnsubscribeLinks, is_unsubscribable
from store.claim import claim
from store.db import SessionFactory, transaction
from store.models import Member, Outbound
from store.queries import due_outbound_ids
from store.queries_members import contacts_at, find_or_create_contact

log = logging.getLogger(__name__)

# Wait before attempt 2, 3, 4, 5; a fifth transient failure marks the row failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
STALE_AFTER = timedelta(minutes=5)
MORE_KEY = "more"  # SMS rows keep the parts after "Reply MORE" here, for the MORE command

# After STOP a number gets exactly one message: the confirmation of the STOP itself.
# After STOP only the confirmation goes, and the answer to HELP (carriers require HELP to work always).
SMS_SENT_AFTER_OPT_OUT = frozenset({"optout_confirm", "carrier_help"})
# An unsubscribed e-mail address gets none of the mail that carries the unsubscribe link (answers that arrive
# later, notices, reminders, digests, invitations); direct replies to what the person sends, their data export
# and the confirmations still go out.
EMAIL_SUPPRESSED_AFTER_UNSUBSCRIBE = UNSUBSCRIBABLE_KINDS


@dataclass
class DeliveryReport:
    attempted: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lost_claims: int = 0  # another worker took the row first
    suppressed: int = 0  # not sent: the recipient opted out (of everything, or of this kind)


@dataclass(frozen=True)
class _Sent:
    provider_id: str
    segments: int = 0
    encoding: str = ""
    more: tuple[str, ...] = ()


_CONTACT = re.compile(r"[\w.+-]+@[\w.-]+|\+?\d[\d\s().-]{5,}\d")


def redact(text: str) -> str:
    """Logs never carry phone numbers or addresses (provider messages often quote them)."""
    return _CONTACT.sub("[redacted]", text)


def _address_forms(channel: str, address: str) -> set[str]:
    """The stored (canonical) form of a recipient, and the row's own text in case it was stored as typed."""
    forms = {address.strip(), canonical_address(channel, address)}
    return {form for form in forms if form}


def suppression_reason(session: Session, *, channel: str, kind: str, to_address: str) -> str | None:
    """Why a message must not be sent to its recipient now, or None to send it.

    SMS after STOP: nothing but the STOP confirmation (and HELP). E-mail after unsubscribe: none of the kinds
    that carry the unsubscribe link. A member's REMINDERS OFF / DIGEST OFF stop that kind on every channel.
    """
    contacts = contacts_at(session, channel, _address_forms(channel, to_address))
    if any(c.opted_out for c in contacts):
        if channel == "sms" and kind not in SMS_SENT_AFTER_OPT_OUT:
            return "recipient opted out (STOP)"
        if channel == "email" and kind in EMAIL_SUPPRESSED_AFTER_UNSUBSCRIBE:
            return f"recipient unsubscribed from e-mail ({kind})"
    member_ids = {c.member_id for c in contacts if c.member_id is not None}
    if member_ids and kind in ("reminder", "digest"):
        members = session.scalars(select(Member).where(Member.id.in_(member_ids))).all()
        if kind == "reminder" and any(m.reminders_off for m in members):
            return "member turned reminders off"
        if kind == "digest" and any(m.digest_off for m in members):
            return "member turned the digest off"
    return None


def requeue_stale(session: Session, now: datetime, *, older_than: timedelta = STALE_AFTER) -> int:
    """Put rows a crashed worker left in `sending` back in the queue (at-least-once delivery)."""
    result = session.execute(
        update(Outbound)
        .where(Outbound.status == "sending", Outbound.claimed_at < now - older_than)
        .values(status="queued", next_attempt_at=now, claimed_at=None)
    )
    count = int(result.rowcount)  # type: ignore[attr-defined]
    if count:
        log.warning("requeued %d outbox rows left in 'sending' by a stopped worker", count)
    return count


def unsubscribe_link_for(
    session: Session, row: Outbound, links: UnsubscribeLinks, now: datetime
) -> UnsubscribeLink | None:
    """The recipient's own link for an unsubscribable e-mail (None for any other row)."""
    if row.channel != "email" or not is_unsubscribable(row.kind):
        return None
    address = canonical_address("email", row.to_address)
    if not address:
        return None
    contact = find_or_create_contact(session, "email", address, now)  # the link must name a contact
    member = session.get(Member, contact.member_id) if contact.member_id is not None else None
    return links.for_contact(contact.id, member.lang if member is not None else "en")


def _send_email(
    row: Outbound, sender: EmailSender, from_address: str, now: datetime, unsubscribe: UnsubscribeLink | None
) -> _Sent:
    try:
        message = build_email(row, from_address=from_address, now=now, unsubscribe=unsubscribe)
    except ValueError as exc:
        raise PermanentSendError(f"cannot build e-mail: {exc}") from exc
    return _Sent(provider_id=sender.send(message))


def _send_sms(
    row: Outbound, sender: SmsSender, sms_from: str, now: datetime, keep_accents: bool, max_segments: int
) -> _Sent:
    parts = shape_sms(row.body_text, keep_accents=keep_accents, max_segments=max_segments)
    if not parts:
        raise PermanentSendError("empty SMS body")
    body = parts[0]
    count = count_segments(body)
    sms = Sms(row.to_address, sms_from, body, count.segments, count.encoding, row.id)
    provider_id = sender.send(sms, now=now)
    # A row that is itself a MORE continuation already carries the parts after it.
    more = tuple(parts[1:]) or tuple((row.headers or {}).get(MORE_KEY, ()))
    return _Sent(provider_id, count.segments, count.encoding, more)


def _finish(session: Session, row: Outbound, now: datetime, outcome: _Sent | SendError) -> str:
    if isinstance(outcome, _Sent):
        values: dict[str, object] = {
            "sent_at": now,
            "provider_id": outcome.provider_id[:64],
            "segments": outcome.segments,
            "encoding": outcome.encoding,
            "last_error": "",
        }
        if outcome.more:
            values["headers"] = {**(row.headers or {}), MORE_KEY: list(outcome.more)}
        status = "sent"
    elif isinstance(outcome, TransientSendError) and row.attempts <= len(BACKOFF):
        values = {"next_attempt_at": now + BACKOFF[row.attempts - 1], "last_error": str(outcome)}
        status = "queued"
    else:
        values = {"last_error": str(outcome)}
        status = "failed"
    if not claim(session, Outbound, row.id, frm="sending", to=status, claimed_at=None, **values):
        log.warning("outbox %d was requeued while it was being sent; it may go out twice", row.id)
    if status == "failed":
        log.error(  # staff are alerted on ERROR
            "outbox %d (%s %s) failed after %d attempts: %s",
            row.id, row.channel, row.kind, row.attempts, redact(str(outcome)),
        )  # fmt: skip
    elif status == "queued":
        log.warning("outbox %d attempt %d failed, retrying: %s", row.id, row.attempts, redact(str(outcome)))
    return status


def _suppress_if_opted_out(session: Session, row_id: int) -> bool:
    """Mark a queued row `suppressed` when its recipient must not get it; True when that happened."""
    # Plain columns, not the entity: the claim below must load the row fresh (attempts, headers).
    found = session.execute(
        select(Outbound.channel, Outbound.kind, Outbound.to_address).where(
            Outbound.id == row_id, Outbound.status == "queued"
        )
    ).one_or_none()
    if found is None:
        return False
    reason = suppression_reason(session, channel=found.channel, kind=found.kind, to_address=found.to_address)
    if reason is None:
        return False
    if not claim(session, Outbound, row_id, frm="queued", to="suppressed", last_error=f"suppressed: {reason}"):
        return False  # another worker took it; it makes the same check
    log.info("outbox %d (%s %s) suppressed: %s", row_id, found.channel, found.kind, reason)
    return True


def deliver_due(
    session_factory: SessionFactory,
    *,
    email_sender: EmailSender,
    sms_sender: SmsSender,
    from_address: str,
    sms_from: str,
    now: datetime,
    limit: int = 50,
    keep_accents: bool = False,
    sms_max_segments: int = 2,
    unsubscribe: UnsubscribeLinks | None = None,
) -> DeliveryReport:
    """Send up to `limit` due rows, each claimed and recorded in its own short transaction.

    `unsubscribe` (the runtime always passes it) gives every unsubscribable e-mail its recipient's link.
    """
    report = DeliveryReport()
    with transaction(session_factory) as session:
        ids = list(due_outbound_ids(session, now, limit))
    for row_id in ids:
        with transaction(session_factory) as session:
            if _suppress_if_opted_out(session, row_id):
                report.suppressed += 1
                continue
            won = claim(
                session, Outbound, row_id, frm="queued", to="sending",
                claimed_at=now, attempts=Outbound.attempts + 1,
            )  # fmt: skip
            row = session.get(Outbound, row_id) if won else None
            link = None
            if row is not None:
                if unsubscribe is not None:
                    link = unsubscribe_link_for(session, row, unsubscribe, now)
                session.expunge(row)  # a plain snapshot: sending happens outside the transaction
        if row is None:
            report.lost_claims += 1
            continue
        report.attempted += 1
        outcome: _Sent | SendError
        try:
            if row.channel == "email":
                outcome = _send_email(row, email_sender, from_address, now, link)
            elif row.channel == "sms":
                outcome = _send_sms(row, sms_sender, sms_from, now, keep_accents, sms_max_segments)
            else:
                outcome = PermanentSendError(f"unknown channel {row.channel!r}")
        except SendError as exc:
            outcome = exc
        except Exception as exc:  # a bug must not leave the row in 'sending' nor stop the batch
            log.exception("outbox %d: unexpected error while sending", row_id)
            outcome = TransientSendError(f"unexpected {exc.__class__.__name__}: {exc}")
        with transaction(session_factory) as session:
            status = _finish(session, row, now, outcome)
        report.sent += status == "sent"
        report.retrying += status == "queued"
        report.failed += status == "failed"
    return report
