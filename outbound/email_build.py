"""The e-mail for an outbox row: text part (+ HTML alternative, + attachments), our headers, its threading."""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from outbound.unsubscribe import UnsubscribeLink
from store.models import Outbound

_POLICY = policy.default.clone(max_line_length=998)
# Outbox kinds that ask a person for an answer, where auto-replies must reach us.
PERSON_TO_PERSON = frozenset({"leader"})

# Headers we own: the row's stored headers may add to a message but never replace these.
_OURS = frozenset(
    {"from", "to", "subject", "date", "auto-submitted", "x-auto-response-suppress", "mime-version", "sender"}
)


_LIST_HEADERS = frozenset({"list-unsubscribe", "list-unsubscribe-post"})


def domain_of(address: str) -> str:
    _, addr = parseaddr(address)
    domain = addr.rpartition("@")[2]
    if not domain:
        raise ValueError(f"no domain in from address {address!r}")
    return domain


def message_id_for(row: Outbound, domain: str) -> str:
    # Stable for the row: a retry after an unclear failure carries the same Message-ID, so clients dedupe it.
    stamp = int(row.created_at.timestamp())
    return f"<outbox.{row.id}.{stamp}@{domain}>"


_OUTBOX_MESSAGE_ID = re.compile(r"^<outbox\.(\d+)\.\d+@")


def outbox_id_of(message_id: str) -> int | None:
    """The outbox row a Message-ID made by `message_id_for` names, or None for anyone else's."""
    match = _OUTBOX_MESSAGE_ID.match(message_id.strip())
    return int(match.group(1)) if match else None


def _header_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)  # References stored as a list of ids
    return str(value)


def _add_attachments(msg: EmailMessage, attachments: list[Any]) -> None:
    """Each `{"filename", "content_type", "text"}` becomes a real attachment (UTF-8 text, e.g. JSON)."""
    for item in attachments:
        if not isinstance(item, dict):
            raise ValueError("an attachment must be an object with filename, content_type and text")
        filename = str(item.get("filename") or "").strip()
        content_type = str(item.get("content_type") or "text/plain").strip().lower()
        text = item.get("text")
        if not filename or any(c in filename for c in "/\\\r\n\0"):
            raise ValueError(f"bad attachment file name {filename!r}")
        maintype, _, subtype = content_type.partition("/")
        if not maintype.isascii() or not subtype or " " in content_type or "/" in subtype:
            raise ValueError(f"bad attachment content type {content_type!r}")
        if not isinstance(text, str):
            raise ValueError(f"attachment {filename!r} has no text")
        if maintype == "text":
            msg.add_attachment(text, subtype=subtype, charset="utf-8", filename=filename)
        else:  # application/json and the like: the UTF-8 bytes, base64-encoded by the content manager
            msg.add_attachment(text.encode("utf-8"), maintype=maintype, subtype=subtype, filename=filename)


def _with_footer_html(body_html: str, footer: str) -> str:
    """The footer paragraph inside the HTML body (before </body> when there is one)."""
    index = body_html.lower().rfind("</body>")
    if index < 0:
        return f"{body_html}\n{footer}"
    return f"{body_html[:index]}{footer}\n{body_html[index:]}"


def build_email(
    row: Outbound, *, from_address: str, now: datetime, unsubscribe: UnsubscribeLink | None = None
) -> EmailMessage:
    """Raises ValueError for a row that cannot become a valid message (a permanent failure).

    With `unsubscribe` (delivery passes it for every unsubscribable kind) the message gets the RFC 2369 /
    RFC 8058 headers and a footer link in both parts; a row's stored List-Unsubscribe headers are replaced.
    """
    domain = domain_of(from_address)
    # Fold only past RFC 5322's 998-octet limit: at 78, Python encodes long Message-IDs in In-Reply-To and
    # References as RFC 2047 words, which mail clients cannot thread on.
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = from_address
    if "@" not in parseaddr(row.to_address)[1]:
        raise ValueError("recipient is not an e-mail address")
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg["Date"] = format_datetime(now)
    if row.kind in PERSON_TO_PERSON:
        # A question for a leader to answer: their out-of-office reply is a signal we need (it re-routes
        # the question at once), so we neither mark it automatic (RFC 3834 responders stay silent then)
        # nor ask Exchange to suppress it; receipts are still suppressed.
        msg["X-Auto-Response-Suppress"] = "DR, RN, NRN"
    else:
        # RFC 3834: replies to a person are auto-replied, everything else we originate is auto-generated.
        msg["Auto-Submitted"] = "auto-replied" if row.kind == "reply" else "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office or read receipts back to us
    ours = _OURS | (_LIST_HEADERS if unsubscribe is not None else frozenset())
    stored = {str(k): v for k, v in (row.headers or {}).items() if str(k).lower() not in ours}
    if not any(k.lower() == "message-id" for k in stored):
        msg["Message-ID"] = message_id_for(row, domain)
    for name, value in stored.items():
        msg[name] = _header_value(value)  # the email policy refuses CR/LF in values: no header injection
    body_text, body_html = row.body_text, row.body_html
    if unsubscribe is not None:
        for name, value in unsubscribe.headers().items():
            msg[name] = value
        body_text = f"{body_text.rstrip()}\n\n{unsubscribe.footer_text()}\n"
        body_html = _with_footer_html(body_html, unsubscribe.footer_html()) if body_html else ""
    msg.set_content(body_text)
    if body_html:
        msg.add_alternative(body_html, subtype="html")
    if row.attachments:
        _add_attachments(msg, list(row.attachments))
    return msg
