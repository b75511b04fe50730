"""Board posts: publish an answered question anonymously, anonymise after DELETE, staff moderation.

Nothing is published for a member who has not accepted the terms, nor for an exam-flagged question, and no
phone number or e-mail address of the member ever reaches the board: the question (the member's own words)
loses every phone number and e-mail address in it, the answer loses the member's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from outbound.privacy import scrub_contact_details
from store.models import Answer, BoardPost, Consent, Contact, Member, Question
from store.queries_members import (
    board_post_for_question,
    contacts_of_member,
    has_consented,
    public_answers,
    question,
)


class NotPublishable(ValueError):
    """The question may not go on the board (no consent, exam content, unknown question, bad author)."""


def scrub_contacts(text: str, contacts: Iterable[Contact] = (), *, everything: bool = False) -> str:
    """Replace phone numbers and e-mail addresses: all of them with `everything`, else those in `contacts`."""
    contacts = list(contacts)
    return scrub_contact_details(
        text,
        phones=[c.address for c in contacts if c.channel == "sms"],
        emails=[c.address for c in contacts if c.channel == "email"],
        everything=everything,
    )


def public_answer_text(session: Session, question_id: int) -> str:
    """The answers to a question that may be published, oldest first: what a follow-up republishes."""
    return "\n\n".join(a.text.strip() for a in public_answers(session, question_id) if a.text.strip())


def can_publish(session: Session, question_id: int) -> bool:
    q = question(session, question_id)
    return (
        q is not None and q.status != "exam_flagged" and q.member_id is not None and has_consented(session, q.member_id)
    )


def publish_answer(
    session: Session,
    *,
    question_id: int,
    author: str,
    province: str | None,
    question_text: str,
    answer_text: str,
    now: datetime,
) -> BoardPost:
    """Create the question's board post, or, for a follow-up, replace its answer text.

    `answer_text` is the whole published answer (see `public_answer_text`). A post staff hid stays hidden;
    a follow-up keeps the post's place on the board (its `published_at`) and sets `edited_at`.
    Raises NotPublishable when the question must not be published.
    """
    q = question(session, question_id)
    if q is None:
        raise NotPublishable(f"no question {question_id}")
    if not can_publish(session, question_id):
        raise NotPublishable(f"question {question_id} is exam-flagged or its member has not accepted the terms")
    author = author.strip()
    if not author or len(author) > 40 or scrub_contact_details(author, everything=True) != author:
        raise NotPublishable("the author must be a short handle with no contact details")
    contacts = contacts_of_member(session, q.member_id) if q.member_id is not None else ()
    answer_text = scrub_contacts(answer_text.strip(), contacts)
    post = board_post_for_question(session, question_id)
    if post is None:
        post = BoardPost(
            question_id=question_id,
            province=province,
            author=author,
            question_text=scrub_contacts(question_text.strip(), contacts, everything=True),
            answer_text=answer_text,
            hidden=False,
            published_at=now,
        )
        session.add(post)
    elif post.answer_text != answer_text:
        post.answer_text = answer_text
        post.edited_at = now
    session.flush()
    return post


def publish_pending(session: Session, *, now: datetime, limit: int = 100) -> int:
    """Publish every answered question not yet on the board, and refresh posts that got a follow-up answer.

    For the scheduler's tick (inbound cannot import digest, so the leader-reply stage does not call this).
    Only members who are active, have a handle and accepted the terms; never exam-flagged questions; private
    answers are never published. Returns how many posts were created or updated.
    """
    latest = (
        select(Answer.question_id, func.max(Answer.created_at).label("latest"))
        .where(Answer.private.is_(False))
        .group_by(Answer.question_id)
        .subquery()
    )
    consented = exists().where(Consent.member_id == Question.member_id)
    rows = session.execute(
        select(Question, Member, BoardPost)
        .join(latest, latest.c.question_id == Question.id)
        .join(Member, Member.id == Question.member_id)
        .outerjoin(BoardPost, BoardPost.question_id == Question.id)
        .where(
            Member.status == "active",
            Member.handle.is_not(None),
            Question.status != "exam_flagged",
            consented,
            or_(BoardPost.id.is_(None), latest.c.latest > func.coalesce(BoardPost.edited_at, BoardPost.published_at)),
        )
        .order_by(Question.id)
        .limit(limit)
    ).all()
    changed = 0
    for q, member, post in rows:
        text = public_answer_text(session, q.id)
        if not text:
            continue
        try:
            published = publish_answer(
                session,
                question_id=q.id,
                author=str(member.handle),
                province=q.province or member.province,
                question_text=q.text or q.subject,
                answer_text=text,
                now=now,
            )
        except NotPublishable:
            continue
        if post is not None and published.edited_at != now:
            published.edited_at = now  # the follow-up added nothing new to show; do not pick it up again
        changed += 1
    session.flush()
    return changed


def _post(session: Session, post_id: int) -> BoardPost | None:
    return session.get(BoardPost, post_id)


def hide_post(session: Session, post_id: int) -> bool:
    """Staff: take a post off the board (kept in the database). False when there is no such post."""
    post = _post(session, post_id)
    if post is None:
        return False
    post.hidden = True
    session.flush()
    return True


def show_post(session: Session, post_id: int) -> bool:
    post = _post(session, post_id)
    if post is None:
        return False
    post.hidden = False
    session.flush()
    return True


def edit_post(
    session: Session,
    post_id: int,
    *,
    now: datetime,
    question_text: str | None = None,
    answer_text: str | None = None,
) -> BoardPost | None:
    """Staff: correct a post's text. None when there is no such post."""
    post = _post(session, post_id)
    if post is None:
        return None
    if question_text is not None:
        post.question_text = question_text.strip()
    if answer_text is not None:
        post.answer_text = answer_text.strip()
    post.edited_at = now
    session.flush()
    return post
