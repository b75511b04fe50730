"""FaqEngine: one decision per incoming message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from faq_engine.guards import (
    detect_command,
    exam_content,
    has_domain_words,
    needs_person,
    offtopic_kind,
    provinces_mentioned,
)
from faq_engine.index import Scored, TokenIndex
from faq_engine.model import Decision, Entry
from faq_engine.normalise import (
    focus,
    informative_tokens,
    province_token,
    questions,
    split_sentences,
    strip_email_noise,
    strip_quoted,
)

DEFAULT_ANSWER_THRESHOLD = 40.0
DEFAULT_SUGGEST_THRESHOLD = 25.0

# Province handling, in score points (0-100 scale).
OWN_PROVINCE_BONUS = 4.0  # an entry for the member's (or the named) province
OTHER_PROVINCE_PENALTY = 30.0  # an entry for a province the member is not in and did not name
# A confident answer needs a lead over the best entry's rival (see FaqEngine._rival); below this margin the score
# is pulled down. The decision score (0-100) blends the match score with that lead:
#   MATCH_SHARE x match + (1 - MATCH_SHARE) x 100 x min(1, lead / FULL_LEAD)
# Measured on the development set, the lead is what tells a right top match from a wrong one; the match score
# alone hardly does, because long e-mails score low even when right. An answer also needs a match score of at
# least MIN_ANSWER_MATCH, so a weak match that merely leads weaker ones is never sent.
MATCH_SHARE = 0.3
FULL_LEAD = 15.0
MIN_ANSWER_MATCH = 30.0
PROVINCE_GAP = 16.0  # a national entry this close to another province's entry answers for an unknown province
# A national entry's province variant for the member's (or the named) province is the specific answer: it is
# preferred when it comes within this many points of the national entry of the same topic.
PREFER_OWN_PROVINCE = 6.0
# The channel a message came by is implied context: a text message asking "how do I join?" asks how to join by
# text. Those words count (at this share of their weight) for phrasings that have them.
CHANNEL_TOKENS = {"sms": ("sms", "text"), "email": ("email",)}
CHANNEL_WEIGHT = 0.25
# The questions of a message alone are a second view of it (FaqEngine._with_question_view): when its best entry
# differs, the decision score is multiplied by DISAGREEMENT_FACTOR; when it agrees in a message of
# LONG_MESSAGE_WORDS or more, each entry keeps the better of its whole-message score and QUESTION_VIEW_SHARE x its
# question-only score.
LONG_MESSAGE_WORDS = 30
DISAGREEMENT_FACTOR = 0.8
QUESTION_VIEW_SHARE = 0.9
POLICY_EXPANSION = "\nWhy can't the network share exam questions or recalls?"


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    raw: float
    other_province: bool


class FaqEngine:
    """Decide what to do with a member's message: answer, suggest, route, exam_flag, command or offtopic.

    Scores are on a 0-100 scale: ``answer_threshold`` and above answers, ``suggest_threshold`` and above
    offers up to three numbered questions, below that the question goes to a leader.
    """

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        answer_threshold: float = DEFAULT_ANSWER_THRESHOLD,
        suggest_threshold: float = DEFAULT_SUGGEST_THRESHOLD,
    ) -> None:
        if suggest_threshold > answer_threshold:
            raise ValueError("suggest_threshold must not exceed answer_threshold")
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._index = TokenIndex(self._entries)
        # province variants of one question: ids that differ only by a last part naming their province
        # (cexp-ab, cexp-on ...), see variant_family
        self._variants: dict[str, dict[str, Entry]] = {}
        for e in self._entries:
            family = variant_family(e)
            if family is not None:
                self._variants.setdefault(family, {})[e.province] = e

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, faq_id: str) -> Entry:
        """The entry with this id (KeyError if there is none)."""
        return self._by_id[faq_id]

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries)

    # ----------------------------------------------------------------------------------------------------

    def matches(self, text: str, *, province: str | None = None, channel: str | None = None) -> list[Match]:
        """Entries ranked for a (cleaned) message, with province adjustments applied."""
        relevant = {p for p in (province, *provinces_mentioned(text)) if p}
        query = self._index.query(focus(text))
        for token in CHANNEL_TOKENS.get(channel or "", ()):
            if token not in query.weights:
                query.context[token] = CHANNEL_WEIGHT * self._index.weight(token)
        if province:  # the member's profile says where they are: it counts where an entry names that province
            token = province_token(province)
            if token not in query.weights:
                query.optional[token] = self._index.weight(token)
        out = self._lend_to_variants([self._adjust(scored, relevant) for scored in self._index.score(query)], relevant)
        out.sort(key=lambda m: m.score, reverse=True)
        return out

    def _lend_to_variants(self, matches: list[Match], relevant: set[str]) -> list[Match]:
        """Another province's entry is never answered, but what it matched says which question is asked: its
        variant for the member's (or the named) province scores at least as well as it matched, before the
        penalty ("can I work while waiting for results" matched the Alberta wording; an Ontario member gets
        the Ontario answer)."""
        if not relevant or not self._variants:
            return matches
        by_id = {m.entry.id: m for m in matches}
        for m in matches:
            family = variant_family(m.entry) if m.other_province else None
            if family is None:
                continue
            for code in relevant:
                variant = self._variants[family].get(code)
                current = by_id.get(variant.id) if variant is not None else None
                if variant is not None and (current is None or current.score < m.raw):
                    by_id[variant.id] = Match(variant, m.raw, current.raw if current else 0.0, False)
        return list(by_id.values())

    def _with_question_view(
        self, matches: list[Match], body: str, province: str | None, channel: str
    ) -> tuple[list[Match], bool]:
        """The message's questions alone, as a second view of it: (matches, whether the views disagree).

        When the questions alone pick another best entry than the whole message, the answer rests on how the
        context is read: a reason for doubt. When they agree in a long message, each entry keeps the better
        of its two scores (the context no longer dilutes a question that says it all).
        """
        asked = questions(body)
        if not asked or not matches or len(asked) == len(split_sentences(body)):
            return matches, False  # nothing but questions: one view only
        found = self.matches(" ".join(asked), province=province, channel=channel)
        if _first_eligible(found) != _first_eligible(matches):
            return matches, True
        if len(body.split()) < LONG_MESSAGE_WORDS:
            return matches, False
        merged = {m.entry.id: m for m in matches}
        for m in found:
            current = merged.get(m.entry.id)
            if current is None or QUESTION_VIEW_SHARE * m.score > current.score:
                merged[m.entry.id] = Match(m.entry, QUESTION_VIEW_SHARE * m.score, m.raw, m.other_province)
        return sorted(merged.values(), key=lambda m: m.score, reverse=True), False

    def _adjust(self, scored: Scored, relevant: set[str]) -> Match:
        entry = self._entries[scored.entry]
        if entry.is_national:
            return Match(entry, scored.score, scored.score, False)
        if entry.province in relevant:
            return Match(entry, min(100.0, scored.score + OWN_PROVINCE_BONUS), scored.score, False)
        return Match(entry, max(0.0, scored.score - OTHER_PROVINCE_PENALTY), scored.score, True)

    def decide(self, text: str, *, province: str | None = None, channel: str = "sms") -> Decision:
        """One decision for one message. ``province`` is the member's two-letter code, None when unknown."""
        raw = (text or "").strip()
        province = province.upper() if province else None
        command = detect_command(raw)
        body = strip_email_noise(raw)
        if command is None and channel == "email":
            command = detect_command(strip_quoted(raw)) or detect_command(body)
        if command is not None:
            return Decision(
                "command",
                None,
                100.0,
                (),
                province,
                command=command.keyword,
                argument=command.argument,
                reason="command",
            )
        exam = exam_content(body)
        if exam == "request":
            return Decision("exam_flag", None, 100.0, (), province, reason="exam_content")
        kind = offtopic_kind(body)
        if kind is not None:
            return Decision("offtopic", None, 0.0, (), province, reason=kind)
        mentioned = provinces_mentioned(body)
        decided_province = province or (mentioned[0] if mentioned else None)
        # a question about the exam-content policy is about sharing exam questions, whatever words it uses
        matches = self.matches(
            body + (POLICY_EXPANSION if exam == "policy" else ""), province=province, channel=channel
        )
        matches, views_disagree = self._with_question_view(matches, body, province, channel)
        person = needs_person(body)
        best = matches[0] if matches else None
        suggestions = self._suggestions(matches)
        if person is not None:
            return Decision(
                "route", None, best.score if best else 0.0, suggestions, decided_province, reason=person
            )
        if best is None:
            decision = "route" if has_domain_words(body) else "offtopic"
            return Decision(decision, None, 0.0, (), decided_province, reason="no_match")
        # the best raw match belongs to another province and no national entry comes close:
        # the answer depends on a province we do not know
        top_raw = max(matches, key=lambda m: m.raw)
        if top_raw.other_province and not province and not mentioned:
            national = [m for m in matches if not m.other_province]
            if not national or national[0].score < top_raw.raw - PROVINCE_GAP:
                return Decision("route", None, top_raw.raw, suggestions, None, reason="province_needed")
        # another province's entry is never answered nor offered: only the member's (or the named) province's
        # entries and national ones are eligible. One that still scores above the best eligible entry (after its
        # penalty) is a reason for doubt, as a rival is: the message may be about that province.
        outside = max((m.score for m in matches if m.other_province), default=0.0)
        matches = [m for m in matches if not m.other_province]
        if not matches:
            return Decision("route", None, top_raw.score, (), decided_province, reason="other_province")
        relevant = {p for p in (province, *mentioned) if p}
        best = self._prefer_own_province(matches, relevant)
        rival = self._rival(matches, best, relevant, self._question_tops(body, province, channel))
        rival_score = max(rival.score if rival else 0.0, outside)
        confidence = self.confidence(best.score, best.score - rival_score)
        if views_disagree:
            confidence *= DISAGREEMENT_FACTOR
        if confidence >= self.answer_threshold and best.score >= MIN_ANSWER_MATCH:
            others = tuple(s for s in suggestions if s != best.entry.id)[:2]
            return Decision("answer", best.entry.id, confidence, others, decided_province, reason="match")
        if confidence >= self.suggest_threshold and suggestions:
            return Decision(
                "suggest", best.entry.id, confidence, suggestions, decided_province, reason="near_match"
            )
        # off-topic only when nothing matched well and the message never speaks of the profession
        offtopic = best.score < MIN_ANSWER_MATCH and not has_domain_words(body)
        decision = "offtopic" if offtopic else "route"
        return Decision(
            decision,
            None,
            confidence,
            suggestions if decision == "route" else (),
            decided_province,
            reason="low_score",
        )

    @staticmethod
    def _prefer_own_province(matches: list[Match], relevant: set[str]) -> Match:
        """The best match, or its province variant for the member's (or the named) province when close."""
        best = matches[0]
        if not best.entry.is_national or not relevant:
            return best
        for m in matches[1:]:
            if best.score - m.score > PREFER_OWN_PROVINCE:
                break
            if m.entry.province in relevant and m.entry.topic == best.entry.topic:
                return m
        return best

    @staticmethod
    def _rival(
        matches: list[Match], best: Match, relevant: set[str], question_tops: list[str]
    ) -> Match | None:
        """The next entry that really competes with the best one for the same question.

        Not a rival: another province's entry (the member's province rules it out), the national entry of the
        same topic when the best is the variant for the member's province (the specific answer covers it),
        and, in a message asking several questions, the best entry of another question.
        """
        for m in matches:
            if m is best or m.other_province:
                continue
            if (
                best.entry.province in relevant
                and m.entry.is_national
                and m.entry.topic == best.entry.topic
            ):
                continue
            if best.entry.id in question_tops and m.entry.id in question_tops:
                continue
            return m
        return None

    def _question_tops(self, body: str, province: str | None, channel: str) -> list[str]:
        """The best entry of each question of a message that asks two or more (empty otherwise)."""
        asked = [q for q in questions(body) if informative_tokens(q)]
        if len(asked) < 2:
            return []
        tops = []
        for sentence in asked:
            found = [m for m in self.matches(sentence, province=province, channel=channel) if not m.other_province]
            if found and found[0].score >= MIN_ANSWER_MATCH:
                tops.append(found[0].entry.id)
        return tops if len(set(tops)) >= 2 else []

    @staticmethod
    def confidence(score: float, margin: float) -> float:
        """The 0-100 decision score from the best match score and its lead over its rival."""
        lead = 100.0 * min(1.0, max(0.0, margin) / FULL_LEAD)
        return max(0.0, min(100.0, MATCH_SHARE * score + (1.0 - MATCH_SHARE) * lead))

    def _suggestions(self, matches: list[Match]) -> tuple[str, ...]:
        floor = self.suggest_threshold - 10.0
        return tuple(m.entry.id for m in matches if not m.other_province and m.score >= floor)[:3]


def _first_eligible(matches: list[Match]) -> str | None:
    """The id of the best entry that may be answered (not another province's), None when there is none."""
    return next((m.entry.id for m in matches if not m.other_province), None)


def variant_family(entry: Entry) -> str | None:
    """The question an entry answers for one province, when its id says so: "cexp-on" (province ON) is the
    Ontario variant of "cexp"; None for national entries and ids without their province's code at the end."""
    if entry.is_national:
        return None
    head, _, code = entry.id.rpartition("-")
    return head if head and code.upper() == entry.province else None
