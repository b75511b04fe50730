"""DELETE, end to end: the handle goes from everything tied to the member's questions (what leaders wrote back,
their auto-replies and bounces, the board), and their open questions stop going round."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import JSON, LargeBinary, String, inspect, select, update

from inbound.tokens import make_token
from peerline.runtime import Runtime
from store.db import transaction
from store.models import Answer, Assignment, BoardPost, FollowUp, InboundMessage, Outbound, Question
from tests.clocked import clocked_server
from tests.conftest import DOMAIN, RunningServer
from tests.members import Phone, text_of
from tests.test_routing_clock_e2e import bounce_of
from tests.test_routing_e2e import (
    ANA,
    BEN,
    QUESTION,
    STAFF,
    add_two_ontario_leaders_and_staff,
    join,
    notices_for,
    reply_as,
    send_reply,
    wait_for,
)

HANDLE, NUMBER = "LabHero", "+14165550801"
GREETING = f"Hi {HANDLE}, Seneca and Centennial both run bridging programs; ask HR for the repayment terms in writing."
SECOND = "Should I take the evening shift in Sudbury or wait for a day position in Toronto?"
TABLES = (Answer, BoardPost, InboundMessage, Outbound, FollowUp)


def stored_text(server: RunningServer) -> dict[str, str]:
    """Every text, JSON and binary column of the tables that hold what was said about the member's questions."""
    found: dict[str, list[str]] = {}
    with server.runtime.session_factory() as session:
        for model in TABLES:
            columns = [c for c in inspect(model).columns if isinstance(c.type, String | JSON | LargeBinary)]
            for row in session.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    found.setdefault(f"{model.__tablename__}.{column.name}", []).append(text)
    return {name: "\n".join(values) for name, values in found.items()}


def mentions(server: RunningServer, *needles: str) -> list[str]:
    """The columns where any of the needles appear (any case)."""
    return sorted(
        name for name, text in stored_text(server).items() if any(needle.lower() in text.lower() for needle in needles)
    )


def out_of_office(notice: EmailMessage, sender: str) -> EmailMessage:
    """An Exchange out-of-office: the notice's subject in its own, quoted again in the text."""
    ooo = EmailMessage()
    ooo["From"] = f"Ana Reyes <{sender}>"
    ooo["To"] = f"ask@{DOMAIN}"
    ooo["Subject"] = f"Automatic reply: {notice['Subject']}"
    ooo["In-Reply-To"] = notice["Message-ID"]
    ooo["References"] = notice["Message-ID"]
    ooo["Message-ID"] = make_msgid(domain="leaders.example")
    ooo.set_content(f'I am away until January 5.\n\nYour message "{notice["Subject"]}" will be read on my return.')
    return ooo


def test_delete_replaces_the_handle_in_everything_said_about_the_members_questions(
    running_server: RunningServer,
) -> None:
    server = running_server
    add_two_ontario_leaders_and_staff(server.runtime)
    phone = Phone(server, NUMBER)
    join(phone, "ON", HANDLE)

    # Question 1: Ana is away (her out-of-office quotes the notice), Ben answers, greeting the member by handle.
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(server, ANA))
    assert HANDLE in str(notice["Subject"])
    send_reply(server, out_of_office(notice, ANA), envelope_from=ANA)
    [moved] = wait_for(lambda: notices_for(server, BEN))
    before = len(phone.received())
    send_reply(server, reply_as("gmail", moved, GREETING, sender=BEN), envelope_from=BEN)
    wait_for(lambda: len(phone.received()) > before)
    post = wait_for(lambda: server.runtime.session_factory().scalars(select(BoardPost)).first())
    assert post.answer_text.startswith(f"Hi {HANDLE},")

    # A follow-up goes to Ben with the conversation ("Hi LabHero, ..." included); that notice bounces, and the
    # bounce returns its headers, subject and all.
    [ack] = phone.ask(SECOND)
    assert "same peer leader" in ack
    [_, follow_up] = wait_for(lambda: notices_for(server, BEN)[1:] and notices_for(server, BEN))
    assert GREETING in str(follow_up.get_body(("plain",)).get_content())
    with smtplib.SMTP(*server.smtp_address) as smtp:
        smtp.sendmail("", [f"ask@{DOMAIN}"], bounce_of(follow_up).as_bytes())
    wait_for(lambda: notices_for(server, STAFF))
    # Ana answers question 1 late, to an address that has expired: the note back quotes her words.
    with server.runtime.session_factory() as session:
        first_turn = session.scalars(select(Assignment.id).order_by(Assignment.id)).first()
    old = datetime.now(UTC) - timedelta(days=server.settings.token_ttl_days + 5)
    late = reply_as("apple", notice, f"Sorry for the delay, {HANDLE}: ask about bridging.", sender=ANA)
    late.replace_header("To", f"r.{make_token(server.settings.secret_key, int(first_turn or 0), old)}@{DOMAIN}")
    send_reply(server, late, envelope_from=ANA)
    wait_for(lambda: any(f"delay, {HANDLE}" in text_of(m) for m in notices_for(server, ANA)))
    server.wait_idle()
    assert {"answer.text", "board_post.answer_text", "inbound_message.subject", "inbound_message.raw"} <= set(
        mentions(server, HANDLE)
    )
    assert "follow_up.text" in mentions(server, "evening shift")

    phone.ask("DELETE")
    [gone] = phone.ask("DELETE")
    assert "erased" in gone
    server.wait_idle()
    wait_for(lambda: mentions(server, NUMBER[2:]) == [])  # the confirmation's address goes once it is sent
    left = mentions(server, HANDLE, NUMBER[2:])
    assert left == [], left

    with server.runtime.session_factory() as session:
        post = session.scalars(select(BoardPost)).one()
        answer = session.scalars(select(Answer)).one()
        ooo = session.scalars(select(InboundMessage).where(InboundMessage.subject.startswith("Automatic reply"))).one()
    assert post.author.startswith("former-member-")
    assert post.answer_text.startswith(f"Hi {post.author}, Seneca and Centennial")
    assert answer.text.startswith(f"Hi {post.author}, Seneca")
    assert f"from {post.author}" in ooo.subject and ooo.raw is None  # kept, explaining what happened


