"""Delivery against a real temporary database: claims, back-off, permanent failures, stale rows, shaping,
and opt-outs (STOP, e-mail unsubscribe, REMINDERS OFF / DIGEST OFF) honoured before anything is sent."""

from __future__ import annotations

import json
import logging
import mailbox
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import Engine

from outbound.delivery import (
    BACKOFF,
    MORE_KEY,
    DeliveryReport,
    deliver_due,
    requeue_stale,
    suppression_reason,
)
from outbound.email_senders import MaildirSender
from outbound.errors import TransientSendError
from outbound.more import enqueue_more
from outbound.outbox import enqueue_email, enqueue_sms
from outbound.sms_senders import Sms, SmsLogSender, SmsSender, TwilioSmsSender
from store.db import SessionFactory, create_schema, make_engine, make_session_factory, transaction
from store.models import Contact, Member, Outbound
from tests.fakes.fake_twilio import FakeTwilio

SID = "AC" + "1" * 32
TOKEN = "secret-token"
FROM = "Peerline <ask@peerline.test>"
SMS_FROM = "+15875550100"
T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A fresh database per test: SQLite, and PostgreSQL too when the suite is given one (conftest)."""
    engine = make_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> SessionFactory:
    return make_session_factory(engine)


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as fake:
        yield fake


def _row(factory: SessionFactory, row_id: int) -> Outbound:
    with factory() as session:
        row = session.get(Outbound, row_id)
        assert row is not None
        return row


def _as_utc(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back naive; they were stored as UTC.
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _queue_sms(factory: SessionFactory, text: str = "Book the exam through Prometric.") -> int:
    with transaction(factory) as session:
        return enqueue_sms(session, to="+14165550123", text=text, now=T0).id


def _deliver(factory: SessionFactory, tmp_path: Path, sms_sender: SmsSender, now: datetime = T0) -> DeliveryReport:
    return deliver_due(
        factory,
        email_sender=MaildirSender(tmp_path / "mail"),
        sms_sender=sms_sender,
        from_address=FROM,
        sms_from=SMS_FROM,
        now=now,
    )


def test_twilio_success_records_the_sid(factory: SessionFactory, tmp_path: Path, fake_twilio: FakeTwilio) -> None:
    row_id = _queue_sms(factory, "“Book” the exam — it’s at Prometric.")
    sender = TwilioSmsSender(SID, TOKEN, SMS_FROM, api_url=fake_twilio.url)
    report = _deliver(factory, tmp_path, sender)
    row = _row(factory, row_id)
    assert row.status == "sent"
    assert row.provider_id == fake_twilio.sent[0].sid
    assert (row.segments, row.encoding, row.attempts) == (1, "GSM-7", 1)
    assert _as_utc(row.sent_at) == T0
    assert fake_twilio.sent[0].form["Body"] == '"Book" the exam - it\'s at Prometric.'  # shaped at delivery
    assert report.sent == 1


def test_twilio_500_is_retried_after_one_minute(
    factory: SessionFactory, tmp_path: Path, fake_twilio: FakeTwilio
) -> None:
    row_id = _queue_sms(factory)
    sender = TwilioSmsSender(SID, TOKEN, SMS_FROM, api_url=fake_twilio.url)
    fake_twilio.fail_next(1, status=500, code=20500, message="Internal Server Error")
    _deliver(factory, tmp_path, sender)
    row = _row(factory, row_id)
    assert row.status == "queued"
    assert _as_utc(row.next_attempt_at) == T0 + timedelta(minutes=1)
    assert "500" in row.last_error
    _deliver(factory, tmp_path, sender, now=T0 + timedelta(seconds=30))  # not due yet
    assert len(fake_twilio.requests) == 1
    _deliver(factory, tmp_path, sender, now=T0 + timedelta(minutes=1))
    row = _row(factory, row_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert row.provider_id == fake_twilio.sent[0].sid


def test_twilio_21211_fails_at_once(
    factory: SessionFactory, tmp_path: Path, fake_twilio: FakeTwilio, caplog: pytest.LogCaptureFixture
) -> None:
    row_id = _queue_sms(factory)
    sender = TwilioSmsSender(SID, TOKEN, SMS_FROM, api_url=fake_twilio.url)
    fake_twilio.fail_next(1, status=400, code=21211, message="The 'To' number +14165550123 is not valid.")
    with caplog.at_level(logging.ERROR, logger="outbound.delivery"):
        _deliver(factory, tmp_path, sender)
    row = _row(factory, row_id)
    assert row.status == "failed"
    assert "21211" in row.last_error
    _deliver(factory, tmp_path, sender, now=T0 + timedelta(days=1))
    assert len(fake_twilio.requests) == 1  # never retried
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    assert "4165550123" not in caplog.text  # the number is redacted from logs


class _AlwaysDown:
    def __init__(self) -> None:
        self.calls = 0

    def send(self, sms: Sms, *, now: datetime) -> str:
        self.calls += 1
        raise TransientSendError("carrier down")


def test_backoff_schedule_then_failed(factory: SessionFactory, tmp_path: Path) -> None:
    row_id = _queue_sms(factory)
    sender = _AlwaysDown()
    now = T0
    for wait in BACKOFF:
        _deliver(factory, tmp_path, sender, now=now)
        row = _row(factory, row_id)
        assert row.status == "queued"
        assert _as_utc(row.next_attempt_at) == now + wait
        now += wait
    assert [w.total_seconds() for w in BACKOFF] == [60, 300, 1800, 7200]
    _deliver(factory, tmp_path, sender, now=now)
    row = _row(factory, row_id)
    assert (row.status, row.attempts, sender.calls) == ("failed", 5, 5)


def test_email_lands_threaded_in_the_maildir(factory: SessionFactory, tmp_path: Path) -> None:
    with transaction(factory) as session:
        row_id = enqueue_email(
            session,
            to="member@example.org",
            subject="Re: How do I book the exam?",
            text="Book through Prometric.",
            html="<p>Book through <b>Prometric</b>.</p>",
            headers={
                "In-Reply-To": "<q1@example.org>",
                "References": ["<q0@example.org>", "<q1@example.org>"],
            },
            now=T0,
        ).id
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    row = _row(factory, row_id)
    assert row.status == "sent"
    box = mailbox.Maildir(tmp_path / "mail", create=False)
    [raw] = [box.get_bytes(key) for key in box.iterkeys()]
    msg = message_from_bytes(raw, policy=policy.default)
    assert msg["In-Reply-To"] == "<q1@example.org>"
    assert msg["References"] == "<q0@example.org> <q1@example.org>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Message-ID"].endswith("@peerline.test>")
    plain = msg.get_body(("plain",))
    assert plain is not None
    assert "Prometric" in plain.get_content()


def test_sms_log_line_and_reply_more(factory: SessionFactory, tmp_path: Path) -> None:
    long_text = " ".join(f"Step {i}: check the province's licensing body for the rule." for i in range(10))
    row_id = _queue_sms(factory, long_text)
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    [line] = [json.loads(x) for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert line["body"].endswith("Reply MORE")
    assert (line["outbox_id"], line["encoding"], line["segments"]) == (row_id, "GSM-7", 2)
    row = _row(factory, row_id)
    assert (row.segments, row.encoding) == (2, "GSM-7")
    assert row.headers[MORE_KEY]  # the rest waits for MORE


def test_stale_sending_row_is_requeued(factory: SessionFactory, tmp_path: Path) -> None:
    row_id = _queue_sms(factory)
    with transaction(factory) as session:  # a worker claimed it and died
        session.get(Outbound, row_id).status = "sending"  # type: ignore[union-attr]
        session.get(Outbound, row_id).claimed_at = T0  # type: ignore[union-attr]
    with transaction(factory) as session:
        assert requeue_stale(session, T0 + timedelta(minutes=2)) == 0  # may still be in flight
    with transaction(factory) as session:
        assert requeue_stale(session, T0 + timedelta(minutes=6)) == 1
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"), now=T0 + timedelta(minutes=6))
    assert _row(factory, row_id).status == "sent"


def test_a_row_claimed_elsewhere_is_not_sent_twice(factory: SessionFactory, tmp_path: Path) -> None:
    row_id = _queue_sms(factory)
    log = SmsLogSender(tmp_path / "sms.jsonl")
    first = _deliver(factory, tmp_path, log)
    second = _deliver(factory, tmp_path, log)
    assert (first.attempted, second.attempted) == (1, 0)
    assert len((tmp_path / "sms.jsonl").read_text().splitlines()) == 1
    assert _row(factory, row_id).status == "sent"


def test_unbuildable_email_fails_permanently(factory: SessionFactory, tmp_path: Path) -> None:
    with transaction(factory) as session:
        row_id = enqueue_email(session, to="not-an-address", subject="x", text="y", now=T0).id
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    row = _row(factory, row_id)
    assert row.status == "failed"
    assert "cannot build" in row.last_error


def test_reply_more_sends_the_rest_part_by_part(factory: SessionFactory, tmp_path: Path) -> None:
    sentences = [f"Step {i}: check the province's licensing body for the rule." for i in range(14)]
    _queue_sms(factory, " ".join(sentences))
    log = SmsLogSender(tmp_path / "sms.jsonl")
    _deliver(factory, tmp_path, log)
    for minute in range(1, 10):
        with transaction(factory) as session:
            more = enqueue_more(session, to="+14165550123", now=T0 + timedelta(minutes=minute))
        if more is None:
            break
        with transaction(factory) as session:
            assert enqueue_more(session, to="+14165550123", now=T0) is None  # already taken
        _deliver(factory, tmp_path, log, now=T0 + timedelta(minutes=minute))
    bodies = [json.loads(x)["body"] for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert len(bodies) >= 3
    assert all(b.endswith("\nReply MORE") for b in bodies[:-1])
    assert not bodies[-1].endswith("Reply MORE")
    assert " ".join(b.removesuffix("\nReply MORE") for b in bodies) == " ".join(sentences)


# --- Opt-outs: STOP, e-mail unsubscribe, REMINDERS OFF / DIGEST OFF --------------------------------------------

PHONE = "+14165550123"
EMAIL = "maria@example.org"


def _member_with_contacts(
    factory: SessionFactory,
    *,
    sms_opted_out: bool = False,
    email_opted_out: bool = False,
    reminders_off: bool = False,
    digest_off: bool = False,
    email_address: str = EMAIL,
) -> None:
    with transaction(factory) as session:
        member = Member(
            handle="labtech_on",
            province="ON",
            status="active",
            reminders_off=reminders_off,
            digest_off=digest_off,
            created_at=T0,
            joined_at=T0,
        )
        session.add(member)
        session.flush()
        for channel, address, opted_out in (
            ("sms", PHONE, sms_opted_out),
            ("email", email_address, email_opted_out),
        ):
            session.add(
                Contact(
                    member_id=member.id,
                    channel=channel,
                    address=address,
                    opted_out=opted_out,
                    pending={},
                    created_at=T0,
                    updated_at=T0,
                )
            )


def _queue(factory: SessionFactory, channel: str, kind: str, to: str | None = None) -> int:
    with transaction(factory) as session:
        if channel == "sms":
            return enqueue_sms(session, to=to or PHONE, text=f"A {kind} message.", now=T0, kind=kind).id
        return enqueue_email(session, to=to or EMAIL, subject=kind, text=f"A {kind} message.", now=T0, kind=kind).id


SMS_KINDS = ("reply", "reminder", "digest", "invite", "leader", "mydata", "optout_confirm")


def test_after_stop_only_the_stop_confirmation_is_sent(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory, sms_opted_out=True)
    ids = {kind: _queue(factory, "sms", kind) for kind in SMS_KINDS}
    report = _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert (report.sent, report.suppressed, report.attempted) == (1, len(SMS_KINDS) - 1, 1)
    [line] = [json.loads(x) for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
    assert line["outbox_id"] == ids["optout_confirm"]
    for kind, row_id in ids.items():
        row = _row(factory, row_id)
        if kind == "optout_confirm":
            assert row.status == "sent"
        else:
            assert (row.status, row.attempts, row.sent_at) == ("suppressed", 0, None)
            assert "opted out" in row.last_error
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"), now=T0 + timedelta(days=1))
    assert len((tmp_path / "sms.jsonl").read_text().splitlines()) == 1  # suppressed is final


def test_stop_is_matched_on_the_number_in_any_format(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory, sms_opted_out=True)
    row_id = _queue(factory, "sms", "reminder", to="(416) 555-0123")
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert _row(factory, row_id).status == "suppressed"


def test_stop_on_the_phone_does_not_stop_e_mail(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory, sms_opted_out=True)
    row_id = _queue(factory, "email", "digest")
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert _row(factory, row_id).status == "sent"


def test_unsubscribed_email_gets_only_transactional_mail(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory, email_opted_out=True)
    kinds = ("reminder", "digest", "invite", "reply", "leader", "optout_confirm", "mydata")
    ids = {kind: _queue(factory, "email", kind) for kind in kinds}
    report = _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert (report.sent, report.suppressed) == (4, 3)
    statuses = {kind: _row(factory, row_id).status for kind, row_id in ids.items()}
    assert statuses == {
        "reminder": "suppressed",
        "digest": "suppressed",
        "invite": "suppressed",
        "reply": "sent",
        "leader": "sent",
        "optout_confirm": "sent",
        "mydata": "sent",
    }
    assert "unsubscribed" in _row(factory, ids["digest"]).last_error
    box = mailbox.Maildir(tmp_path / "mail", create=False)
    subjects = sorted(str(message_from_bytes(box.get_bytes(k))["Subject"]) for k in box.iterkeys())
    assert subjects == ["leader", "mydata", "optout_confirm", "reply"]


def test_unsubscribe_holds_for_a_display_name_and_a_capitalised_domain(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory, email_opted_out=True)
    row_id = _queue(factory, "email", "digest", to="Maria <maria@EXAMPLE.org>")
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert _row(factory, row_id).status == "suppressed"


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_reminders_off_and_digest_off_stop_only_that_kind(
    factory: SessionFactory, tmp_path: Path, channel: str
) -> None:
    _member_with_contacts(factory, reminders_off=True, digest_off=True)
    ids = {kind: _queue(factory, channel, kind) for kind in ("reminder", "digest", "reply")}
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert _row(factory, ids["reply"]).status == "sent"
    reminder, digest = _row(factory, ids["reminder"]), _row(factory, ids["digest"])
    assert (reminder.status, digest.status) == ("suppressed", "suppressed")
    assert "reminders off" in reminder.last_error
    assert "digest off" in digest.last_error


def test_reminders_off_alone_lets_the_digest_through(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory, reminders_off=True)
    reminder, digest = _queue(factory, "email", "reminder"), _queue(factory, "email", "digest")
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert (_row(factory, reminder).status, _row(factory, digest).status) == ("suppressed", "sent")


def test_strangers_and_members_who_opted_back_in_are_sent_to(factory: SessionFactory, tmp_path: Path) -> None:
    _member_with_contacts(factory)  # a contact that is not opted out
    stranger = _queue(factory, "sms", "reply", to="+16045550188")  # no contact row at all
    member = _queue(factory, "sms", "reminder")
    report = _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    assert (report.sent, report.suppressed) == (2, 0)
    assert {_row(factory, stranger).status, _row(factory, member).status} == {"sent"}


def test_suppression_reason_names_the_rule(factory: SessionFactory) -> None:
    _member_with_contacts(factory, sms_opted_out=True, email_opted_out=True)
    with factory() as session:
        assert suppression_reason(session, channel="sms", kind="reply", to_address=PHONE) == (
            "recipient opted out (STOP)"
        )
        assert suppression_reason(session, channel="sms", kind="optout_confirm", to_address=PHONE) is None
        assert suppression_reason(session, channel="email", kind="reply", to_address=EMAIL) is None
        assert suppression_reason(session, channel="email", kind="invite", to_address=EMAIL) == (
            "recipient unsubscribed from e-mail (invite)"
        )
        # A later answer carries the unsubscribe link, so the unsubscribe stops it too.
        assert suppression_reason(session, channel="email", kind="answer", to_address=EMAIL) is not None


def test_addresses_are_matched_in_the_one_canonical_form(factory: SessionFactory) -> None:
    """Contacts, opt-outs and delivery share outbound.addresses: any phone format, the domain's case."""
    from outbound.addresses import canonical_address

    _member_with_contacts(factory, sms_opted_out=True, email_opted_out=True)
    with factory() as session:
        for typed in ("416-555-0123", "(416) 555-0123", "1-416-555-0123", "+1 416 555 0123"):
            assert canonical_address("sms", typed) == PHONE
            assert suppression_reason(session, channel="sms", kind="reply", to_address=typed) is not None
        assert canonical_address("email", "Maria <maria@EXAMPLE.Org>") == EMAIL
        assert suppression_reason(session, channel="email", kind="digest", to_address="maria@EXAMPLE.org")
        # The local part is the receiving system's: kept as written, on every path alike.
        assert canonical_address("email", "Maria@example.org") == "Maria@example.org"


def test_data_export_arrives_as_an_attachment(factory: SessionFactory, tmp_path: Path) -> None:
    export = json.dumps({"handle": "labtech_on", "questions": ["Où passer l'examen ?"]}, ensure_ascii=False)
    with transaction(factory) as session:
        row = enqueue_email(session, to=EMAIL, subject="Your data", text="Attached.", now=T0, kind="mydata")
        row.attachments = [{"filename": "peerline-data.json", "content_type": "application/json", "text": export}]
    _deliver(factory, tmp_path, SmsLogSender(tmp_path / "sms.jsonl"))
    box = mailbox.Maildir(tmp_path / "mail", create=False)
    [raw] = [box.get_bytes(key) for key in box.iterkeys()]
    msg = message_from_bytes(raw, policy=policy.default)
    [part] = list(msg.iter_attachments())  # type: ignore[attr-defined]
    assert part.get_filename() == "peerline-data.json"
    assert json.loads(part.get_content()) == json.loads(export)
