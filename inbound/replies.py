"""Answer a member on the channel they wrote from, threaded under their message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from outbound.outbox import enqueue_email, enqueue_sms
from outbound.render import render_email, render_sms
from store.models import InboundMessage

if TYPE_CHECKING:
    from inbound.pipeline import Context


@dataclass(frozen=True)
class Network:
    """What the messages need to know about this installation."""

    name: str
    mail_domain: str
    public_url: str

    @property
    def ask_address(self) -> str:
        return f"ask@{self.mail_domain}"


def reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not subject:
        return "Your question"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def thread_headers(msg: InboundMessage) -> dict[str, str]:
    """In-Reply-To and References so mail clients show our reply under the member's message."""
    message_id = str(msg.meta.get("message_id") or msg.external_id)
    references = [str(r) for r in msg.meta.get("references", [])][-10:]
    return {"In-Reply-To": message_id, "References": " ".join([*references, message_id])}


def send_reply(ctx: Context, msg: InboundMessage, template: str, **extra: Any) -> None:
    values: dict[str, Any] = {
        "network_name": ctx.network.name,
        "ask_address": ctx.network.ask_address,
        "public_url": ctx.network.public_url,
        "reply_subject": reply_subject(msg.subject),
        **extra,
    }
    entry = extra.get("entry")
    if entry is not None:
        values.update(
            answer=entry.answer, answer_sms=entry.answer_sms, links=entry.links, verify=entry.verify
        )
    if "suggestions" in extra:
        values["suggestions"] = [s.question for s in extra["suggestions"]]
    if msg.channel == "sms":
        enqueue_sms(
            ctx.session, to=msg.sender, text=render_sms(template, **values), now=ctx.now, inbound_id=msg.id
        )
        return
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
    )
