"""A member's question that needs a person: routed for members, kept while a stranger joins."""

from __future__ import annotations

from collections.abc import Sequence

from faq_engine.guards import provinces_mentioned
from inbound.context import Context, Outcome
from inbound.membership import ask_current_step, begin_joining
from inbound.questions import new_question
from inbound.replies import send_text
from inbound.routing import route_question
from store.models import InboundMessage


def route_member_question(
    ctx: Context,
    msg: InboundMessage,
    *,
    text: str | None = None,
    subject: str | None = None,
    declined: Sequence[str] | None = None,
    considered: Sequence[str] = (),
) -> Outcome:
    """Route for an active member; otherwise keep the question and start (or resume) joining.

    `declined`: FAQ entries the member already saw and turned down (`0`, `NO`), shown to the leader as such.
    """
    question = new_question(ctx, msg, status="held")
    if text:
        question.text = text
    if subject is not None:
        question.subject = subject
    if declined is not None:
        question.declined = list(declined)
        question.suggestions = list(dict.fromkeys([*declined, *considered]))
    member = ctx.member
    if member is not None and member.status == "active":
        if route_question(ctx.session, question, member, network=ctx.network, now=ctx.now, faq=ctx.faq) is None:
            send_text(ctx, msg, "question_waiting")
            return Outcome("routed", f"question {question.id} waits for a leader")
        keys = ["question_routed"]
        if msg.channel == "email" and ctx.contact is not None and ctx.contact.opted_out:
            keys.append("answer_needs_start")  # a leader's answer is mail they unsubscribed from
        send_text(ctx, msg, *keys, wait=ctx.network.answer_wait_in(ctx.lang))
        return Outcome("routed", f"question {question.id}")
    already_joining = member is not None and member.status == "joining"
    member = begin_joining(ctx, msg, ask=False)
    question.member_id = member.id
    mentioned = provinces_mentioned(question.text)
    held = "question_kept" if already_joining else "question_held"
    if member.join_step == "province" and len(mentioned) == 1:
        # They already said where they are: don't ask again, just say how to correct it.
        member.province, member.join_step = mentioned[0], "handle"
        question.province = mentioned[0]
        send_text(ctx, msg, held, "province_noted", "ask_handle", province=mentioned[0])
    elif already_joining:
        # Asked half-way through joining: kept, and the step they were on, briefly.
        send_text(ctx, msg, held, f"still_{member.join_step}")
    elif member.join_step == "province":
        send_text(ctx, msg, held, "ask_province")
    else:
        send_text(ctx, msg, held)
        ask_current_step(ctx, msg, member)
    return Outcome("held", f"question {question.id} kept while joining")


def route_to_leader(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """The last stage: nothing else answered, so a person must."""
    return route_member_question(ctx, msg)
