"""The e-mail for an outbox row: text part (+ HTML alternative), our headers, its threading headers."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from store.models import Outbound

# Headers we own: the row's stored headers may add to a message but never replace these.
_OURS = frozenset(
    {"from", "to", "subject", "date", "auto-submitted", "x-auto-response-suppress", "mime-version", "sender"}
)


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


def _header_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)  # References stored as a list of ids
    return str(value)


def build_email(row: Outbound, *, from_address: str, now: datetime) -> EmailMessage:
    """Raises ValueError for a row that cannot become a valid message (a permanent failure)."""
    domain = domain_of(from_address)
    msg = EmailMessage()
    msg["From"] = from_address
    if "@" not in parseaddr(row.to_address)[1]:
        raise ValueError("recipient is not an e-mail address")
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg["Date"] = format_datetime(now)
    # RFC 3834: replies to a person are auto-replied, everything else we originate is auto-generated.
    msg["Auto-Submitted"] = "auto-replied" if row.kind == "reply" else "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office or read receipts back to us
    stored = {str(k): v for k, v in (row.headers or {}).items() if str(k).lower() not in _OURS}
    if not any(k.lower() == "message-id" for k in stored):
        msg["Message-ID"] = message_id_for(row, domain)
    for name, value in stored.items():
        msg[name] = _header_value(value)  # the email policy refuses CR/LF in values: no header injection
    msg.set_content(row.body_text)
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html")
    return msg
