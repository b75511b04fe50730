"""A token inverted index over knowledge-base phrasings, with IDF weights, in front of the fuzzy scorer.

Each entry contributes its question and alternates as phrasings (the strings matched) and its SMS answer as a
weak "bag" of words (recall only: members use words that appear in answers, such as Prometric or WES).
Candidate phrasings are the ones sharing a rare token with the message; only those reach rapidfuzz, so the
cost of a query grows with the number of phrasings sharing its tokens, not with the size of the knowledge
base.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from faq_engine.model import Entry
from faq_engine.normalise import (
    GENERIC_WORDS,
    PROVINCE_TOKENS,
    QUESTION_WORDS,
    analyse_words,
    canonical,
    province_token,
)

QUESTION_WORD_WEIGHT = 0.35
GENERIC_WEIGHT = 0.6
# A phrasing's score: weighted overlap with the message, rapidfuzz similarity, and how much of the message
# the entry as a whole (all its phrasings, half for its SMS answer) explains.
WEIGHT_PHRASING, WEIGHT_FUZZY, WEIGHT_ENTRY = 0.45, 0.15, 0.4
# Where a member is says which variant of an answer applies (the province rule sees to that), less what the
# question is about: a province named in passing should not pull every entry of that province up.
PROVINCE_WEIGHT = 0.7
# The word a "which ... / what ..." question asks for is its topic ("which documents do I need to send for the
# credential review?" asks for documents, whatever else it names): it weighs more.
HEAD_ASKING = frozenset(("which", "what", "quel", "quelle", "quels", "quelles"))
HEAD_WEIGHT = 1.5
UNKNOWN_WEIGHT = 0.5  # a word the knowledge base never uses cannot match; it dilutes the message
COMMON_POSTINGS = 500  # posting lists longer than this (or 2% of phrasings) are read only when needed
# Rare domain words members use to say exactly what they mean: weighted up on top of their IDF.
DOMAIN_BOOST: dict[str, float] = {
    canonical(w): 1.5
    for w in (
        "pla",
        "celban",
        "ielts",
        "celpip",
        "toefl",
        "cael",
        "pte",
        "bridging",
        "shadowing",
        "camlpr",
        "csmls",
        "optmq",
        "cmlto",
        "oqlf",
        "nscmlt",
        "cmlpsk",
        "cmltm",
        "cmlta",
        "sara",
        "michener",
        "prometric",
        "wes",
        "noc",
        "ascp",
        "mla",
        "volunteer",
        "refresher",
        "accommod",
        "nickname",
        "unsubscribe",
        "resume",
        "salary",
        "interview",
        "reference",
        "liability",
        "transfer",
        "funding",
        "rural",
        "union",
        "shift",
        "french",
        "remote",
        "privacy",
        "blueprint",
        "botcheck",
    )
}


@dataclass(frozen=True)
class Phrasing:
    entry: int
    tokens: frozenset[str]
    weight_sum: float
    text: str  # canonical content tokens joined by spaces, for the fuzzy scorer


@dataclass
class Query:
    """A message reduced to weighted canonical tokens."""

    weights: dict[str, float]
    text: str  # canonical content tokens in order, for the fuzzy scorer
    # tokens that count only where they match (the member's province from their profile)
    optional: dict[str, float] = field(default_factory=dict)
    # tokens the channel implies (a text message is "by text"): they count for any phrasing that has them
    context: dict[str, float] = field(default_factory=dict)
    total: float = field(init=False)

    def __post_init__(self) -> None:
        self.total = sum(self.weights.values()) or 1.0


@dataclass(frozen=True)
class Scored:
    entry: int
    score: float  # 0-100
    lexical: float  # 0-1 weighted overlap
    fuzzy: float  # 0-1 rapidfuzz similarity
    phrasing: int


SPELLING_MIN_COUNT = 3  # a word written this often in the knowledge base is a spelling others are corrected to


def kb_spelling(tokens: Sequence[str]) -> dict[str, str]:
    """Misspelt knowledge-base words (seen once, 6+ letters) to a common word with the same first letter: one
    letter missing or added (up to 8 letters), or two edits (9 letters and more); the rest stay as they are."""
    counts: dict[str, int] = defaultdict(int)
    for token in tokens:
        counts[token] += 1
    common = [t for t, c in counts.items() if c >= SPELLING_MIN_COUNT and len(t) >= 5 and t.isalpha()]
    by_letter: dict[str, list[str]] = defaultdict(list)
    for token in common:
        by_letter[token[0]].append(token)
    out: dict[str, str] = {}
    for token, count in counts.items():
        if count > 1 or len(token) < 6 or not token.isalpha() or token in QUESTION_WORDS:
            continue
        # a short word one letter off is often another word ("expert", "expect"): only a letter missing or
        # doubled there; longer words may differ by two edits
        scorer = Indel.distance if len(token) < 9 else Levenshtein.distance
        cutoff = 1 if len(token) < 9 else 2
        found = process.extractOne(token, by_letter.get(token[0], []), scorer=scorer, score_cutoff=cutoff)
        if found is not None:
            out[token] = str(found[0])
    return out


class TokenIndex:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.phrasings: list[Phrasing] = []
        entry_tokens: list[set[str]] = []
        raw: list[tuple[int, list[tuple[str, bool]]]] = []
        for position, entry in enumerate(self.entries):
            for text in entry.phrasings:
                raw.append((position, analyse_words(text)))
        # alternates are written the way members write, typos included ("prometic", "assesment"): a word seen
        # once that is one or two edits from a common knowledge-base word is that word, so a member who
        # spells it right still meets the phrasing
        spelling = kb_spelling(
            [t for _, analysed in raw for t, stop in analysed if not stop]
            + [t for e in self.entries for t, stop in analyse_words(e.answer_sms) if not stop]
        )
        raw = [(position, [(spelling.get(t, t), stop) for t, stop in analysed]) for position, analysed in raw]
        entry_tokens.extend(set() for _ in self.entries)
        for position, analysed in raw:
            entry_tokens[position].update(t for t, stop in analysed if not stop)
        # document frequency counted per entry, so an entry with many alternates does not dilute a word
        df: dict[str, int] = defaultdict(int)
        for seen_tokens in entry_tokens:
            for token in seen_tokens:
                df[token] += 1
        n = max(len(self.entries), 1)
        self.idf: dict[str, float] = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.default_idf = math.log(1.0 + (n + 0.5) / 0.5)
        self.stop_tokens: set[str] = set()
        self.postings: dict[str, list[int]] = defaultdict(list)
        for position, analysed in raw:
            tokens = frozenset(t for t, stop in analysed if not stop)
            self.stop_tokens.update(t for t, stop in analysed if stop)
            text = " ".join(dict.fromkeys(t for t, stop in analysed if not stop))
            phrasing = Phrasing(position, tokens, sum(self.weight(t) for t in tokens) or 1.0, text)
            pid = len(self.phrasings)
            self.phrasings.append(phrasing)
            for token in tokens:
                self.postings[token].append(pid)
        # the SMS answers: a weak bag of words per entry, for recall of words members use
        self.answer_tokens: list[frozenset[str]] = [
            frozenset(t for t, stop in analyse_words(e.answer_sms) if not stop) for e in self.entries
        ]
        self.entry_tokens: list[frozenset[str]] = [frozenset(t) for t in entry_tokens]
        self.vocabulary: tuple[str, ...] = tuple(sorted(t for t in df if len(t) >= 4 and t.isalpha()))
        self._vocabulary_set = frozenset(df)
        self._corrections: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def weight(self, token: str) -> float:
        if token in QUESTION_WORDS:
            return QUESTION_WORD_WEIGHT * self.idf.get(token, 1.0)
        if token in GENERIC_WORDS:
            return GENERIC_WEIGHT * self.idf.get(token, 1.0)
        if token in PROVINCE_TOKENS:
            return PROVINCE_WEIGHT * self.idf.get(token, self.default_idf)
        return self.idf.get(token, self.default_idf) * DOMAIN_BOOST.get(token, 1.0)

    def correct(self, token: str) -> str:
        """A misspelt word to the closest knowledge-base word (one or two edits), else unchanged."""
        if token in self._vocabulary_set or len(token) < 4 or not token.isalpha():
            return token
        cached = self._corrections.get(token)
        if cached is None:
            # short words are often other real words ("ready" is not a misspelt "read")
            cutoff = 0 if len(token) < 6 else 1 if len(token) < 9 else 2
            found = process.extractOne(
                token, self.vocabulary, scorer=Levenshtein.distance, score_cutoff=cutoff
            )
            if cutoff == 0:
                found = None
            cached = str(found[0]) if found is not None and str(found[0])[0] == token[0] else token
            if len(self._corrections) < 100_000:
                self._corrections[token] = cached
        return cached

    def query(self, parts: Sequence[tuple[str, float]]) -> Query:
        """Weighted canonical tokens of a message given as (sentence, weight) parts."""
        weights: dict[str, float] = {}
        order: list[str] = []
        for sentence, part_weight in parts:
            head = False
            for token, stop in analyse_words(sentence):
                if stop:
                    continue
                asks_which, head = head, token in HEAD_ASKING
                token = self.correct(token)
                w = self.weight(token) * part_weight
                if asks_which and token not in QUESTION_WORDS and token not in PROVINCE_TOKENS:
                    w *= HEAD_WEIGHT  # "which documents ...": what the question asks for
                if token not in self._vocabulary_set and token not in QUESTION_WORDS:
                    w *= UNKNOWN_WEIGHT
                if w > weights.get(token, 0.0):
                    weights[token] = w
                order.append(token)
        return Query(weights, " ".join(dict.fromkeys(order)))

    def _entry_cover(self, entry: int, query: Query) -> float:
        """Share of the message's weight found anywhere in the entry: its phrasings, or (half) its answer."""
        phrased = self.entry_tokens[entry]
        answered = self.answer_tokens[entry]
        found = 0.0
        for token, w in query.weights.items():
            if token in phrased:
                found += w
            elif token in answered:
                found += 0.5 * w
        return found / query.total

    def candidates(self, query: Query, limit: int = 60) -> list[int]:
        """Phrasings sharing the most weight with the query (term-at-a-time accumulation)."""
        accumulated: dict[int, float] = defaultdict(float)
        common = max(COMMON_POSTINGS, len(self.phrasings) // 50)
        weighted = sorted((*query.weights.items(), *query.optional.items()), key=lambda tw: -tw[1])
        for token, w in weighted:  # rarest (heaviest) words first
            postings = self.postings.get(token, ())
            if len(postings) > common and len(accumulated) >= limit:
                continue  # a word in a large share of the knowledge base narrows nothing: skip its list
            for pid in postings:
                accumulated[pid] += w
        if len(accumulated) <= limit:
            return list(accumulated)
        return heapq.nlargest(limit, accumulated, key=accumulated.__getitem__)

    def score(self, query: Query, limit: int = 60) -> list[Scored]:
        """Best score per entry among the candidate phrasings, highest first."""
        best: dict[int, Scored] = {}
        for pid in self.candidates(query, limit):
            phrasing = self.phrasings[pid]
            shared = query.weights.keys() & phrasing.tokens
            # the member's province counts only for entries of that province (not a national entry's
            # alternate that happens to name a city there)
            extra = (
                query.optional.keys() & phrasing.tokens - shared
                if province_token(self.entries[phrasing.entry].province) in query.optional
                else set()
            )
            implied = query.context.keys() & phrasing.tokens - shared
            if not shared:
                continue
            gained = sum(query.optional[t] for t in extra) + sum(query.context[t] for t in implied)
            extra = extra | implied
            cover_query = (sum(query.weights[t] for t in shared) + gained) / (query.total + gained)
            cover_phrasing = sum(self.weight(t) for t in shared | extra) / phrasing.weight_sum
            lexical = math.sqrt(cover_query * cover_phrasing)
            fuzzy = fuzz.token_sort_ratio(query.text, phrasing.text) / 100.0
            value = 100.0 * (
                WEIGHT_PHRASING * lexical
                + WEIGHT_FUZZY * fuzzy
                + WEIGHT_ENTRY * self._entry_cover(phrasing.entry, query)
            )
            current = best.get(phrasing.entry)
            if current is None or value > current.score:
                best[phrasing.entry] = Scored(phrasing.entry, value, lexical, fuzzy, pid)
        return sorted(best.values(), key=lambda s: s.score, reverse=True)
