"""A question that needs a person: members' go to a leader; strangers' are kept while they join."""

from __future__ import annotations

from inbound.context import Context, Outcome
from inbound.membership import ask_current_step, begin_joining
from inbound.questions import new_question, route_question
from inbound.replies import send_text
from store.models import InboundMessage


def route_member_question(
    ctx: Context, msg: InboundMessage, *, text: str | None = None, subject: str | None = None
) -> Outcome:
    """Route for an active member; otherwise keep the question and start (or resume) joining."""
    question = new_question(ctx, msg, status="held")
    if text:
        question.text = text
    if subject is not None:
        question.subject = subject
    member = ctx.member
    if member is not None and member.status == "active":
        route_question(ctx, question)
        send_text(ctx, msg, "question_routed", wait=ctx.network.answer_wait)
        return Outcome("routed", f"question {question.id}")
    member = begin_joining(ctx, msg, ask=False)
    if member.join_step == "province":
        send_text(ctx, msg, "question_held", "ask_province")
    else:
        send_text(ctx, msg, "question_held")
        ask_current_step(ctx, msg, member)
    question.member_id = member.id
    return Outcome("held", f"question {question.id} kept while joining")


def route_to_leader(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """The last stage: nothing else answered, so a person must."""
    return route_member_question(ctx, msg)
