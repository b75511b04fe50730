"""DELETE leaves nothing about the member behind, STOP holds for answers, phone formats, the second-SMS invitation."""

from __future__ import annotations

import time

from sqlalchemy import func, or_, select

from outbound.sms_text import count_segments
from store.models import Contact, InboundMessage, Member, Outbound
from tests.conftest import RunningServer
from tests.members import Phone
from tests.test_members_e2e import all_text_in_database
from tests.test_routing_e2e import ANSWER, QUESTION, add_leaders, join, notices_for, reply_as, send_reply, wait_for


def _leader_answers(server: RunningServer, text: str = ANSWER) -> None:
    [notice] = wait_for(lambda: notices_for(server, "ana@leaders.example"))
    send_reply(
        server, reply_as("gmail", notice, text, sender="ana@leaders.example"), envelope_from="ana@leaders.example"
    )


def test_delete_scrubs_the_handle_from_what_leaders_got_about_the_member(running_server: RunningServer) -> None:
    server = running_server
    add_leaders(server.runtime, ("Ana Reyes", "ana@leaders.example", "ON"))
    phone = Phone(server, "+14165550601")
    join(phone, "ON", "Erasable2")
    phone.ask(QUESTION)
    _leader_answers(server)
    wait_for(lambda: any(ANSWER in body for body in phone.received()))
    mentions = or_(
        Outbound.subject.contains("Erasable2"),
        Outbound.body_text.contains("Erasable2"),
        Outbound.body_html.contains("Erasable2"),
    )
    with server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Outbound).where(mentions, Outbound.kind == "leader"))

    phone.ask("DELETE")
    [gone] = phone.ask("DELETE")
    assert "erased" in gone
    server.wait_idle()
    with server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Outbound).where(mentions)) == 0
        subjects = session.scalars(select(Outbound.subject).where(Outbound.kind == "leader")).all()
        assert subjects and all("former-member-" in subject for subject in subjects)
        leader_reply = session.scalars(select(InboundMessage).where(InboundMessage.channel == "email")).one()
        assert leader_reply.raw is None and "Erasable2" not in leader_reply.body
    deadline = time.monotonic() + 5  # the worker forgets the confirmation's address once it is sent
    while "4165550601" in (stored := all_text_in_database(server)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Erasable2" not in stored and "4165550601" not in stored


def test_an_answer_due_for_a_member_who_sent_stop_is_not_sent(running_server: RunningServer) -> None:
    server = running_server
    add_leaders(server.runtime, ("Ana Reyes", "ana@leaders.example", "ON"))
    phone = Phone(server, "+14165550611")
    join(phone, "ON", "Stopper1")
    phone.ask(QUESTION)
    [confirmation] = phone.ask("STOP")
    assert "unsubscribed" in confirmation
    before = len(phone.received())
    _leader_answers(server)
    server.wait_idle()
    time.sleep(0.3)
    assert phone.received()[before:] == []
    with server.runtime.session_factory() as session:
        answer = session.scalars(select(Outbound).where(Outbound.kind == "answer")).one()
    assert (answer.to_address, answer.status) == ("+14165550611", "suppressed")
    assert "STOP" in answer.last_error


def test_phone_numbers_in_any_format_are_one_contact(running_server: RunningServer) -> None:
    """Webhooks from the same number written four ways: one contact, one member, replies to E.164."""
    server = running_server
    e164 = Phone(server, "+14165550101")
    for written, text in (("416-555-0101", "JOIN"), ("(416) 555-0101", "ON"), ("1-416-555-0101", "Formats1")):
        before = len(e164.received())
        Phone(server, written).send(text)
        wait_for(lambda before=before: len(e164.received()) > before)
    [done] = e164.ask("YES")
    assert "You're in, Formats1" in done
    abroad = Phone(server, "+639171234567")
    Phone(server, "+63 917 123 4567").send("HELP")
    wait_for(lambda: abroad.received())
    with server.runtime.session_factory() as session:
        addresses = session.scalars(select(Contact.address).order_by(Contact.id)).all()
        assert addresses == ["+14165550101", "+639171234567"]
        assert session.scalar(select(func.count()).select_from(Member)) == 1
        senders = set(session.scalars(select(InboundMessage.sender)))
    assert senders == {"+14165550101", "+639171234567"}


def test_the_invitation_comes_as_a_second_sms_when_it_would_not_fit(running_server: RunningServer) -> None:
    engine = running_server.runtime.faq_engine()
    entry = engine.entry("cred-bridging-programs")
    invite = "Text JOIN to join the peer network."
    assert count_segments(entry.answer_sms).segments <= 2 < count_segments(f"{entry.answer_sms} {invite}").segments
    assert engine.decide(entry.question, channel="sms").faq_id == entry.id
    phone = Phone(running_server, "+14165550621")
    answer, second = phone.ask(entry.question, replies=2)
    assert answer.startswith(entry.answer_sms[:40]) and invite not in answer
    assert second == invite
    with running_server.runtime.session_factory() as session:
        kinds = session.scalars(
            select(Outbound.kind).where(Outbound.to_address == "+14165550621").order_by(Outbound.id)
        ).all()
        segments = session.scalars(select(Outbound.segments).where(Outbound.to_address == "+14165550621")).all()
    assert kinds == ["reply", "invite"] and all(1 <= s <= 2 for s in segments)
