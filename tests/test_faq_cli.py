"""`peerline faq …` as a user runs it (typer's runner, a temporary data dir)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerline.cli_faq import faq_app

BUNDLED = Path(__file__).resolve().parents[1] / "peerline" / "data" / "knowledge_base.yaml"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name in ("PEERLINE_DATABASE_URL", "PEERLINE_KNOWLEDGE_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PEERLINE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_match_prints_the_decision_json(runner: CliRunner) -> None:
    result = runner.invoke(faq_app, ["match", "STOP"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "id": None,
        "decision": "command",
        "faq_id": None,
        "score": 100.0,
        "suggestions": [],
        "province": None,
    }
    result = runner.invoke(faq_app, ["match", "can i write the exam in french?", "--province", "on"])
    decision = json.loads(result.output)
    assert decision["faq_id"] == "exam-french" and decision["province"] == "ON"


def test_match_rejects_a_bad_channel(runner: CliRunner) -> None:
    assert runner.invoke(faq_app, ["match", "hi", "--channel", "fax"]).exit_code == 2


def test_classify_one_line_per_message_on_a_fresh_data_dir(runner: CliRunner, tmp_path: Path) -> None:
    messages = tmp_path / "m.jsonl"
    messages.write_text(
        '{"id": "a", "channel": "sms", "province": null, "text": "anyone have recalls? pls send"}\n'
        '{"id": "b", "channel": "email", "province": "ON", '
        '"text": "Hello,\\n\\nHow much do MLTs earn?\\n\\nBest"}\n'
    )
    result = runner.invoke(faq_app, ["classify", str(messages)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(x["id"], x["decision"]) for x in lines] == [("a", "exam_flag"), ("b", "answer")]
    assert set(lines[0]) == {"id", "decision", "faq_id", "score", "suggestions", "province"}


def test_classify_bad_json_fails_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    messages = tmp_path / "m.jsonl"
    messages.write_text('{"id": "a", "text": "hi"}\nnot json\n')
    result = runner.invoke(faq_app, ["classify", str(messages)])
    assert result.exit_code == 1
    assert result.output.strip() == "error: m.jsonl line 2: not valid JSON (Expecting value)"


def test_eval_prints_the_table(runner: CliRunner, tmp_path: Path) -> None:
    labelled = tmp_path / "l.jsonl"
    labelled.write_text(
        '{"id": "1", "channel": "sms", "province": null, "text": "STOP", "expect": "COMMAND"}\n'
        '{"id": "2", "channel": "sms", "province": null, "text": "send me exam recalls", '
        '"expect": "EXAM_FLAG"}\n'
        '{"id": "3", "channel": "sms", "province": null, "text": "how much does mlt earn", '
        '"expect": "jobs-salary"}\n'
    )
    result = runner.invoke(faq_app, ["eval", str(labelled)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "100.0%" in result.output
    assert "exam flag: precision 100.0% (1/1), recall 100.0% (1/1)" in result.output
    baseline = runner.invoke(faq_app, ["eval", str(labelled), "--baseline", "wratio"])
    assert baseline.exit_code == 0 and "WRatio" in baseline.output


def test_import_export_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    exported = tmp_path / "kb.csv"
    result = runner.invoke(faq_app, ["export", str(exported)])
    assert result.exit_code == 0, result.output
    assert "exported" in result.output and exported.exists()
    result = runner.invoke(faq_app, ["import", str(exported)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported ")


def test_import_bad_file_fails_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BUNDLED.read_text().replace("id: cred-csmls-vs-camlpr", "id: cred-who-assesses"))
    result = runner.invoke(faq_app, ["import", str(bad)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "entry 'cred-who-assesses': duplicate id (first at line" in result.output
    assert result.output.startswith("error: bad.yaml: line ")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.yaml", ""),
        ("comments.yaml", "# the FAQ, to be written\n"),
        ("list.yaml", "[]\n"),
        ("header.csv", "id,topic,province,question,alternates,answer_sms,answer,links,verify,sources\n"),
    ],
)
def test_import_of_a_file_without_entries_is_refused(
    runner: CliRunner, tmp_path: Path, name: str, content: str
) -> None:
    """An empty FAQ would make the next start re-seed the bundled one: the import is refused, the FAQ kept."""
    assert runner.invoke(faq_app, ["export", str(tmp_path / "before.yaml")]).exit_code == 0
    empty = tmp_path / name
    empty.write_text(content)
    for args in (["import", str(empty)], ["import", "--dry-run", str(empty)]):
        result = runner.invoke(faq_app, args)
        assert result.exit_code == 1
        assert result.output.count("\n") == 1
        assert result.output.startswith(f"error: {name}: no entries")
    assert runner.invoke(faq_app, ["export", str(tmp_path / "after.yaml")]).exit_code == 0
    assert (tmp_path / "after.yaml").read_text() == (tmp_path / "before.yaml").read_text()


def test_match_takes_a_province_name_and_refuses_an_unknown_one(runner: CliRunner) -> None:
    result = runner.invoke(faq_app, ["match", "can i work before i am registered?", "--province", "Ontario"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["province"] == "ON"
    result = runner.invoke(faq_app, ["match", "hi", "--province", "ZZ"])
    assert result.exit_code == 2
    assert "'ZZ' is not a Canadian province or territory" in result.output
