"""DELETE leaves nothing about the member behind, STOP holds for answers, phone formats, the second-SMS invitation."""

from __future__ import annotations

import time

from sqlalchemy import func, or_, select

from store.models import InboundMessage, Outbound
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
