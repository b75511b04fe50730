"""`peerline faq …`: match, classify, evaluate, import and export the FAQ knowledge base.

The engine comes from the database, as `serve` uses it (the bundled knowledge base is loaded on first start);
`--knowledge-base FILE` uses a file instead, without touching the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from faq_engine import Entry, FaqEngine, KnowledgeBaseError, dump_knowledge_base, load_knowledge_base
from faq_engine.evaluation import LABELS, Decider, Report, WRatioBaseline, evaluate
from faq_engine.guards import province_code
from peerline.config import Settings, SettingsError, load_settings

faq_app = typer.Typer(
    help="The FAQ engine: match a message, classify or evaluate a file of messages, import/export the "
    "knowledge base (YAML or CSV).",
    no_args_is_help=True,
)

KnowledgeBaseOption = Annotated[
    Path | None,
    typer.Option("--knowledge-base", "-k", help="Use this YAML/CSV file instead of the database's FAQ."),
]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        _fail(str(exc))


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _load(path: Path) -> list[Entry]:
    """The entries of a knowledge-base file; a bad file, or one without a single entry, fails with one line (an
    empty FAQ would make the next start re-seed the database from the bundled file)."""
    try:
        entries = load_knowledge_base(path)
    except KnowledgeBaseError as exc:
        _fail(_first_line(exc))
    if not entries:
        _fail(f"{path.name}: no entries (an empty knowledge base is never loaded; the FAQ is unchanged)")
    return entries


def _engine(knowledge_base: Path | None) -> FaqEngine:
    settings = _settings()
    if knowledge_base is not None:
        entries = _load(knowledge_base)
        return FaqEngine(
            entries,
            answer_threshold=settings.faq_answer_threshold,
            suggest_threshold=settings.faq_suggest_threshold,
        )
    from peerline.runtime import open_runtime

    try:
        return open_runtime(settings).faq_engine()
    except Exception as exc:  # unreachable database, bad bundled file: one line, not a traceback
        _fail(f"cannot open the FAQ: {type(exc).__name__}: {_first_line(exc)}")


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        _fail(f"{path}: cannot read ({exc.strerror})")
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                _fail(f"{path.name} line {number}: not valid JSON ({exc.msg})")
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                _fail(f"{path.name} line {number}: expected an object with a 'text' string")
            yield row


@faq_app.command()
def match(
    text: Annotated[str, typer.Argument(help="The member's message.")],
    province: Annotated[
        str | None, typer.Option("--province", "-p", help="The member's province: a code (ON) or a name (Ontario).")
    ] = None,
    channel: Annotated[str, typer.Option("--channel", "-c", help="sms or email.")] = "sms",
    knowledge_base: KnowledgeBaseOption = None,
) -> None:
    """Print the decision for one message as JSON."""
    if channel not in ("sms", "email"):
        raise typer.BadParameter("must be sms or email", param_hint="--channel")
    code = province_code(province) if province is not None else None
    if province is not None and code is None:
        raise typer.BadParameter(
            f"{province!r} is not a Canadian province or territory (a code such as ON, or a name such as Ontario)",
            param_hint="--province",
        )
    decision = _engine(knowledge_base).decide(text, province=code, channel=channel)
    typer.echo(json.dumps(decision.as_dict(), ensure_ascii=False))


@faq_app.command()
def classify(
    file: Annotated[Path, typer.Argument(help="JSON lines with id, channel, province, text.")],
    knowledge_base: KnowledgeBaseOption = None,
) -> None:
    """Print one JSON decision line per message."""
    rows = list(_read_jsonl(file))  # a bad line stops the command before any output
    engine = _engine(knowledge_base)
    for row in rows:
        decision = engine.decide(
            row["text"], province=row.get("province") or None, channel=str(row.get("channel") or "sms")
        )
        typer.echo(json.dumps(decision.as_dict(row.get("id")), ensure_ascii=False))


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _report_table(report: Report, title: str) -> Table:
    table = Table(title=title)
    table.add_column("expected")
    table.add_column("messages", justify="right")
    table.add_column("right", justify="right")
    table.add_column("accuracy", justify="right")
    for label in ("FAQ", *LABELS):
        right, total = report.per_label.get(label, [0, 0])
        if total:
            table.add_row(label, str(total), str(right), _percent(right / total))
    table.add_section()
    table.add_row("overall", str(report.total), str(report.correct), _percent(report.accuracy))
    return table


@faq_app.command("eval")
def eval_(
    file: Annotated[Path, typer.Argument(help="Labelled JSON lines (the `expect` field of eval_dev.jsonl).")],
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Evaluate a baseline instead of the engine: wratio.")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="The baseline's one answer threshold (0-100); default: the best one on this file."),
    ] = None,
    mistakes: Annotated[bool, typer.Option("--mistakes", help="List every wrong decision.")] = False,
    knowledge_base: KnowledgeBaseOption = None,
) -> None:
    """Accuracy per expected label, confident-wrong rate and exam-flag precision/recall."""
    rows = list(_read_jsonl(file))
    if any("expect" not in row for row in rows):
        _fail(f"{file.name}: every line needs an 'expect' label")
    engine = _engine(knowledge_base)
    decider: Decider = engine
    title = f"FAQ engine (answer >= {engine.answer_threshold:g}, suggest >= {engine.suggest_threshold:g})"
    if baseline is not None:
        if baseline.lower() != "wratio":
            raise typer.BadParameter("the only baseline is wratio", param_hint="--baseline")
        wratio = WRatioBaseline(engine.entries, threshold=threshold or 0.0)
        threshold = wratio.tune(rows) if threshold is None else threshold
        decider = wratio
        title = f"baseline: rapidfuzz WRatio, one threshold ({threshold:g})"
    report = evaluate(decider, rows)
    console = Console()
    console.print(_report_table(report, title))
    console.print(
        f"confident wrong answers: {report.confident_wrong} of {report.answered} answered "
        f"({_percent(report.confident_wrong_rate)})"
    )
    precision = _percent(report.exam_precision) if report.flagged else "n/a"
    console.print(
        f"exam flag: precision {precision} ({report.flagged_right}/{report.flagged}), "
        f"recall {_percent(report.exam_recall)} ({report.flagged_right}/{report.exam_expected})"
    )
    console.print(f"suggestions holding the right FAQ (counted wrong above): {report.suggested_right}")
    if mistakes:
        for row, decision in report.mistakes:
            got = decision.faq_id or ",".join(decision.suggestions)
            console.print(
                f"{row.get('id')}: expected {row['expect']}, got {decision.decision} {got} ({decision.score:.0f})",
                markup=False,
            )


@faq_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .yaml/.yml or .csv knowledge base.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only.")] = False,
) -> None:
    """Validate a knowledge base and replace the database's FAQ with it."""
    entries = _load(file)
    if dry_run:
        typer.echo(f"{file.name}: {len(entries)} entries, no problems")
        return
    from peerline.runtime import open_runtime

    settings = _settings()
    try:
        count = open_runtime(settings).replace_faq(entries)
    except Exception as exc:
        _fail(f"cannot write the FAQ: {type(exc).__name__}: {_first_line(exc)}")
    typer.echo(f"imported {count} entries from {file.name}")


@faq_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="Where to write: .yaml/.yml or .csv.")],
    knowledge_base: KnowledgeBaseOption = None,
) -> None:
    """Write the FAQ to a YAML or CSV file."""
    if file.suffix.lower() not in (".yaml", ".yml", ".csv"):
        _fail(f"{file.name}: unknown format {file.suffix or '(none)'}; use .yaml, .yml or .csv")
    entries = _engine(knowledge_base).entries
    try:
        dump_knowledge_base(entries, file)
    except OSError as exc:
        _fail(f"{file}: cannot write ({exc.strerror})")
    typer.echo(f"exported {len(entries)} entries to {file}")
