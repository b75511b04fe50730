"""Numbered suggestions: "reply 1, 2 or 3, or 0 to ask a leader", and the member's numeric reply."""

from __future__ import annotations

from datetime import timedelta

from inbound.asking import route_member_question
from inbound.context import Context, Outcome
from inbound.replies import send_reply, send_text
from store.models import InboundMessage

CHOICE_TTL = timedelta(days=3)


def offer_choices(ctx: Context, msg: InboundMessage, suggestions: list[str], question: str) -> None:
    entries = [ctx.faq.entry(s) for s in suggestions]
    send_reply(ctx, msg, "suggest", suggestions=entries)
    if ctx.contact is not None:
        ctx.contact.pending = {
            "kind": "choice",
            "suggestions": suggestions,
            "question": question,
            "subject": msg.subject,
            "expires": (ctx.now + CHOICE_TTL).isoformat(),
        }


def remember_answer(ctx: Context, msg: InboundMessage, faq_id: str, question: str) -> None:
    """After an FAQ answer, "NO" (it did not help) sends the original question to a person."""
    if ctx.contact is not None:
        ctx.contact.pending = {
            "kind": "faq_answered",
            "faq_id": faq_id,
            "question": question,
            "subject": msg.subject,
            "expires": (ctx.now + CHOICE_TTL).isoformat(),
        }


def answer_choice(ctx: Context, msg: InboundMessage, number: int) -> Outcome:
    """1-3 sends that FAQ answer; 0 sends the original question on to a person."""
    contact = ctx.contact
    assert contact is not None
    pending = contact.pending or {}
    suggestions = list(pending.get("suggestions", [])) if pending.get("kind") == "choice" else []
    if not suggestions:
        send_text(ctx, msg, "choice_none")
        return Outcome("command", "CHOICE (nothing pending)")
    contact.pending = {}
    if number == 0:
        return route_member_question(
            ctx, msg, text=str(pending.get("question", "")), subject=str(pending.get("subject", ""))
        )
    if number > len(suggestions):
        contact.pending = pending  # keep the offer open
        send_text(ctx, msg, "choice_range")
        return Outcome("command", "CHOICE (out of range)")
    entry = ctx.faq.entry(suggestions[number - 1])
    send_reply(ctx, msg, "faq_answer", entry=entry)
    remember_answer(ctx, msg, entry.id, str(pending.get("question", "")))
    return Outcome("answered", entry.id)
