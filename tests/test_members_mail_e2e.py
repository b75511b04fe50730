"""Mail a member did not just ask for carries a working unsubscribe link (RFC 8058), through the real paths."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage

import httpx
from sqlalchemy import select

from outbound.unsubscribe import parse_unsubscribe_token
from peerline.runtime import utcnow
from peerline.worker import Worker
from store.models import Contact, Outbound
from tests.conftest import RunningServer
from tests.members import Mailbox, text_of
from tests.test_routing_e2e import ANSWER, QUESTION, add_leaders, notices_for, reply_as, send_reply, wait_for

ADDRESS = "priya@example.in"


def _link(mail: EmailMessage) -> str:
    """The https link of List-Unsubscribe; fails when the headers are missing or incomplete."""
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", mail["Subject"]
    links = re.findall(r"<([^>]+)>", str(mail["List-Unsubscribe"]))
    assert links[1].startswith("mailto:ask@") and links[1].endswith("?subject=unsubscribe")
    url = links[0]
    assert url in text_of(mail)  # the footer link too
    html = mail.get_body(("html",))
    assert html is None or f'href="{url}"' in str(html.get_content())
    return url


def test_answers_and_notices_carry_a_working_unsubscribe_link(running_server: RunningServer) -> None:
    server, runtime = running_server, running_server.runtime
    add_leaders(
        runtime, ("Ana Reyes", "ana@leaders.example", "ON"), ("Staff Pool", "staff@society.example", "national")
    )
    box = Mailbox(server, ADDRESS)
    welcome = box.ask("JOIN", subject="JOIN")
    for text in ("ON", "Priya88", "YES"):
        box.ask(text, reply_to=welcome)
    box.send(QUESTION, subject="Return of service")
    [notice] = wait_for(lambda: notices_for(server, "ana@leaders.example"))
    send_reply(
        server, reply_as("gmail", notice, ANSWER, sender="ana@leaders.example"), envelope_from="ana@leaders.example"
    )
    answer = wait_for(lambda: [m for m in box.received() if ANSWER in text_of(m)] or None)[0]

    # Direct replies to what the member sent are transactional; the answer that arrived later is not.
    direct = [m for m in box.received() if m is not answer and ANSWER not in text_of(m)]
    assert direct and all(m["List-Unsubscribe"] is None for m in direct)
    assert "List-Unsubscribe" not in notice  # leaders' mail is person-to-person
    url = _link(answer)
    assert answer.get_body(("html",)) is not None  # the answer has both parts, each with the link
    with runtime.session_factory() as session:
        contact = session.scalars(select(Contact).where(Contact.address == ADDRESS)).one()
    assert parse_unsubscribe_token(runtime.settings.secret_key, url.rpartition("/")[2]) == contact.id

    # A second question nobody answers: two days on the leader is reminded, two more and the member is told.
    box.send("Should I take the evening shift in Sudbury or wait for a day position in Toronto?", subject="Shifts")
    wait_for(lambda: len(notices_for(server, "ana@leaders.example")) == 2)
    start = utcnow()
    for hours in (49, 98):
        Worker(runtime, clock=lambda hours=hours: start + timedelta(hours=hours)).run_once()
    late = wait_for(lambda: [m for m in box.received() if "taking longer" in text_of(m)] or None)[0]
    assert _link(late) == url  # the same address, the same link

    # The link: GET only shows the button (scanners fetch links), the one-click POST unsubscribes.
    page = httpx.get(url, timeout=10)
    assert page.status_code == 200 and "<button" in page.text and 'method="post"' in page.text
    with runtime.session_factory() as session:
        assert session.get_one(Contact, contact.id).opted_out is False
    done = httpx.post(url, content=b"List-Unsubscribe=One-Click", timeout=10)  # what mail providers send
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    with runtime.session_factory() as session:
        assert session.get_one(Contact, contact.id).opted_out is True

    # The staff pool now has the question; its answer is mail the member unsubscribed from: not sent.
    [moved] = wait_for(lambda: notices_for(server, "staff@society.example"))
    before = len(box.received())
    send_reply(server, reply_as("gmail", moved, "Yes, ask HR.", sender="staff@society.example"),
               envelope_from="staff@society.example")  # fmt: skip
    server.wait_idle()
    with runtime.session_factory() as session:
        statuses = session.scalars(
            select(Outbound.status)
            .where(Outbound.to_address == ADDRESS, Outbound.kind == "answer")
            .order_by(Outbound.id)
        ).all()
    assert statuses == ["sent", "suppressed"]
    assert len(box.received()) == before

    # Asking again from the unsubscribed address: told how to get the answer, and START brings it back.
    ack = box.ask("Should I move to Alberta now or wait until I pass the exam?", subject="Moving")
    assert "reply START to get it" in text_of(ack)
    assert "Welcome back" in text_of(box.ask("START", subject="START"))
    with runtime.session_factory() as session:
        assert session.get_one(Contact, contact.id).opted_out is False
