"""Scoring a classifier against labelled messages (the ``expect`` field of eval_dev.jsonl)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from faq_engine.model import Decision, Entry
from faq_engine.normalise import fold

LABELS = {"ROUTE": "route", "EXAM_FLAG": "exam_flag", "COMMAND": "command", "OFFTOPIC": "offtopic"}


class Decider(Protocol):
    def decide(self, text: str, *, province: str | None = None, channel: str = "sms") -> Decision: ...


def accepted_ids(row: Mapping[str, Any]) -> set[str]:
    """The FAQ ids a labelled row accepts: ``expect`` plus any ``also_ok`` (a field, or in the note)."""
    ids = {str(row["expect"])}
    also = row.get("also_ok")
    if isinstance(also, str):
        ids.update(a.strip() for a in also.split(",") if a.strip())
    elif isinstance(also, list):
        ids.update(str(a) for a in also)
    note = str(row.get("note") or "")
    if "also_ok:" in note:
        ids.update(a.strip() for a in note.split("also_ok:", 1)[1].split(",") if a.strip())
    return ids


def is_correct(row: Mapping[str, Any], decision: Decision) -> bool:
    """Right decision kind; for an expected FAQ id, an answer with that id (suggest never counts)."""
    expect = str(row["expect"])
    if expect in LABELS:
        return decision.decision == LABELS[expect]
    return decision.decision == "answer" and decision.faq_id in accepted_ids(row)


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    answered: int = 0
    confident_wrong: int = 0
    flagged: int = 0
    flagged_right: int = 0
    exam_expected: int = 0
    per_label: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    suggested_right: int = 0
    mistakes: list[tuple[dict[str, Any], Decision]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def confident_wrong_rate(self) -> float:
        return self.confident_wrong / self.answered if self.answered else 0.0

    @property
    def exam_precision(self) -> float:
        return self.flagged_right / self.flagged if self.flagged else 1.0

    @property
    def exam_recall(self) -> float:
        return self.flagged_right / self.exam_expected if self.exam_expected else 1.0


def label_of(row: Mapping[str, Any]) -> str:
    expect = str(row["expect"])
    return expect if expect in LABELS else "FAQ"


def evaluate(decider: Decider, rows: Iterable[Mapping[str, Any]]) -> Report:
    report = Report()
    for row in rows:
        decision = decider.decide(
            str(row.get("text") or ""),
            province=row.get("province") or None,
            channel=str(row.get("channel") or "sms"),
        )
        label = label_of(row)
        ok = is_correct(row, decision)
        report.total += 1
        report.correct += ok
        report.per_label[label][0] += ok
        report.per_label[label][1] += 1
        if decision.decision == "answer":
            report.answered += 1
            if not ok:
                report.confident_wrong += 1
        if (
            decision.decision == "suggest"
            and label == "FAQ"
            and (set(decision.suggestions) & accepted_ids(row))
        ):
            report.suggested_right += 1
        if decision.decision == "exam_flag":
            report.flagged += 1
            report.flagged_right += label == "EXAM_FLAG"
        report.exam_expected += label == "EXAM_FLAG"
        if not ok:
            report.mistakes.append((dict(row), decision))
    return report


class WRatioBaseline:
    """A plain rapidfuzz WRatio over every phrasing with one threshold: the yardstick of issue 3."""

    def __init__(self, entries: Sequence[Entry], *, threshold: float = 85.0) -> None:
        self.threshold = threshold
        self._owners: list[str] = []
        self._choices: list[str] = []
        for entry in entries:
            for text in entry.phrasings:
                self._owners.append(entry.id)
                self._choices.append(fold(text))

    def best(self, text: str) -> tuple[str | None, float]:
        found = process.extractOne(fold(text), self._choices, scorer=fuzz.WRatio)
        if found is None:
            return None, 0.0
        _, score, position = found
        return self._owners[position], float(score)

    def decide(self, text: str, *, province: str | None = None, channel: str = "sms") -> Decision:
        faq_id, score = self.best(text)
        if faq_id is not None and score >= self.threshold:
            return Decision("answer", faq_id, score, (), province)
        return Decision("route", None, score, (), province)

    def tune(self, rows: Sequence[Mapping[str, Any]]) -> float:
        """Set (and return) the one threshold that decides the most rows right."""
        best = [(row, *self.best(str(row.get("text") or ""))) for row in rows]

        def right(threshold: float) -> int:
            return sum(
                is_correct(row, Decision("answer", i, s, (), None))
                if i is not None and s >= threshold
                else is_correct(row, Decision("route", None, s, (), None))
                for row, i, s in best
            )

        self.threshold = float(max(range(0, 101), key=right))
        return self.threshold
