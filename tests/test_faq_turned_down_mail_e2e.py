"""An e-mail member who replies to an FAQ answer that it did not help reaches a leader, as SMS `NO` does: the
leader gets the question they first asked (plus any details they added), with the entry they turned down, and
never the quoted answer."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from sqlalchemy import select

from store.models import Question
from tests.conftest import RunningServer
from tests.members import Mailbox, text_of
from tests.test_routing_e2e import ANA, add_two_ontario_leaders_and_staff, notices_for, wait_for
from tests.test_routing_threads_e2e import TURNED_DOWN, listed_after

ENTRY = "cred-who-assesses"
INTRO = "Hello, I trained as a nurse abroad and I am trying to understand the first step here. "


@pytest.fixture
def leaders(running_server: RunningServer) -> RunningServer:
    add_two_ontario_leaders_and_staff(running_server.runtime)
    return running_server


def member(server: RunningServer, address: str, handle: str) -> Mailbox:
    box = Mailbox(server, address)
    welcome = box.ask("JOIN", subject="JOIN")
    for text in ("ON", handle, "YES"):
        box.ask(text, reply_to=welcome)
    return box


def faq_answer(server: RunningServer, box: Mailbox) -> tuple[str, EmailMessage]:
    entry = server.runtime.faq_engine().entry(ENTRY)
    question = INTRO + entry.question
    decision = server.runtime.faq_engine().decide(question, province="ON", channel="email")
    assert (decision.decision, decision.faq_id) == ("answer", ENTRY), "precondition: the FAQ answers it"
    answer = box.ask(question, subject="Credentials")
    assert "did not answer your question" in text_of(answer)
    return question, answer


def quoting(new_text: str, answer: EmailMessage) -> str:
    quoted = "\n".join("> " + line for line in text_of(answer).splitlines())
    return f"{new_text}\n\nOn Mon, 1 Jun 2026, Peerline <ask@example.org> wrote:\n{quoted}\n"


def first_line(answer: EmailMessage) -> str:
    return next(line for line in text_of(answer).splitlines() if len(line.strip()) > 20).strip()


def test_an_email_reply_it_did_not_answer_sends_the_original_question_to_a_leader(leaders: RunningServer) -> None:
    box = member(leaders, "lena@example.de", "Lena1")
    question, answer = faq_answer(leaders, box)
    ack = box.ask(quoting("It did not answer my question.", answer), reply_to=answer)
    assert "peer leader" in text_of(ack)
    [notice] = wait_for(lambda: notices_for(leaders, ANA))
    text = text_of(notice)
    assert question in " ".join(text.split()) or INTRO.strip() in text
    assert "It did not answer" not in text
    assert first_line(answer) not in text  # the quoted answer stays out
    entry = leaders.runtime.faq_engine().entry(ENTRY)
    assert listed_after(text, TURNED_DOWN) == [entry.question]
    with leaders.runtime.session_factory() as session:
        [routed] = session.scalars(select(Question)).all()
        assert entry.question in routed.text and "did not answer" not in routed.text


def test_a_french_reply_with_details_keeps_the_details(leaders: RunningServer) -> None:
    box = member(leaders, "amelie@example.fr", "Amelie1")
    _, answer = faq_answer(leaders, box)
    reply = quoting("Non, ça ne répond pas à ma question. Je suis en Alberta, pour le programme de transition.", answer)
    ack = box.ask(reply, reply_to=answer)
    assert "peer leader" in text_of(ack) or "leader" in text_of(ack).lower()
    [notice] = wait_for(lambda: notices_for(leaders, ANA))
    text = " ".join(text_of(notice).split())
    assert "Je suis en Alberta, pour le programme de transition." in text
    assert leaders.runtime.faq_engine().entry(ENTRY).question in text
    assert "ne répond pas" not in text
    assert listed_after(text_of(notice), TURNED_DOWN) == [leaders.runtime.faq_engine().entry(ENTRY).question]


def test_a_reply_that_is_a_new_question_still_gets_the_faq(leaders: RunningServer) -> None:
    box = member(leaders, "raj@example.in", "Raj1")
    _, answer = faq_answer(leaders, box)
    engine = leaders.runtime.faq_engine()
    other = next(
        e
        for e in engine.entries
        if e.id != ENTRY and engine.decide(e.question, province="ON", channel="email").decision == "answer"
    )
    second = box.ask(quoting(other.question, answer), reply_to=answer)
    assert "did not answer your question" in text_of(second)  # another FAQ answer
    assert notices_for(leaders, ANA) == []


def test_a_stranger_who_replies_no_keeps_the_original_question_while_joining(leaders: RunningServer) -> None:
    box = Mailbox(leaders, "stranger@example.com")
    _, answer = faq_answer(leaders, box)
    reply = box.ask(quoting("No, that doesn't help.", answer), reply_to=answer)
    assert "province" in text_of(reply).lower()  # joining starts, the question kept
    assert notices_for(leaders, ANA) == []
    entry = leaders.runtime.faq_engine().entry(ENTRY)
    with leaders.runtime.session_factory() as session:
        [held] = session.scalars(select(Question)).all()
        assert held.status == "held" and entry.question in held.text and "help" not in held.text
        assert held.declined == [ENTRY]


def test_a_longer_no_about_something_goes_to_a_leader_with_that_detail(leaders: RunningServer) -> None:
    box = member(leaders, "joy@example.ph", "Joy1")
    _, answer = faq_answer(leaders, box)
    said = "No, this did not answer my question about the IELTS or CELBAN score for the Alberta bridging program"
    ack = box.ask(quoting(said, answer), reply_to=answer)
    assert "peer leader" in text_of(ack)
    [notice] = wait_for(lambda: notices_for(leaders, ANA))
    text = " ".join(text_of(notice).split())
    assert leaders.runtime.faq_engine().entry(ENTRY).question in text and said in text
    assert first_line(answer) not in text_of(notice)