def test_a_deleted_members_open_question_is_withdrawn_and_a_late_answer_is_thanked_not_kept(
    runtime: Runtime,
) -> None:
    add_two_ontario_leaders_and_staff(runtime)
    with clocked_server(runtime) as server:
        phone = Phone(server, NUMBER)
        join(phone, "ON", "TomasLab")
        phone.ask(QUESTION)
        [notice] = wait_for(lambda: notices_for(server, ANA))
        assert "from TomasLab" in str(notice["Subject"])
        later = server.clock.now + timedelta(minutes=30)
        with transaction(runtime.session_factory) as session:
            # What delivery does after the relay's transient error: the notice waits for another try.
            session.execute(
                update(Outbound).where(Outbound.to_address == ANA).values(status="queued", next_attempt_at=later)
            )

        phone.ask("DELETE")
        phone.ask("DELETE")
        server.wait_idle()
        with runtime.session_factory() as session:
            question = session.scalars(select(Question)).one()
            turn = session.scalars(select(Assignment)).one()
            waiting = session.scalars(select(Outbound).where(Outbound.to_address == ANA)).one()
        assert (question.status, turn.status) == ("withdrawn", "withdrawn")
        assert (waiting.status, waiting.last_error) == ("suppressed", "the member left the network")

        # Nobody is reminded about it, nobody gets it handed on, and nobody is told it is taking longer.
        for hours in (1, 49, 98, 200):
            server.advance(timedelta(hours=hours))
        assert len(notices_for(server, ANA)) == 1
        assert notices_for(server, BEN) == [] and notices_for(server, STAFF) == []
        assert not any("taking longer" in text for text in phone.received())

        # Ana answers after all, greeting the member by the handle in her copy of the notice: a short thank-you,
        # nothing stored as an answer or published, and nothing of the handle kept.
        send_reply(server, reply_as("outlook", notice, "Hi TomasLab, take the job.", sender=ANA), envelope_from=ANA)
        [_, note] = wait_for(lambda: notices_for(server, ANA)[1:] and notices_for(server, ANA))
        assert str(note["Subject"]) == "Question #1: the member has left the network"
        said = text_of(note)
        assert "has left the network" in said and "was not delivered" in said and "Thank you" in said
        assert note["In-Reply-To"] is not None
        # From an address not registered for her: refused as always, and forgotten too.
        forged = reply_as("gmail", notice, "Hi TomasLab, from my phone.", sender="ana@home.example")
        send_reply(server, forged, envelope_from="ana@home.example")
        wait_for(lambda: len(notices_for(server, ANA)) == 3)
        # Her out-of-office, quoting the notice, after they left: ignored, and forgotten too.
        send_reply(server, out_of_office(notice, ANA), envelope_from=ANA)
        server.advance(timedelta(hours=300))
        with runtime.session_factory() as session:
            assert session.scalars(select(Answer)).all() == []
            assert session.scalars(select(BoardPost)).all() == []
            outcomes = session.scalars(
                select(InboundMessage.outcome).where(InboundMessage.channel == "email").order_by(InboundMessage.id)
            ).all()
        assert outcomes == ["member_left", "refused", "ignored"]
        assert notices_for(server, BEN) == [] and notices_for(server, STAFF) == []
        assert len(notices_for(server, ANA)) == 3
        assert mentions(server, "TomasLab", NUMBER[2:]) == []
