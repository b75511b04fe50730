"""Loading, validating and writing knowledge-base files (YAML and CSV)."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_engine import (
    Entry,
    KnowledgeBaseError,
    dump_knowledge_base,
    load_knowledge_base,
    sms_segments,
    validate_entries,
)

BUNDLED = Path(__file__).resolve().parents[1] / "peerline" / "data" / "knowledge_base.yaml"

GOOD_YAML = """\
- id: one
  topic: exam
  province: national
  question: When is the exam?
  alternates: ["exam dates?", "when exm"]
  answer_sms: Three windows a year.
  answer: The exam is offered three times a year.
  links: [https://example.org]
  verify: true
- id: two
  topic: jobs
  province: ON
  question: Where are jobs?
  answer_sms: Hospital sites.
  answer: Look at hospital career sites.
"""


def test_bundled_knowledge_base_loads_and_is_valid() -> None:
    entries = load_knowledge_base(BUNDLED)
    assert len(entries) >= 90
    assert validate_entries(entries) == []
    assert all(isinstance(e, Entry) and e.alternates for e in entries)


def test_yaml_fields(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(GOOD_YAML)
    one, two = load_knowledge_base(path)
    assert one.alternates == ("exam dates?", "when exm")
    assert one.links == ("https://example.org",) and one.verify is True
    assert two.province == "ON" and two.alternates == () and two.verify is False


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    entries = load_knowledge_base(BUNDLED)
    path = tmp_path / f"kb{suffix}"
    dump_knowledge_base(entries, path)
    assert load_knowledge_base(path) == entries


def test_duplicate_id_is_reported_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(GOOD_YAML.replace("id: two", "id: one"))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(path)
    assert str(caught.value).splitlines()[0] == "kb.yaml: line 10: entry 'one': duplicate id (first at line 1)"


def test_missing_field_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(GOOD_YAML.replace("  question: Where are jobs?\n", ""))
    with pytest.raises(KnowledgeBaseError, match=r"line 10: entry 'two': missing field 'question'"):
        load_knowledge_base(path)


def test_too_long_sms_answer_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(GOOD_YAML.replace("Three windows a year.", "x" * 307))
    with pytest.raises(KnowledgeBaseError, match=r"line 1: entry 'one': answer_sms is 3 SMS segments"):
        load_knowledge_base(path)


def test_csv_errors_name_the_csv_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(
        "id,topic,province,question,alternates,answer_sms,answer,links,verify,sources\n"
        "a,exam,national,Q?,x | y,short,long,,false,\n"
        "a,exam,XX,Q2?,,short,long,,maybe,\n"
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(path)
    message = str(caught.value)
    assert message.startswith("kb.csv: line 3: verify must be true or false")
    assert "line 3: entry 'a': duplicate id (first at line 2)" in message


def test_bad_yaml_and_bad_format(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("- id: a\n  question: [unclosed\n")
    with pytest.raises(KnowledgeBaseError, match=r"kb.yaml: line \d+: not valid YAML"):
        load_knowledge_base(path)
    with pytest.raises(KnowledgeBaseError, match=r"use \.yaml, \.yml or \.csv"):
        load_knowledge_base(tmp_path / "kb.json")
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_knowledge_base(tmp_path / "missing.yaml")


def test_validate_entries_lists_every_problem() -> None:
    good = Entry("a", "exam", "national", "Q?", (), "short", "long")
    problems = validate_entries([good, good, Entry("b", "", "ZZ", "", (), "s", "l")])
    assert problems == [
        "entry 'a': duplicate id",
        "entry 'b': missing field 'topic'",
        "entry 'b': missing field 'question'",
        "entry 'b': province must be 'national' or a two-letter code, got 'ZZ'",
    ]


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("ê" * 70, 1),
        ("ê" * 71, 2),
    ],
)
def test_sms_segments(text: str, segments: int) -> None:
    assert sms_segments(text) == segments
