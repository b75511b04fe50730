"""Publishing answered questions to the board: consent first, upsert by question, no contact details, moderation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from digest.publish import (
    NotPublishable,
    can_publish,
    edit_post,
    hide_post,
    public_answer_text,
    publish_answer,
    publish_pending,
    scrub_contacts,
    show_post,
)
from outbound.privacy import REMOVED
from store.db import SessionFactory, create_schema, make_engine, make_session_factory, transaction
from store.models import Answer, BoardPost, Consent, Contact, Member, Question

T0 = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
PHONE = "+14165550123"
EMAIL = "maria@example.org"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> SessionFactory:
    return make_session_factory(engine)


def add_member(
    session: Session, handle: str, *, province: str = "ON", consent: bool = True, contacts: bool = True
) -> Member:
    member = Member(handle=handle, province=province, status="active", created_at=T0, joined_at=T0)
    session.add(member)
    session.flush()
    if consent:
        session.add(Consent(member_id=member.id, terms_version="2026-12-01", channel="sms", accepted_at=T0))
    if contacts:
        for channel, address in (("sms", PHONE), ("email", EMAIL)):
            session.add(
                Contact(
                    member_id=member.id,
                    channel=channel,
                    address=address,
                    opted_out=False,
                    pending={},
                    created_at=T0,
                    updated_at=T0,
                )
            )
    session.flush()
    return member


def add_question(session: Session, member: Member | None, text: str, *, status: str = "answered") -> Question:
    question = Question(
        member_id=member.id if member else None,
        channel="sms",
        text=text,
        province=member.province if member else None,
        status=status,
        created_at=T0,
    )
    session.add(question)
    session.flush()
    return question


def test_publish_then_a_follow_up_updates_the_same_post(factory: SessionFactory) -> None:
    with transaction(factory) as session:
        member = add_member(session, "labtech_on")
        q = add_question(session, member, "How long does the PLA take?")
        session.add(Answer(question_id=q.id, text="About 3 months.", created_at=T0))
        session.add(Answer(question_id=q.id, text="Private note", private=True, created_at=T0))
        session.flush()
        first = publish_answer(
            session,
            question_id=q.id,
            author="labtech_on",
            province="ON",
            question_text=q.text,
            answer_text=public_answer_text(session, q.id),
            now=T0,
        )
        assert (first.answer_text, first.edited_at) == ("About 3 months.", None)
        session.add(Answer(question_id=q.id, text="Update: now 4 months.", created_at=T0 + timedelta(days=1)))
        session.flush()
        later = T0 + timedelta(days=1)
        second = publish_answer(
            session,
            question_id=q.id,
            author="labtech_on",
            province="ON",
            question_text=q.text,
            answer_text=public_answer_text(session, q.id),
            now=later,
        )
        assert second.id == first.id
    with factory() as session:
        [post] = session.scalars(select(BoardPost)).all()
        assert post.answer_text == "About 3 months.\n\nUpdate: now 4 months."
        assert "Private note" not in post.answer_text
        assert post.published_at.replace(tzinfo=UTC) == T0  # keeps its place on the board
        assert post.edited_at is not None


def test_a_follow_up_does_not_unhide_a_hidden_post(factory: SessionFactory) -> None:
    with transaction(factory) as session:
        member = add_member(session, "labtech_on")
        q = add_question(session, member, "Question?")
        values = {"question_id": q.id, "author": "labtech_on", "province": "ON", "question_text": "Question?"}
        post = publish_answer(session, answer_text="One.", now=T0, **values)  # type: ignore[arg-type]
        assert hide_post(session, post.id)
        publish_answer(session, answer_text="Two.", now=T0, **values)  # type: ignore[arg-type]
        assert post.hidden and post.answer_text == "Two."


def test_nothing_is_published_without_consent(factory: SessionFactory) -> None:
    with transaction(factory) as session:
        joining = add_member(session, "not_yet", consent=False)
        q = add_question(session, joining, "Question?")
        stranger_q = add_question(session, None, "Question from an unknown number?")
        exam_q = add_question(
            session, add_member(session, "other", contacts=False), "Send me exam questions", status="exam_flagged"
        )
        for question_id in (q.id, stranger_q.id, exam_q.id, 9999):
            assert not can_publish(session, question_id)
            with pytest.raises(NotPublishable):
                publish_answer(
                    session,
                    question_id=question_id,
                    author="x",
                    province="ON",
                    question_text="Q",
                    answer_text="A",
                    now=T0,
                )
        assert session.scalars(select(BoardPost)).all() == []


@pytest.mark.parametrize("author", ["maria@example.org", "416 555 0123", "", "x" * 41])
def test_the_author_must_be_a_handle(factory: SessionFactory, author: str) -> None:
    with transaction(factory) as session:
        q = add_question(session, add_member(session, "labtech_on"), "Question?")
        with pytest.raises(NotPublishable):
            publish_answer(
                session,
                question_id=q.id,
                author=author,
                province="ON",
                question_text="Q",
                answer_text="A",
                now=T0,
            )


def test_contact_details_never_reach_the_board(factory: SessionFactory) -> None:
    with transaction(factory) as session:
        member = add_member(session, "labtech_on")
        q = add_question(session, member, "")
        post = publish_answer(
            session,
            question_id=q.id,
            author="labtech_on",
            province="ON",
            question_text="Call me at (416) 555-0123 or +1 647 555 0199, or write maria@example.org. "
            "I wrote the exam on 2025-03-04.",
            answer_text="Maria (Maria@Example.org, 416-555-0123): call CSMLS at 1-800-263-8277 "
            "or e-mail info@csmls.org.",
            now=T0,
        )
    for text in (post.question_text, post.answer_text):
        assert "555" not in text and "maria@" not in text.lower()
    assert post.question_text.count(REMOVED) == 3
    assert "2025-03-04" in post.question_text  # dates are not phone numbers
    # The answer keeps public contacts (a regulator's phone and address) and loses only the member's own.
    assert "1-800-263-8277" in post.answer_text and "info@csmls.org" in post.answer_text


def test_scrub_without_contacts_leaves_the_text_alone() -> None:
    assert scrub_contacts("Call 416 555 0123") == "Call 416 555 0123"
    assert scrub_contacts("Call 416 555 0123", everything=True) == f"Call {REMOVED}"



def test_staff_moderation(factory: SessionFactory) -> None:
    with transaction(factory) as session:
        q = add_question(session, add_member(session, "labtech_on"), "Q")
        post = publish_answer(
            session, question_id=q.id, author="labtech_on", province="ON", question_text="Q", answer_text="A", now=T0
        )
        assert hide_post(session, post.id) and post.hidden
        assert show_post(session, post.id) and not post.hidden
        edited = edit_post(session, post.id, now=T0 + timedelta(hours=1), answer_text=" Corrected answer. ")
        assert edited is not None and edited.answer_text == "Corrected answer." and edited.question_text == "Q"
        assert edited.edited_at == T0 + timedelta(hours=1)
        assert not hide_post(session, 999) and not show_post(session, 999)
        assert edit_post(session, 999, now=T0, answer_text="x") is None


def _answer(session: Session, q: Question, text: str, at: datetime, *, private: bool = False) -> None:
    session.add(Answer(question_id=q.id, text=text, private=private, created_at=at))
    session.flush()


def test_publish_pending_sweeps_answered_questions_once(factory: SessionFactory) -> None:
    with transaction(factory) as session:
        member = add_member(session, "labtech_on")
        answered = add_question(session, member, "Where do I send my transcripts?")
        _answer(session, answered, "To the CSMLS, directly from your school.", T0)
        only_private = add_question(session, member, "Private matter")
        _answer(session, only_private, "Just for you.", T0, private=True)
        add_question(session, member, "Not answered yet", status="routed")
        exam = add_question(session, member, "Exam questions please", status="exam_flagged")
        _answer(session, exam, "No.", T0)
        joining = add_member(session, "not_yet", consent=False, contacts=False)
        _answer(session, add_question(session, joining, "Q from someone joining"), "A", T0)
        gone = add_member(session, "gone", contacts=False)
        gone_q = add_question(session, gone, "Q from someone who left")
        _answer(session, gone_q, "A", T0)
        gone.status, gone.handle = "deleted", None
        assert publish_pending(session, now=T0 + timedelta(minutes=1)) == 1
        assert publish_pending(session, now=T0 + timedelta(minutes=2)) == 0  # nothing new
        [post] = session.scalars(select(BoardPost)).all()
        assert (post.question_id, post.author, post.province) == (answered.id, "labtech_on", "ON")
        assert post.answer_text == "To the CSMLS, directly from your school."
        _answer(session, answered, "Also: ask for an official English translation.", T0 + timedelta(hours=1))
        assert publish_pending(session, now=T0 + timedelta(hours=2)) == 1
        assert post.answer_text.endswith("official English translation.")
        assert publish_pending(session, now=T0 + timedelta(hours=3)) == 0
        edit_post(session, post.id, now=T0 + timedelta(hours=4), answer_text="Staff corrected answer.")
        assert publish_pending(session, now=T0 + timedelta(hours=5)) == 0  # a staff edit is not overwritten
