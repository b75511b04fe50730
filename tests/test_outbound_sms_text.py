"""SMS text: segment counts checked against the vectors of Twilio's calculator and instasent's counter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound.sms_text import (
    MORE_SUFFIX,
    count_segments,
    fit_segments,
    is_gsm7,
    non_gsm_characters,
    shape_sms,
    split_segments,
    to_gsm,
)

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
TWILIO = CORPORA / "twilio-message-segment-calculator"
INSTASENT = CORPORA / "instasent-sms-counter"


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        pytest.skip(f"corpus {path} not present (tests read ../shared/corpora beside the checkout)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _vectors(path: Path, key: str) -> list[Any]:
    """Parametrise from a corpus file at collection time; one skipped case when the corpus is absent."""
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus {path} not present"))]
    items = json.loads(path.read_text(encoding="utf-8"))[key]
    if isinstance(items, dict):
        items = [{"char": k, **v} for k, v in items.items()]
    return [
        pytest.param(v, id=f"{i}-{v.get('description') or v.get('test') or v.get('name')}") for i, v in enumerate(items)
    ]


# --- Twilio's message-segment-calculator ---------------------------------------------------------------


@pytest.mark.parametrize("vector", _vectors(TWILIO / "segment_vectors.json", "vectors"))
def test_twilio_calculator_vector(vector: dict[str, Any]) -> None:
    body = vector["body"]
    count = count_segments(body)
    if "segments" in vector:
        assert count.segments == vector["segments"]
    if "encoding" in vector:
        assert count.encoding == vector["encoding"]
    if "all_chars_gsm7" in vector:
        assert is_gsm7(body) is vector["all_chars_gsm7"]
    if "messageSize_bits" in vector:
        bits = 7 if count.encoding == "GSM-7" else 16
        assert count.units * bits == vector["messageSize_bits"]
        udh = 48 * count.segments if count.segments > 1 else 0  # 6-byte header on each concatenated part
        assert count.units * bits + udh == vector["totalSize_bits"]
    if "unicodeScalars" in vector:
        assert len(body) == vector["unicodeScalars"]
    if "non_gsm_characters" in vector:
        assert non_gsm_characters(body) == vector["non_gsm_characters"]
    if "last_segment_entries" in vector:
        last = split_segments(body)[-1]
        assert len(last) == vector["last_segment_entries"] - 6  # the calculator lists 6 UDH entries first
        assert last[-1] == vector["last_char"]
    # Not asserted: "characters" (grapheme clusters). Carriers bill code units; we never count graphemes.


@pytest.mark.parametrize("vector", _vectors(TWILIO / "smart_encoding_map.json", "map"))
def test_twilio_smart_encoding_entry(vector: dict[str, Any]) -> None:
    char, replacement = vector["char"], vector["replacement"]
    ours = to_gsm(char)
    assert is_gsm7(ours), f"{vector['name']} still forces UCS-2"
    if char.isspace() or ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        # Deliberate: any space or separator is one character wide (Twilio widens NBSP to 2, TAB to 7),
        # line/paragraph separators are line breaks, and control codes vanish.
        assert ours in {" ", "\n", ""}
    elif char in "‹›":
        assert ours == {"‹": "<", "›": ">"}[char]  # Twilio's table has these two reversed
    elif vector["name"].startswith("COMBINING"):
        assert ours == ""  # a stray accent is dropped, not turned into ^ ~ ' beside the letter
    else:
        assert ours == replacement


# --- instasent/sms-counter-php --------------------------------------------------------------------------


@pytest.mark.parametrize("vector", _vectors(INSTASENT / "segment_vectors.json", "count_vectors"))
def test_instasent_count_vector(vector: dict[str, Any]) -> None:
    text = vector["text"]
    count = count_segments(text)
    if vector["method"] == "countWithShiftTables":
        # National shift tables (Turkish/Spanish/Portuguese) are not used by Twilio or Canadian carriers:
        # these texts are UCS-2 in real life, so that is what we assert instead of the shift-table result.
        assert count.encoding == "UCS-2"
        assert count.units == len(text)
        return
    assert count.units == vector["length"]
    if "encoding" in vector:
        assert count.encoding == {"GSM_7BIT": "GSM-7", "UTF16": "UCS-2"}[vector["encoding"]]
    if "messages" in vector:
        assert count.segments == vector["messages"]
        single, multi = (160, 153) if count.encoding == "GSM-7" else (70, 67)
        per_message = single if count.segments == 1 else multi
        assert per_message == vector["per_message"]
        assert per_message - count_segments(split_segments(text)[-1]).units == vector["remaining"]


@pytest.mark.parametrize("vector", _vectors(INSTASENT / "segment_vectors.json", "truncate_vectors"))
def test_instasent_truncate_vector(vector: dict[str, Any]) -> None:
    assert fit_segments(vector["text"], vector["limit_sms"]) == vector["expected"]


@pytest.mark.parametrize("vector", _vectors(INSTASENT / "segment_vectors.json", "sanitize_vectors"))
def test_instasent_sanitize_vector(vector: dict[str, Any]) -> None:
    if vector["method"] == "removeNonGsmChars":
        # We never delete letters: á folds to a and ` becomes ', where instasent drops both.
        assert to_gsm(vector["text"]) == "ano-unicode-remaining' ñ"
        return
    assert to_gsm(vector["text"]) == vector["expected"]


# --- our own rules ---------------------------------------------------------------------------------------


def test_french_letters_fold_by_default_and_stay_on_request() -> None:
    text = "Forêt, château, île, hôpital, août, garçon, Noël, naïf, cœur, À bientôt"
    assert to_gsm(text) == "Foret, chateau, ile, hopital, aout, garcon, Noel, naif, coeur, A bientot"
    assert count_segments(to_gsm(text)).encoding == "GSM-7"
    kept = to_gsm(text, keep_accents=True)
    assert kept == text
    assert count_segments(kept).encoding == "UCS-2"


def test_gsm7_accents_are_kept() -> None:
    assert to_gsm("Été à Montréal, déjà réglé") == "Été à Montréal, déjà réglé"


def test_typographic_punctuation_becomes_gsm7() -> None:
    text = "“Book it” — don’t wait… it’s 10–12\u00a0weeks"
    assert to_gsm(text) == "\"Book it\" - don't wait... it's 10-12 weeks"


def test_decomposed_accents_are_composed_first() -> None:
    assert to_gsm("e\u0301te\u0301") == "été"  # NFD input still lands on GSM-7 é


def test_extension_characters_count_two_septets() -> None:
    assert count_segments("{}").units == 4
    assert count_segments("€" * 80).segments == 1
    assert count_segments("€" * 81).segments == 2


def test_escape_pair_never_split() -> None:
    text = "a" * 152 + "€" + "b" * 10
    parts = split_segments(text)
    assert parts[0] == "a" * 152  # the euro would straddle the boundary, so it moves to part two
    assert parts[1].startswith("€")


def test_short_reply_is_one_part() -> None:
    assert shape_sms("  Hello there.  ") == ["Hello there."]


def test_long_text_splits_at_sentence_with_reply_more() -> None:
    sentences = [f"Sentence number {i} explains one more step of the exam booking." for i in range(12)]
    parts = shape_sms(" ".join(sentences), max_segments=2)
    assert len(parts) >= 2
    for part in parts[:-1]:
        assert part.endswith("\n" + MORE_SUFFIX)
        assert part[: -len(MORE_SUFFIX) - 1].endswith(".")  # cut at a sentence end
    for part in parts:
        assert count_segments(part).segments <= 2
    rejoined = " ".join(p.removesuffix("\n" + MORE_SUFFIX) for p in parts)
    assert rejoined == " ".join(sentences)


def test_ucs2_text_is_budgeted_in_code_units() -> None:
    text = "Bienvenue 🎉. " + "Voici la réponse à votre question sur l'examen. " * 8
    parts = shape_sms(text, keep_accents=True)
    assert all(count_segments(p).segments <= 2 for p in parts)
    assert count_segments(parts[0]).encoding == "UCS-2"


def test_text_without_any_boundary_is_still_cut() -> None:
    parts = shape_sms("x" * 1000, max_segments=1)
    assert all(count_segments(p).segments == 1 for p in parts)
    assert "".join(p.removesuffix("\n" + MORE_SUFFIX) for p in parts) == "x" * 1000


_SMS_ALPHABET = st.sampled_from([*"abc XYZ.!?\n,'-é€{}[]ê😀ç", "🇨🇦", "ô"])


@given(st.lists(_SMS_ALPHABET, max_size=600).map("".join))
def test_segments_match_the_split(text: str) -> None:
    count = count_segments(text)
    parts = split_segments(text)
    assert "".join(parts) == text
    assert len(parts) == count.segments
    capacity = (
        (160 if count.encoding == "GSM-7" else 70) if len(parts) == 1 else (153 if count.encoding == "GSM-7" else 67)
    )
    for part in parts:
        assert count_segments(part).units <= capacity
    if count.encoding == "GSM-7":
        assert sum(count_segments(p).units for p in parts) == count.units


@given(st.lists(_SMS_ALPHABET, max_size=900).map("".join), st.integers(min_value=1, max_value=4), st.booleans())
def test_shape_sms_parts_always_fit(text: str, max_segments: int, keep_accents: bool) -> None:
    parts = shape_sms(text, keep_accents=keep_accents, max_segments=max_segments)
    for part in parts:
        assert part
        assert count_segments(part).segments <= max_segments
    assert all(p.endswith(MORE_SUFFIX) for p in parts[:-1])
    if not keep_accents:
        assert not {"ê", "ç", "ô"} & set("".join(parts))
