"""Routing over time, end to end: real SMTP and webhooks, with the worker on a clock the test moves."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import select, update

from inbound.context import duration_words
from peerline.config import Settings, load_settings
from peerline.runtime import Runtime, open_runtime
from store.db import transaction
from store.models import Assignment, Outbound, Question, StaffFlag
from tests.clocked import ClockedServer, clocked_server
from tests.conftest import DOMAIN
from tests.members import Phone, text_of
from tests.test_routing_e2e import (
    ANA,
    ANSWER,
    BEN,
    QUESTION,
    STAFF,
    add_leaders,
    add_two_ontario_leaders_and_staff,
    join,
    notices_for,
    reply_as,
    send_reply,
    wait_for,
)


def tuned_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch, **environment: str) -> Settings:
    """The test's settings, with some variables set in the environment as an operator would set them."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return load_settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        mail_domain=DOMAIN,
        http_port=settings.http_port,
        smtp_port=settings.smtp_port,
        public_url=settings.public_url,
    )


def out_of_office(notice: EmailMessage, sender: str) -> EmailMessage:
    """An Exchange out-of-office reply to a notice: no Auto-Submitted, a localised subject."""
    ooo = EmailMessage()
    ooo["From"] = sender
    ooo["To"] = f"ask@{DOMAIN}"
    ooo["Subject"] = f"Automatic reply: {notice['Subject']}"
    ooo["In-Reply-To"] = notice["Message-ID"]
    ooo["Message-ID"] = make_msgid(domain="leaders.example")
    ooo.set_content("I am out of the office until January 5 with limited access to e-mail.")
    return ooo


def bounce_of(notice: EmailMessage) -> EmailMessage:
    """A DSN from the leader's mail server, returning the notice's headers (as many real bounces do)."""
    dsn = EmailMessage()
    dsn["From"] = "Mail Delivery System <MAILER-DAEMON@mx.society.example>"
    dsn["To"] = f"ask@{DOMAIN}"
    dsn["Subject"] = "Undelivered Mail Returned to Sender"
    dsn["Message-ID"] = make_msgid(domain="mx.society.example")
    dsn.set_content("I'm sorry to have to inform you that your message could not be delivered: user unknown.")
    dsn.add_attachment(
        f"Message-ID: {notice['Message-ID']}\nSubject: {notice['Subject']}\n".encode(),
        maintype="text",
        subtype="rfc822-headers",
    )
    return dsn


def statuses(server: ClockedServer, question_id: int = 1) -> tuple[str, list[str]]:
    with server.runtime.session_factory() as session:
        question = session.get_one(Question, question_id)
        turns = session.scalars(
            select(Assignment.status).where(Assignment.question_id == question_id).order_by(Assignment.id)
        ).all()
    return question.status, list(turns)


def flags(server: ClockedServer) -> list[str]:
    with server.runtime.session_factory() as session:
        return list(session.scalars(select(StaffFlag.kind).order_by(StaffFlag.id)))


@pytest.fixture
def clocked(runtime: Runtime) -> Iterator[ClockedServer]:
    add_two_ontario_leaders_and_staff(runtime)
    with clocked_server(runtime) as server:
        yield server


@pytest.mark.parametrize(
    ("hours", "lang", "words"),
    [(48, "en", "2 days"), (6, "en", "6 hours"), (1, "en", "1 hour"), (0.5, "en", "30 minutes"), (72, "fr", "3 jours")],
)
def test_wait_wording(hours: float, lang: str, words: str) -> None:
    assert duration_words(hours, lang) == words


