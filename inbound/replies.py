"""Answer a member on the channel they wrote from, threaded under their message."""

from __future__ import annotations

from typing import Any

from inbound.context import Context, Network
from inbound.texts import say
from outbound.outbox import enqueue_email, enqueue_sms
from outbound.render import render_email, render_sms
from outbound.sms_text import count_segments
from store.models import InboundMessage

__all__ = [
    "Network",
    "reply_subject",
    "send_answer_with_line",
    "send_message",
    "send_reply",
    "send_text",
    "thread_headers",
]


def reply_subject(subject: str, lang: str = "en") -> str:
    """ "Re: " and their subject, or "Your question" ("Votre question") when they gave none."""
    subject = " ".join(subject.split())
    if not subject:
        return say("your_question", lang)
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def thread_headers(msg: InboundMessage) -> dict[str, str]:
    """In-Reply-To and References so mail clients show our reply under the member's message."""
    message_id = str(msg.meta.get("message_id") or msg.external_id)
    references = [str(r) for r in msg.meta.get("references", [])][-10:]
    if message_id.endswith("@peerline.invalid>"):  # they sent no Message-ID: nothing to thread under
        return {"References": " ".join(references)} if references else {}
    return {"In-Reply-To": message_id, "References": " ".join([*references, message_id])}


def _values(ctx: Context, msg: InboundMessage, extra: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "network_name": ctx.network.name,
        "ask_address": ctx.network.ask_address,
        "public_url": ctx.network.public_url,
        "reply_subject": reply_subject(msg.subject, ctx.lang),
        "footer": "",
        "lang": ctx.lang,
        **extra,
    }
    entry = extra.get("entry")
    if entry is not None:
        values.update(answer=entry.answer, answer_sms=entry.answer_sms, links=entry.links, verify=entry.verify)
    if "suggestions" in extra:
        values["suggestions"] = [s.question for s in extra["suggestions"]]
    return values


def send_reply(ctx: Context, msg: InboundMessage, template: str, *, kind: str = "reply", **extra: Any) -> None:
    """Reply with a template: `template.sms.txt` by SMS, the three e-mail templates by e-mail."""
    values = _values(ctx, msg, extra)
    if msg.channel == "sms":
        text = render_sms(template, **values)
        enqueue_sms(ctx.session, to=msg.sender, text=text, now=ctx.now, inbound_id=msg.id, kind=kind)
        return
    _send_email(ctx, msg, template, values, kind)


def send_answer_with_line(ctx: Context, msg: InboundMessage, entry: Any, line: str, *, kind: str = "reply") -> None:
    """An FAQ answer by SMS ending with one short line, in the same SMS if it still fits two segments;
    otherwise the line follows as a short second SMS (the answer alone always fits: the knowledge base is
    checked for it), so the line is read rather than left behind a MORE."""
    combined = f"{entry.answer_sms} {line}"
    if count_segments(combined).segments <= 2:
        enqueue_sms(ctx.session, to=msg.sender, text=combined, now=ctx.now, inbound_id=msg.id)
        return
    send_reply(ctx, msg, "faq_answer", entry=entry)
    enqueue_sms(ctx.session, to=msg.sender, text=line, now=ctx.now, inbound_id=msg.id, kind=kind)


def send_text(ctx: Context, msg: InboundMessage, *keys: str, kind: str = "reply", **values: Any) -> None:
    """Reply with short system messages from inbound.texts (several join into one), in the member's language."""
    parts = [
        say(
            key,
            ctx.lang,
            network=ctx.network.name,
            ask=ctx.network.ask_address,
            terms_url=ctx.network.terms_url_in(ctx.lang),
            staff=ctx.network.ask_address,
            **values,
        )
        for key in keys
    ]
    send_message(ctx, msg, *parts, kind=kind)


def send_message(ctx: Context, msg: InboundMessage, *parts: str, kind: str = "reply") -> None:
    """Reply with short text already worded: one SMS (the parts joined), or a plain threaded e-mail."""
    if msg.channel == "sms":
        enqueue_sms(ctx.session, to=msg.sender, text=" ".join(parts), now=ctx.now, inbound_id=msg.id, kind=kind)
        return
    _send_email(ctx, msg, "notice", _values(ctx, msg, {"message": "\n\n".join(parts)}), kind)


def _send_email(ctx: Context, msg: InboundMessage, template: str, values: dict[str, Any], kind: str) -> None:
    rendered = render_email(template, **values)
    enqueue_email(
        ctx.session,
        to=str(msg.meta.get("reply_to") or msg.sender),
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        headers=thread_headers(msg),
        now=ctx.now,
        inbound_id=msg.id,
        kind=kind,
    )
