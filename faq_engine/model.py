"""Value types shared by the FAQ engine: knowledge-base entries and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DECISIONS = ("answer", "suggest", "route", "exam_flag", "command", "offtopic")

PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")
NATIONAL = "national"


class KnowledgeBaseError(ValueError):
    """A knowledge-base file that cannot be used; the message names the line of each problem."""


@dataclass(frozen=True)
class Entry:
    """One FAQ entry: a canonical question, other phrasings, and its answers."""

    id: str
    topic: str
    province: str
    question: str
    alternates: tuple[str, ...]
    answer_sms: str
    answer: str
    links: tuple[str, ...] = ()
    verify: bool = False
    sources: tuple[str, ...] = ()

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question followed by its alternates: the strings a message is matched against."""
        return (self.question, *self.alternates)

    @property
    def is_national(self) -> bool:
        return self.province == NATIONAL


@dataclass(frozen=True)
class Decision:
    """What to do with one incoming message.

    decision: "answer" | "suggest" | "route" | "exam_flag" | "command" | "offtopic"
    faq_id: the chosen entry for "answer" (and the best guess for "suggest"), else None
    score: 0-100 confidence of the best match (100 for commands and exam flags)
    suggestions: up to three FAQ ids to offer ("reply 1, 2 or 3, or 0 to ask a leader")
    province: the province the decision was made for (member's, or mentioned in the text)
    command: for "command", the normalised keyword (STOP, START, HELP, JOIN, NAME, PROVINCE, MYDATA,
        DELETE, LANG, MEETING, LEADER, CHOICE)
    argument: the command's argument (a name, a province code, a language, the digit of a CHOICE)
    reason: a short machine-readable reason (which guard or rule decided), for logs and eval
    """

    decision: str
    faq_id: str | None
    score: float
    suggestions: tuple[str, ...]
    province: str | None
    command: str | None = None
    argument: str | None = None
    reason: str = ""

    def as_dict(self, message_id: str | None = None) -> dict[str, Any]:
        """The contract's JSON shape: id, decision, faq_id, score, suggestions, province."""
        return {
            "id": message_id,
            "decision": self.decision,
            "faq_id": self.faq_id,
            "score": round(self.score, 1),
            "suggestions": list(self.suggestions),
            "province": self.province,
        }
