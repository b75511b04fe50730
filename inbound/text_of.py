"""What a member wrote, as the stages need it: the question, or a one-line command."""

from __future__ import annotations

from faq_engine.guards import detect_command
from store.models import InboundMessage

_REPLY_PREFIXES = ("re:", "fwd:", "fw:", "tr:", "aw:", "sv:", "rv:")


def clean_subject(subject: str) -> str:
    subject = subject.strip()
    while subject.lower().startswith(_REPLY_PREFIXES):
        subject = subject.split(":", 1)[1].strip()
    return subject


def question_text(msg: InboundMessage) -> str:
    """The question: for e-mail the subject matters when the body is empty or very short.

    A subject that is only a command keyword ("join", "HELP") names no topic: with a body, the body alone is
    what they wrote ("I agree" under "join" is not a question about joining).
    """
    if msg.channel != "email":
        return msg.body
    subject = clean_subject(msg.subject)
    if not msg.body.strip():
        return subject
    if detect_command(subject) is not None:
        return msg.body
    return f"{subject}\n\n{msg.body}" if subject and len(msg.body) < 40 else msg.body


def command_text(msg: InboundMessage) -> str:
    """A command is a whole SMS, or an e-mail's first body line (or its subject when the body is empty)."""
    if msg.channel != "email":
        return msg.body.strip()
    for line in msg.body.splitlines():
        if line.strip():
            return line.strip()
    return clean_subject(msg.subject)
