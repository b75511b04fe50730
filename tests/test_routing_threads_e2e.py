"""Conversations with leaders, end to end: follow-ups, the thread a new leader gets, what the member turned down."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.models import Assignment, FollowUp
from tests.conftest import RunningServer
from tests.members import Phone, text_of
from tests.test_routing_e2e import (
    ANA,
    ANSWER,
    BEN,
    QUESTION,
    add_two_ontario_leaders_and_staff,
    join,
    notices_for,
    reply_as,
    send_reply,
    wait_for,
)

FOLLOW_UP = "Thanks! Is the repayment prorated if I leave after one year? Text me at 416-555-0199 or maria@example.org"


@pytest.fixture
def leaders(running_server: RunningServer) -> RunningServer:
    add_two_ontario_leaders_and_staff(running_server.runtime)
    return running_server


def answered_by_ana(server: RunningServer, phone: Phone, handle: str) -> None:
    join(phone, "ON", handle)
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(server, ANA))
    before = len(phone.received())
    send_reply(server, reply_as("gmail", notice, ANSWER, sender=ANA), envelope_from=ANA)
    wait_for(lambda: len(phone.received()) > before)


def test_an_sms_follow_up_reaches_the_same_leader(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550501")
    answered_by_ana(leaders, phone, "Follow1")
    [ack] = phone.ask(FOLLOW_UP)
    assert "same peer leader" in ack
    [_, again] = wait_for(lambda: notices_for(leaders, ANA)[1:] and notices_for(leaders, ANA))
    text = text_of(again)
    assert "New follow-up from the member:\nThanks! Is the repayment prorated" in text
    assert "--- Your answer" in text and ANSWER in text
    assert "416-555-0199" not in again.as_string() and "maria@example.org" not in again.as_string()
    assert notices_for(leaders, BEN) == []
    phone.ask("Thank you so much!")  # thanks is not a follow-up: the leader is not asked again
    leaders.wait_idle()
    assert len(notices_for(leaders, ANA)) == 2
    with leaders.runtime.session_factory() as session:
        assert session.scalars(select(Assignment.status)).all() == ["open"]  # Ana's turn again
        assert [f.text for f in session.scalars(select(FollowUp))] == [FOLLOW_UP]
    phone.ask("DELETE")
    phone.ask("DELETE")
    with leaders.runtime.session_factory() as session:
        assert session.scalars(select(FollowUp)).all() == []  # erased with the rest of what they sent


def test_a_passed_question_carries_the_whole_conversation(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550502")
    answered_by_ana(leaders, phone, "Thread1")
    phone.ask(FOLLOW_UP)
    [_, follow_notice] = wait_for(lambda: notices_for(leaders, ANA)[1:] and notices_for(leaders, ANA))
    send_reply(leaders, reply_as("apple", follow_notice, "#pass", sender=ANA), envelope_from=ANA)
    [moved] = wait_for(lambda: notices_for(leaders, BEN))
    text = text_of(moved)
    question_at, answer_at, follow_up_at = (
        text.index("return of service agreement"),
        text.index("--- Answer from a peer leader"),
        text.index("--- Follow-up from the member"),
    )
    assert question_at < answer_at < follow_up_at
    assert ANSWER in text and "Is the repayment prorated if I leave after one year?" in text
    assert "[contact details removed]" in text
    for detail in ("416-555-0199", "4165550199", "maria@example.org", "4165550502", ANA, "Ana Reyes"):
        assert detail not in moved.as_string()


def suggesting_text(server: RunningServer) -> str:
    engine = server.runtime.faq_engine()
    for candidate in ("exam", "pla", "license", "credential", "job", "fees"):
        if engine.decide(candidate, province="ON", channel="sms").decision == "suggest":
            return candidate
    raise AssertionError("precondition: a one-word question should get numbered suggestions")


def listed_after(text: str, heading: str) -> list[str]:
    """The "- item" lines under a heading of a leader notice."""
    lines = text.split(heading, 1)[1].strip("\n").splitlines()
    items = []
    for line in lines:
        if not line.startswith("- "):
            break
        items.append(line[2:])
    return items


TURNED_DOWN = "Already suggested to the member, not what they needed:"


def test_zero_after_suggestions_routes_the_question_with_the_entries_turned_down(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550503")
    join(phone, "ON", "Zero1")
    engine = leaders.runtime.faq_engine()
    asked = suggesting_text(leaders)
    offered = engine.decide(asked, province="ON", channel="sms").suggestions
    [offer] = phone.ask(asked)
    assert "0 to ask a leader" in offer
    [ack] = phone.ask("0")
    assert "peer leader" in ack
    [notice] = wait_for(lambda: notices_for(leaders, ANA))
    text = text_of(notice)
    assert f"Question:\n{asked}\n" in text
    assert listed_after(text, TURNED_DOWN) == [engine.entry(s).question for s in offered]
    assert "the bot considered" not in text  # nothing else to show: they saw them all

    # Picking one and then saying NO: the leader sees the one they picked first, then the others they saw.
    phone.ask(asked)
    phone.ask("2")
    [ack] = phone.ask("NO")
    assert "peer leader" in ack
    [second] = wait_for(lambda: notices_for(leaders, BEN))  # Ana has one open question, Ben none
    seen = [offered[1], offered[0], *offered[2:]]
    assert listed_after(text_of(second), TURNED_DOWN) == [engine.entry(s).question for s in seen]


def test_no_after_an_faq_answer_routes_the_question_with_the_answer_turned_down(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550504")
    join(phone, "ON", "NoThanks1")
    engine = leaders.runtime.faq_engine()
    entry = engine.entry("cred-who-assesses")
    decision = engine.decide(entry.question, province="ON", channel="sms")
    assert (decision.decision, decision.faq_id) == ("answer", entry.id), "precondition: the FAQ answers it"
    [answer] = phone.ask(entry.question)
    assert answer.startswith(entry.answer_sms[:30])
    [ack] = phone.ask("no")
    assert "peer leader" in ack
    [notice] = wait_for(lambda: notices_for(leaders, ANA))
    text = text_of(notice)
    assert f"Question:\n{entry.question}\n" in text
    assert listed_after(text, TURNED_DOWN) == [entry.question]
    if decision.suggestions:  # the other entries the engine weighed, which the member never saw
        others = listed_after(text, "Other FAQ entries the bot considered (not confident enough to answer):")
        assert others == [engine.entry(s).question for s in decision.suggestions]


def test_a_follow_up_for_a_paused_leader_goes_to_another_and_the_member_is_told_so(leaders: RunningServer) -> None:
    from store.db import transaction
    from store.leaders import set_paused

    phone = Phone(leaders, "+14165550503")
    answered_by_ana(leaders, phone, "Follow3")
    with transaction(leaders.runtime.session_factory) as session:
        set_paused(session, ana_id(leaders), True)
    [ack] = phone.ask(FOLLOW_UP)
    assert "same peer leader" not in ack
    assert "went to a peer leader, with the conversation so far" in ack
    [moved] = wait_for(lambda: notices_for(leaders, BEN))
    assert "Is the repayment prorated if I leave after one year?" in text_of(moved)


def ana_id(server: RunningServer) -> int:
    from store.models import LeaderAddress

    with server.runtime.session_factory() as session:
        return session.scalars(select(LeaderAddress.leader_id).where(LeaderAddress.email == ANA)).one()