def test_escalate_after_and_token_ttl_come_from_the_settings(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    tuned = tuned_settings(settings, monkeypatch, PEERLINE_ESCALATE_AFTER="6h", PEERLINE_TOKEN_TTL_DAYS="10")
    runtime = open_runtime(tuned)
    try:
        assert (runtime.network.escalate_after_hours, runtime.network.token_ttl_days) == (6.0, 10)
        add_leaders(runtime, ("Ana Reyes", ANA, "ON"), ("Staff Pool", STAFF, "national"))
        with clocked_server(runtime) as server:
            phone = Phone(server, "+14165550401")
            join(phone, "ON", "Tuned1")
            [ack] = phone.ask(QUESTION)
            assert "Expect an answer within 6 hours." in ack
            [notice] = wait_for(lambda: notices_for(server, ANA))

            server.advance(timedelta(hours=5, minutes=50))
            assert len(notices_for(server, ANA)) == 1
            server.advance(timedelta(hours=6, minutes=10))
            [_, reminder] = notices_for(server, ANA)
            assert "Reminder" in str(reminder["Subject"])
            assert "waiting for 6 hours" in text_of(reminder) and "automatically in 6 hours" in text_of(reminder)

            server.advance(timedelta(hours=12))
            assert notices_for(server, STAFF) == []
            server.advance(timedelta(hours=12, minutes=20))
            [moved] = notices_for(server, STAFF)
            assert "return of service" in text_of(moved)
            assert "taking longer" in phone.received()[-1]

            # Ten days, not the default sixty: Ana's late answer gets a fresh address instead of being sent.
            server.advance(timedelta(days=11))
            before = len(phone.received())
            send_reply(server, reply_as("gmail", notice, ANSWER, sender=ANA), envelope_from=ANA)
            [fresh] = wait_for(lambda: [m for m in notices_for(server, ANA) if "expired" in text_of(m)])
            assert str(fresh["Reply-To"]) in text_of(fresh) and ANSWER in text_of(fresh)
            server.wait_idle()
            assert phone.received()[before:] == []
    finally:
        runtime.engine.dispose()


def test_an_earlier_leaders_answer_closes_the_question_for_everyone(clocked: ClockedServer) -> None:
    """Ana's out-of-office moved the question to Ben; then Ana answers after all. Ben is told, and nobody is
    reminded about the answered question or hands it on."""
    phone = Phone(clocked, "+14165550402")
    join(phone, "ON", "Earlier1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(clocked, ANA))
    send_reply(clocked, out_of_office(notice, ANA), envelope_from=ANA)
    [_] = wait_for(lambda: notices_for(clocked, BEN))
    assert statuses(clocked) == ("routed", ["away", "open"])

    before = len(phone.received())
    send_reply(clocked, reply_as("outlook", notice, ANSWER, sender=ANA), envelope_from=ANA)
    wait_for(lambda: len(phone.received()) > before)
    assert phone.received()[before:] == [f"A peer leader (ON): {ANSWER}"]
    [_, told] = wait_for(lambda: notices_for(clocked, BEN)[1:] and notices_for(clocked, BEN))
    assert str(told["Subject"]) == "Question #1 has been answered"
    assert "you need do nothing more" in text_of(told)
    assert statuses(clocked) == ("answered", ["answered", "closed"])

    for hours in (49, 97, 200):
        clocked.advance(timedelta(hours=hours))
    assert len(notices_for(clocked, BEN)) == 2  # no reminder about an answered question
    assert len(notices_for(clocked, ANA)) == 1
    assert notices_for(clocked, STAFF) == []  # and it was never handed on
    assert statuses(clocked) == ("answered", ["answered", "closed"])
    assert not any("taking longer" in text for text in phone.received())


def test_an_escalated_follow_up_reaches_the_next_leader_with_the_conversation(clocked: ClockedServer) -> None:
    phone = Phone(clocked, "+14165550403")
    join(phone, "ON", "Escalated1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(clocked, ANA))
    before = len(phone.received())
    send_reply(clocked, reply_as("french", notice, ANSWER, sender=ANA), envelope_from=ANA)
    wait_for(lambda: len(phone.received()) > before)
    [ack] = phone.ask("Is the repayment prorated if I leave after one year?")
    assert "same peer leader" in ack
    wait_for(lambda: notices_for(clocked, ANA)[1:])

    clocked.advance(timedelta(hours=49))
    [_, _, reminder] = notices_for(clocked, ANA)
    assert "Reminder" in str(reminder["Subject"]) and "prorated" in text_of(reminder)
    clocked.advance(timedelta(hours=97))
    [moved] = notices_for(clocked, BEN)
    text = text_of(moved)
    assert text.index("return of service") < text.index(ANSWER) < text.index("Is the repayment prorated")
    assert "--- Answer from a peer leader" in text and "--- Follow-up from the member" in text
    assert "taking longer" in phone.received()[-1]
    assert statuses(clocked) == ("routed", ["rerouted", "open"])


def test_a_bouncing_staff_address_is_not_sent_the_question_again_and_again(clocked: ClockedServer) -> None:
    """The national pool is the last resort, but not an address that bounces: no loop, staff flagged once."""
    phone = Phone(clocked, "+639171234001")  # a member abroad: the national pool answers
    join(phone, "ABROAD", "Abroad1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(clocked, STAFF))
    with smtplib.SMTP(*clocked.smtp_address) as smtp:
        smtp.sendmail("", [f"ask@{DOMAIN}"], bounce_of(notice).as_bytes())  # bounces come from the null sender
    wait_for(lambda: statuses(clocked)[1] == ["bounced"])
    for hours in (1, 49, 97, 200):
        clocked.advance(timedelta(hours=hours))
    assert len(notices_for(clocked, STAFF)) == 1
    assert flags(clocked) == ["leader_bounced", "no_leader"]
    assert statuses(clocked) == ("routed", ["bounced"])  # waits for staff to fix the address or add a leader

    # Refused by our own relay this time (a failed delivery), for another question: the same, and the
    # address is not flagged a second time.
    other = Phone(clocked, "+639171234002")
    join(other, "ABROAD", "Abroad2")
    other.ask(QUESTION)
    wait_for(lambda: notices_for(clocked, STAFF)[1:])
    with transaction(clocked.runtime.session_factory) as session:
        session.execute(update(Outbound).where(Outbound.to_address == STAFF).values(status="failed"))
    for hours in (201, 260, 400):
        clocked.advance(timedelta(hours=hours))
    assert len(notices_for(clocked, STAFF)) == 2
    assert flags(clocked) == ["leader_bounced", "no_leader", "no_leader"]
    assert statuses(clocked, 2) == ("routed", ["bounced"])


def test_a_staff_out_of_office_gets_the_question_back_once_later_not_at_once(clocked: ClockedServer) -> None:
    phone = Phone(clocked, "+639171234003")
    join(phone, "ABROAD", "Abroad3")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(clocked, STAFF))
    send_reply(clocked, out_of_office(notice, STAFF), envelope_from=STAFF)
    wait_for(lambda: statuses(clocked)[1] == ["away"])
    clocked.advance(timedelta(hours=47))
    assert len(notices_for(clocked, STAFF)) == 1  # not straight back to the auto-reply
    clocked.advance(timedelta(hours=49))
    [_, again] = notices_for(clocked, STAFF)
    assert "return of service" in text_of(again)
    assert statuses(clocked) == ("routed", ["away", "open"])


def no_leader_details(server: ClockedServer) -> list[str]:
    with server.runtime.session_factory() as session:
        return list(
            session.scalars(select(StaffFlag.detail).where(StaffFlag.kind == "no_leader").order_by(StaffFlag.id))
        )


def test_the_question_moves_on_escalate_after_the_reminder_was_sent_not_after_routing(runtime: Runtime) -> None:
    """docs/leaders.md: reminded on the first pass after PEERLINE_ESCALATE_AFTER, re-routed as long after the
    reminder went (a reminder sent late by a sparse cron tick moves the re-routing later by as much)."""
    add_leaders(runtime, ("Ana Reyes", ANA, "ON"), ("Ben Okafor", BEN, "ON"))
    with clocked_server(runtime) as clocked:
        phone = Phone(clocked, "+14165550406")
        join(phone, "ON", "LateTick1")
        phone.ask(QUESTION)
        wait_for(lambda: notices_for(clocked, ANA))
        clocked.advance(timedelta(hours=60))  # the first pass after +48 h: the reminder goes now
        assert len(notices_for(clocked, ANA)) == 2
        clocked.advance(timedelta(hours=107))  # 4 days after routing, but 47 h after the reminder
        assert notices_for(clocked, BEN) == [] and statuses(clocked) == ("routed", ["open"])
        clocked.advance(timedelta(hours=108))  # 48 h after the reminder
        assert len(notices_for(clocked, BEN)) == 1 and statuses(clocked) == ("routed", ["rerouted", "open"])


def test_a_question_nobody_can_take_says_why_of_each_leader(runtime: Runtime) -> None:
    """Ana (ON) had it and was silent; staff's notice then bounced: the flag names both, each for its reason."""
    add_leaders(runtime, ("Ana Reyes", ANA, "ON"), ("Staff Pool", STAFF, "national"))
    with clocked_server(runtime) as clocked:
        phone = Phone(clocked, "+14165550407")
        join(phone, "ON", "Nobody1")
        phone.ask(QUESTION)
        wait_for(lambda: notices_for(clocked, ANA))
        clocked.advance(timedelta(hours=49))
        clocked.advance(timedelta(hours=98))
        [notice] = wait_for(lambda: notices_for(clocked, STAFF))
        with smtplib.SMTP(*clocked.smtp_address) as smtp:
            smtp.sendmail("", [f"ask@{DOMAIN}"], bounce_of(notice).as_bytes())
        wait_for(lambda: no_leader_details(clocked))
        assert no_leader_details(clocked) == [
            "question 1 (ON): no leader left to send it to: leader 1 had it (no answer in time); "
            "leader 2 unreachable (its notice bounced)"
        ]
        assert statuses(clocked) == ("routed", ["rerouted", "bounced"])


def test_a_question_with_no_leader_at_all_says_so(clocked: ClockedServer) -> None:
    from store.leaders import set_paused

    phone = Phone(clocked, "+12045550408")

    with transaction(clocked.runtime.session_factory) as session:
        set_paused(session, 3, True)  # the national pool on holiday; nobody in MB
    join(phone, "MB", "Prairie1")
    phone.ask(QUESTION)
    wait_for(lambda: no_leader_details(clocked))
    assert no_leader_details(clocked) == ["question 1 (MB): no active leader in MB or the national pool"]
