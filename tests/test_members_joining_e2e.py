"""Joining through the real webhook and SMTP: names, the terms' yes, and questions asked half-way."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Consent, Contact, Member
from tests.conftest import RunningServer
from tests.members import Phone
from tests.test_members_e2e import member_by_handle


def test_full_names_are_refused_whatever_the_separator_or_case(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550501")
    phone.ask("JOIN ON")
    for name in ("maria.santos", "Maria-Santos", "Maria_Santos", "MARIA SANTOS", "m.santos"):
        [refused] = phone.ask(name)
        assert "real full name" in refused, name
    [terms] = phone.ask("LabHero")
    assert "YES" in terms


def test_the_terms_accept_obvious_yes_variants_and_never_a_no(running_server: RunningServer) -> None:
    for number, handle, yes in (
        ("+14165550511", "Accept1", "Yes, I accept"),
        ("+14165550512", "Accept2", "Oui, j'accepte!"),
        ("+14165550513", "Accept3", "ok."),
        ("+14165550514", "Accept4", "I agree to the terms"),
    ):
        phone = Phone(running_server, number)
        for text in ("JOIN ON", handle):
            phone.ask(text)
        if number.endswith("11"):
            for no in ("No", "No, I do not accept", "not yet"):
                [again] = phone.ask(no)
                assert "reply YES to accept" in again, no
        [done] = phone.ask(yes)
        assert f"You're in, {handle}" in done or f"Bienvenue, {handle}" in done, yes
        member = member_by_handle(running_server, handle)
        assert member.status == "active"
        with running_server.runtime.session_factory() as session:
            assert session.scalars(select(Consent).where(Consent.member_id == member.id)).one().channel == "sms"
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(Contact.member_id).where(Contact.address == "+14165550511")) is not None
        assert session.scalars(select(Member.status).where(Member.status != "active")).all() == []


def test_questions_asked_while_joining_are_answered_or_kept_never_lost(running_server: RunningServer) -> None:
    from store.models import Question
    from tests.test_members_e2e import NEEDS_A_PERSON, needs_a_person
    from tests.test_routing_e2e import add_leaders

    add_leaders(running_server.runtime, ("Ana Reyes", "ana@leaders.example", "ON"))
    engine = running_server.runtime.faq_engine()
    faq_question = "How do I book the exam?"
    assert engine.decide(faq_question, channel="sms").decision == "answer"
    second = "Should I take the evening shift or wait for a day position? Nights pay more."
    needs_a_person(running_server, second)
    phone = Phone(running_server, "+14165550521")
    phone.ask("JOIN")

    # At the province step: a question that needs a leader is kept, and the step asked again.
    [kept] = phone.ask(needs_a_person(running_server, NEEDS_A_PERSON))
    assert "question is saved" in kept and "finish joining" in kept and "province" in kept
    assert "did not understand" not in kept
    [handle_q] = phone.ask("I live in Ontario")
    assert "nickname" in handle_q

    # At the nickname step: another one is kept too, not refused as a nickname.
    [kept] = phone.ask(second)
    assert "question is saved" in kept and "nickname" in kept and "can't be used" not in kept
    # An FAQ question is answered at once, then the step again.
    answer, again = phone.ask(faq_question, replies=2)
    assert answer.startswith(engine.entry("exam-register").answer_sms[:30])
    assert "finish joining" in again and "nickname" in again
    [terms] = phone.ask("Shift7")
    assert "YES" in terms

    # At the terms step: a question with a question mark is not a refusal.
    answer, again = phone.ask("What do you do with my data?", replies=2)
    assert "finish joining" in again and "YES" in again
    [done] = phone.ask("Yes, I accept")
    assert "You're in, Shift7" in done and "peer leader" in done

    member = member_by_handle(running_server, "Shift7")
    assert member.province == "ON"
    with running_server.runtime.session_factory() as session:
        questions = session.scalars(select(Question).where(Question.member_id == member.id).order_by(Question.id))
        assert [(q.status, q.text) for q in questions] == [("routed", NEEDS_A_PERSON), ("routed", second)]
