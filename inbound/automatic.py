"""Recognise mail a machine wrote (auto-replies, bounces, lists) so we never answer it and feed a loop."""

from __future__ import annotations

import re
from collections.abc import Mapping

_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_DAEMON_LOCALPART = re.compile(r"^(mailer-?daemon|post_?master|no-?reply|do-?not-?reply|bounces?)([+-].*)?$", re.I)
# Headers that only list servers and robots add (fml, Mailman, majordomo, Google Groups...).
_LIST_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "x-mlserver",
    "x-ml-name",
    "mailing-list",
    "x-mailing-list",
    "x-loop",
)
# The headers automatic_reason looks at; the parser keeps these for it.
SIGNAL_HEADERS = (
    "Auto-Submitted",
    "Precedence",
    "X-Autoreply",
    "X-Autorespond",
    "Content-Type",
    "From",
    "Subject",
    "Return-Path",
    *(h.title() for h in _LIST_HEADERS),
)
# Localised subjects used by Exchange/Outlook/Gmail auto-replies and bounces, which often lack Auto-Submitted.
_AUTOMATIC_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|r[ée]ponse automatique"
    r"|absence du bureau|abwesenheitsnotiz|automatische antwort|respuesta autom[áa]tica"
    r"|undeliverable|undelivered mail|delivery status notification|mail delivery failed"
    r"|returned mail|delivery failure|non remis|failure notice)\b",
    re.I,
)


def automatic_reason(headers: Mapping[str, str], envelope_from: str | None = None) -> str | None:
    """Why this message looks machine-written, or None for a person's message.

    `headers` is case-insensitive by convention of the caller (keys as in ParsedEmail.headers).
    """
    h = {k.lower(): v.strip() for k, v in headers.items()}
    auto_submitted = h.get("auto-submitted", "").lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"auto-submitted:{auto_submitted.split(';')[0]}"
    if h.get("precedence", "").lower() in _AUTOMATIC_PRECEDENCE:
        return f"precedence:{h['precedence'].lower()}"
    for name in _LIST_HEADERS:
        if h.get(name):
            return f"list:{name}"
    if h.get("x-autoreply") or h.get("x-autorespond"):
        return "x-autoreply"
    if envelope_from is not None and envelope_from.strip() in ("", "<>"):
        return "null-sender"
    content_type = h.get("content-type", "").lower()
    if content_type.startswith("multipart/report"):
        return "delivery-report"
    sender = h.get("from", "")
    match = re.search(r"([^\s<@\"]+)@", sender)
    if match and _DAEMON_LOCALPART.match(match.group(1)):
        return "daemon-sender"
    if _AUTOMATIC_SUBJECT.search(h.get("subject", "")):
        return "automatic-subject"
    return None
