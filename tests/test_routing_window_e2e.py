"""An SMS member in conversation with a leader can reach that leader: an FAQ answer in the window says how
(NO sends it to the leader, as a follow-up of that question), and questions about the leader's own experience
("did you…", "how long did it take you…") go to the leader, not to the FAQ."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from inbound.followups import asks_about_the_leader
from outbound.sms_text import count_segments
from store.models import FollowUp, Question, StaffFlag
from tests.conftest import RunningServer
from tests.helpers import sms_lines
from tests.members import Phone, text_of
from tests.test_routing_e2e import (
    ANA,
    ANSWER,
    BEN,
    add_two_ontario_leaders_and_staff,
    join,
    notices_for,
    wait_for,
)
from tests.test_routing_threads_e2e import TURNED_DOWN, answered_by_ana, listed_after

SENECA = "Do those Seneca evening courses count for the bridging requirement?"
NIGHTS = "Did you do it while still working nights?"
WEEKS = "How many weeks did it take you to finish it?"
HINT = "Not it? Reply NO to send it to your peer leader."


@pytest.fixture
def leaders(running_server: RunningServer) -> RunningServer:
    add_two_ontario_leaders_and_staff(running_server.runtime)
    return running_server


def say(server: RunningServer, phone: Phone, text: str) -> list[dict[str, object]]:
    """Send and return every SMS (with its segment count) this message caused."""
    before = len([line for line in sms_lines(server.settings.sms_log) if line["to"] == phone.number])
    phone.send(text)
    wait_for(lambda: len([line for line in sms_lines(server.settings.sms_log) if line["to"] == phone.number]) > before)
    server.wait_idle()
    return [line for line in sms_lines(server.settings.sms_log) if line["to"] == phone.number][before:]


def decided(server: RunningServer, text: str) -> tuple[str, str | None]:
    decision = server.runtime.faq_engine().decide(text, province="ON", channel="sms")
    return decision.decision, decision.faq_id


def test_an_faq_answer_in_the_window_says_how_to_reach_the_leader_and_no_sends_it_there(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550601")
    answered_by_ana(leaders, phone, "Window1")
    kind, faq_id = decided(leaders, SENECA)
    assert kind == "answer" and faq_id, "precondition: the FAQ answers it with confidence"
    entry = leaders.runtime.faq_engine().entry(faq_id)

    replies = say(leaders, phone, SENECA)
    assert str(replies[0]["body"]).startswith(entry.answer_sms[:40])
    assert HINT in str(replies[-1]["body"])
    assert all(int(str(r["segments"])) <= 2 for r in replies)
    assert len(notices_for(leaders, ANA)) == 1  # an FAQ answer: the leader is not asked

    [ack] = say(leaders, phone, "NO")
    assert str(ack["body"]) == "Thanks, your follow-up went to the same peer leader."
    [_, again] = wait_for(lambda: notices_for(leaders, ANA)[1:] and notices_for(leaders, ANA))
    text = text_of(again)
    assert f"New follow-up from the member:\n{SENECA}" in text
    assert "--- Your answer" in text and ANSWER in text  # the conversation so far
    assert entry.question in listed_after(text, TURNED_DOWN)  # the FAQ answer they turned down, named as such
    assert notices_for(leaders, BEN) == []
    with leaders.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 1  # no new question
        assert [f.text for f in session.scalars(select(FollowUp))] == [SENECA]

    # The window is still open after that: a question about the leader's own experience goes to them too.
    [ack] = say(leaders, phone, WEEKS)
    assert "same peer leader" in str(ack["body"])
    [*_, third] = wait_for(lambda: notices_for(leaders, ANA)[2:] and notices_for(leaders, ANA))
    assert f"New follow-up from the member:\n{WEEKS}" in text_of(third)


def test_questions_about_the_leaders_own_experience_go_to_the_leader_not_the_faq(leaders: RunningServer) -> None:
    assert decided(leaders, NIGHTS)[0] == "answer", "precondition: the FAQ would answer it confidently"
    outsider = Phone(leaders, "+14165550602")
    join(outsider, "ON", "NoWindow1")
    [faq_answer] = say(leaders, outsider, NIGHTS)  # no conversation with a leader: the FAQ answers, no hint
    assert "peer leader" not in str(faq_answer["body"]) and HINT not in str(faq_answer["body"])

    phone = Phone(leaders, "+14165550603")
    answered_by_ana(leaders, phone, "Window2")
    [ack] = say(leaders, phone, NIGHTS)
    assert str(ack["body"]) == "Thanks, your follow-up went to the same peer leader."
    [_, again] = wait_for(lambda: notices_for(leaders, ANA)[1:] and notices_for(leaders, ANA))
    assert f"New follow-up from the member:\n{NIGHTS}" in text_of(again)

    # A request for exam content is refused and flagged for staff, even worded to the leader.
    [refusal] = say(leaders, phone, "which questions did you get in chem?")
    assert "same peer leader" not in str(refusal["body"])
    assert len(notices_for(leaders, ANA)) == 2
    with leaders.runtime.session_factory() as session:
        assert session.scalars(select(StaffFlag.kind)).all() == ["exam_content"]

    # An ordinary FAQ question in the window ("do you need…": the generic "you") is still answered by the FAQ.
    ordinary = "Do you need a PLA for Ontario?"
    assert decided(leaders, ordinary)[0] == "answer"
    replies = say(leaders, phone, ordinary)
    assert HINT in str(replies[-1]["body"])
    assert len(notices_for(leaders, ANA)) == 2


def test_zero_after_suggestions_in_the_window_goes_to_the_same_leader(leaders: RunningServer) -> None:
    from tests.test_routing_threads_e2e import suggesting_text

    phone = Phone(leaders, "+14165550604")
    answered_by_ana(leaders, phone, "Window3")
    asked = suggesting_text(leaders)
    [offer] = say(leaders, phone, asked)
    assert "0 to ask a leader" in str(offer["body"])
    [ack] = say(leaders, phone, "0")
    assert "same peer leader" in str(ack["body"])
    [_, again] = wait_for(lambda: notices_for(leaders, ANA)[1:] and notices_for(leaders, ANA))
    assert f"New follow-up from the member:\n{asked}" in text_of(again)
    assert notices_for(leaders, BEN) == []


@pytest.mark.parametrize(
    "text",
    [
        "Did you do it while still working nights?",
        "How long did it take you to finish it?",
        "How many weeks did it take you?",
        "did u do the bridging program while working?",
        "Have you done the PLA yourself?",
        "Were you working full time during the program?",
        "When did you write the exam?",
        "What was it like for you?",
        "In your experience, is Michener worth it?",
        "Avez-vous fait le PLA en travaillant?",
        "Combien de temps ça vous a pris?",
        "As-tu travaillé pendant le programme?",
    ],
)
def test_a_question_about_the_leaders_own_experience_is_recognised(text: str) -> None:
    assert asks_about_the_leader(text)


@pytest.mark.parametrize(
    "text",
    [
        "Do you need a PLA for Ontario?",
        "Can you tell me how to book the exam?",
        "How do you apply for the CSMLS exam?",
        "How long does it take to get PLA results?",
        "Do those Seneca evening courses count for the bridging requirement?",
        "Thank you, did it!",
        "What do you mean by bridging?",
        "How long do you have to wait for the results?",
        "Est-ce que vous avez une liste des programmes?",
        "Pouvez-vous m'aider avec le PLA?",
        "Can I work while waiting for my results?",
    ],
)
def test_ordinary_questions_are_not_read_as_about_the_leader(text: str) -> None:
    assert not asks_about_the_leader(text)


@pytest.mark.parametrize("fits", [True, False], ids=["same-sms", "second-sms"])
def test_the_hint_ends_the_answer_when_it_fits_two_segments_else_follows_it(leaders: RunningServer, fits: bool) -> None:
    engine = leaders.runtime.faq_engine()
    entry = next(
        e
        for e in engine.entries
        if e.province in (None, "", "ON", "national")
        and (count_segments(f"{e.answer_sms} {HINT}").segments <= 2) == fits
        and engine.decide(e.question, province="ON", channel="sms").faq_id == e.id
        and engine.decide(e.question, province="ON", channel="sms").decision == "answer"
        and not asks_about_the_leader(e.question)
    )
    phone = Phone(leaders, "+1416555061" + ("1" if fits else "2"))
    answered_by_ana(leaders, phone, "Hint" + ("Fits" if fits else "After"))
    replies = say(leaders, phone, entry.question)
    bodies = [str(r["body"]) for r in replies]
    assert bodies == ([f"{entry.answer_sms} {HINT}"] if fits else [entry.answer_sms, HINT])
    assert all(int(str(r["segments"])) <= 2 for r in replies)
