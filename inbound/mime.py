"""Turn raw e-mail bytes into what the pipeline needs, tolerating whatever real mail clients send."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

import html2text
from mailparser_reply import EmailReplyParser

from inbound.automatic import SIGNAL_HEADERS
from outbound.addresses import canonical_email

log = logging.getLogger(__name__)

_HEADER_PARSER = BytesParser(policy=policy.default)


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    from_address: str
    subject: str
    text: str  # the new text: HTML converted, quoted history and signature removed
    full_text: str  # the whole text body before quote removal
    html: str  # the HTML part, or ""
    from_header: str  # the From address (Reply-To may differ): who wrote it, for authenticating leaders
    in_reply_to: str
    references: tuple[str, ...]
    headers: dict[str, str] = field(default_factory=dict)
    defects: tuple[str, ...] = ()


def parse_message(raw: bytes) -> EmailMessage:
    message = _HEADER_PARSER.parsebytes(raw)
    assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
    return message


def storable(text: str) -> str:
    """Text any database can store: PostgreSQL refuses NUL and lone surrogates, which broken mail carries."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def header(message: EmailMessage, name: str) -> str:
    """A header as text, never raising: policy.default can fail on malformed headers."""
    try:
        value = message.get(name)
    except Exception:  # malformed header values raise from the header registry
        value = None
        raw_values = [v for k, v in message.raw_items() if k.lower() == name.lower()]
        if raw_values:
            value = raw_values[0]
    if value is None:
        return ""
    return storable(" ".join(str(value).split()))


def message_id_of(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID, or a stable stand-in derived from the bytes so retries still deduplicate."""
    value = header(message, "Message-ID").strip()
    if value:
        return value[:998]
    return f"<sha256.{hashlib.sha256(raw).hexdigest()[:32]}@peerline.invalid>"


def sender_address(message: EmailMessage) -> str:
    """The address to answer: Reply-To if given, else From. Lower-cased domain, local part kept."""
    for name in ("Reply-To", "From"):
        value = header(message, name)
        if value:
            addresses = [addr for _, addr in getaddresses([value]) if "@" in addr]
            if addresses:
                return normalise_address(addresses[0])
    return ""


def _from_header(message: EmailMessage) -> str:
    addresses = [addr for _, addr in getaddresses([header(message, "From")]) if "@" in addr]
    return normalise_address(addresses[0]) if addresses else ""


def normalise_address(address: str) -> str:
    """The canonical e-mail form (outbound.addresses): one rule for every comparison of addresses."""
    return canonical_email(address)


def html_to_text(html: str) -> str:
    # A fresh converter each time: html2text keeps state (an unclosed <blockquote> quotes the next message).
    converter = html2text.HTML2Text()
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    return converter.handle(html).strip()


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except Exception:  # unknown charset or broken transfer encoding: decode what we can
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload or "")
    return content if isinstance(content, str) else ""


def _body_part(message: EmailMessage, preference: tuple[str, ...]) -> EmailMessage | None:
    try:
        part = message.get_body(preferencelist=preference)
    except Exception:
        part = None
    if part is None and message.get_content_maintype() == "text" and message.get_content_subtype() in preference:
        part = message
    return part if isinstance(part, EmailMessage) else None


def body_html(message: EmailMessage) -> str:
    """The HTML part, if the message has one (reply extraction reads its structure)."""
    part = _body_part(message, ("html",))
    return storable(_part_text(part)) if part is not None else ""


def body_text(message: EmailMessage) -> str:
    """The text of the message: text/plain preferred, HTML converted; attachments are ignored."""
    part = _body_part(message, ("plain", "html"))
    if part is None:
        if message.get_content_maintype() != "text":
            return ""
        part = message
    content = _part_text(part)
    if part.get_content_subtype() == "html":
        return storable(html_to_text(content))
    return storable(content.replace("\r\n", "\n").strip())


_reply_parser = EmailReplyParser(languages=["en", "fr"])


def strip_quoted(text: str) -> str:
    """Remove quoted history and signatures; keep the full text if the parser leaves nothing."""
    try:
        reply = _reply_parser.parse_reply(text=text)
    except Exception:  # the parser is heuristic: never let it lose a message
        log.warning("reply parser failed; keeping the whole body", exc_info=True)
        return text
    return reply.strip() or text


def parse_email(raw: bytes) -> ParsedEmail:
    message = parse_message(raw)
    full = body_text(message)
    references = tuple(header(message, "References").split())
    headers = {name: header(message, name) for name in SIGNAL_HEADERS if header(message, name)}
    return ParsedEmail(
        message_id=message_id_of(message, raw),
        from_address=sender_address(message),
        subject=header(message, "Subject"),
        text=strip_quoted(full) if full else "",
        full_text=full,
        html=body_html(message),
        from_header=_from_header(message),
        in_reply_to=header(message, "In-Reply-To"),
        references=references,
        headers=headers,
        defects=tuple(type(d).__name__ for d in message.defects),
    )
