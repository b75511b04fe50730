"""Questions that need a person: kept while the member joins, then handed to routing."""

from __future__ import annotations

from inbound.context import Context
from inbound.text_of import clean_subject, question_text
from store.models import InboundMessage, Question


def new_question(ctx: Context, msg: InboundMessage, *, status: str) -> Question:
    decision = ctx.decision_for(msg)
    question = Question(
        member_id=ctx.member.id if ctx.member is not None else None,
        inbound_id=msg.id,
        channel=msg.channel,
        text=question_text(msg).strip(),
        subject=clean_subject(msg.subject),
        province=ctx.member.province if ctx.member is not None else None,
        suggestions=list(decision.suggestions),
        status=status,
        created_at=ctx.now,
        escalations=0,
        member_told_late=False,
        thread_ids=[msg.meta["message_id"]] if msg.meta.get("message_id") else [],
    )
    ctx.session.add(question)
    ctx.session.flush()
    return question
