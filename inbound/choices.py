"""Numbered suggestions: "reply 1, 2 or 3, or 0 to ask a leader", and the member's numeric reply."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from inbound.asking import route_member_question
from inbound.context import Context, Outcome
from inbound.followups import carry_window, follow_up, leader_hint, thread_window
from inbound.replies import send_answer_with_line, send_reply, send_text
from store.models import InboundMessage, Question

CHOICE_TTL = timedelta(days=3)


def offer_choices(ctx: Context, msg: InboundMessage, suggestions: list[str], question: str) -> None:
    entries = [ctx.faq.entry(s) for s in suggestions]
    send_reply(ctx, msg, "suggest", suggestions=entries)
    if ctx.contact is not None:
        ctx.contact.pending = carry_window(
            {
                "kind": "choice",
                "suggestions": suggestions,
                "question": question,
                "subject": msg.subject,
                "expires": (ctx.now + CHOICE_TTL).isoformat(),
            },
            thread_window(ctx.contact.pending, ctx.now),
        )


def remember_answer(
    ctx: Context,
    msg: InboundMessage,
    faq_id: str,
    question: str,
    *,
    seen: Sequence[str] = (),
    considered: Sequence[str] = (),
) -> None:
    """After an FAQ answer, "NO" (it did not help) sends the original question to a person.

    `seen`: other entries the member was shown (the numbered list they picked from); `considered`: entries the
    engine weighed but did not show. The leader is told which ones the member already turned down.
    In an open conversation with a leader, "NO" sends it to that leader instead (see route_turned_down).
    """
    if ctx.contact is not None:
        ctx.contact.pending = carry_window(
            {
                "kind": "faq_answered",
                "faq_id": faq_id,
                "seen": [faq_id, *(s for s in seen if s != faq_id)],
                "considered": list(considered),
                "question": question,
                "subject": msg.subject,
                "expires": (ctx.now + CHOICE_TTL).isoformat(),
            },
            thread_window(ctx.contact.pending, ctx.now),
        )


def route_turned_down(ctx: Context, msg: InboundMessage, pending: dict[str, Any], *, extra: str = "") -> Outcome:
    """`0` after numbered suggestions, or `NO` after an FAQ answer: the original question goes to a person,
    who sees the entries the member already saw and turned down (not those of the "0"/"NO" message itself).
    `extra`: details the member added to their "no" (an e-mail reply), kept after the original question.

    In an open conversation with a leader it goes to that leader, as a follow-up of their question.
    """
    if pending.get("kind") == "choice":
        seen = [str(s) for s in pending.get("suggestions", [])]
        considered: list[str] = []
    else:
        seen = [str(s) for s in pending.get("seen", [])] or [str(pending.get("faq_id", ""))]
        considered = [str(s) for s in pending.get("considered", [])]
    window = thread_window(pending, ctx.now)
    question = ctx.session.get(Question, window["question_id"]) if window is not None else None
    text = "\n\n".join(t for t in (str(pending.get("question", "")).strip(), extra.strip()) if t)
    member = ctx.member
    if (
        window is not None
        and question is not None
        and member is not None
        and member.status == "active"
        and question.member_id == member.id
        and ctx.contact is not None
    ):
        ctx.contact.pending = {"kind": "thread", **window}  # the conversation goes on
        return follow_up(ctx, msg, question, text=text, declined=[s for s in seen if s])
    return route_member_question(
        ctx,
        msg,
        text=text,
        subject=str(pending.get("subject", "")),
        declined=[s for s in seen if s],
        considered=considered,
    )


def choice_number(text: str, pending: dict[str, object]) -> int | None:
    """The number a reply picks: 0-3 always (the digits the offer names), any other number only while an offer
    waits ("4" to a three-item offer is a wrong pick to point out, not a new question); else None."""
    if re.fullmatch(r"[0-3]", text):
        return int(text)
    if re.fullmatch(r"\d{1,2}", text) and pending.get("kind") == "choice":
        return int(text)
    return None


def answer_choice(ctx: Context, msg: InboundMessage, number: int) -> Outcome:
    """1-3 sends that FAQ answer; 0 sends the original question on to a person."""
    contact = ctx.contact
    assert contact is not None
    pending = contact.pending or {}
    suggestions = list(pending.get("suggestions", [])) if pending.get("kind") == "choice" else []
    if not suggestions:
        send_text(ctx, msg, "choice_none")
        return Outcome("command", "CHOICE (nothing pending)")
    window = thread_window(pending, ctx.now)
    contact.pending = {"kind": "thread", **window} if window is not None else {}
    if number == 0:
        return route_turned_down(ctx, msg, pending)
    if number > len(suggestions):
        contact.pending = pending  # keep the offer open
        send_text(ctx, msg, "choice_range")
        return Outcome("command", "CHOICE (out of range)")
    entry = ctx.faq.entry(suggestions[number - 1])
    if (hint := leader_hint(ctx, msg)) is not None:
        send_answer_with_line(ctx, msg, entry, hint)
    else:
        send_reply(ctx, msg, "faq_answer", entry=entry)
    remember_answer(ctx, msg, entry.id, str(pending.get("question", "")), seen=suggestions)
    return Outcome("answered", entry.id)
