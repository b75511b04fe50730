"""Reading, writing and validating knowledge-base files (YAML or CSV)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from faq_engine.model import NATIONAL, PROVINCES, Entry, KnowledgeBaseError

REQUIRED = ("id", "topic", "province", "question", "answer_sms", "answer")
CSV_FIELDS = (
    "id",
    "topic",
    "province",
    "question",
    "alternates",
    "answer_sms",
    "answer",
    "links",
    "verify",
    "sources",
)
CSV_LIST_SEPARATOR = " | "
MAX_SMS_SEGMENTS = 2

# GSM 03.38 basic character set and its extension table (extension characters cost two septets).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


_TYPOGRAPHIC = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "œ": "oe",
        "Œ": "OE",
        "«": '"',
        "»": '"',
        "\u00a0": " ",
    }
)


def gsm_fold(text: str) -> str:
    """Fold characters outside GSM-7 to their base letter (ê -> e), as the SMS shaper does by default."""
    out = []
    for ch in text.translate(_TYPOGRAPHIC):
        if ch in _GSM_BASIC or ch in _GSM_EXTENDED:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(c in _GSM_BASIC for c in base) else ch)
    return "".join(out)


def sms_segments(text: str) -> int:
    """Segments a carrier bills for `text` (GSM-7: 160/153 septets; else UCS-2: 70/67 code units)."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        units = [2 if ch in _GSM_EXTENDED else 1 for ch in text]
        single, multi = 160, 153
    else:
        units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, multi = 70, 67
    total = sum(units)
    if total <= single:
        return 1 if total else 0
    segments, used = 1, 0
    for unit in units:  # an escape or a surrogate pair is never split across segments
        if used + unit > multi:
            segments, used = segments + 1, 0
        used += unit
    return segments


def _problems_of(entry: Entry) -> list[str]:
    problems = []
    for name in REQUIRED:
        if not str(getattr(entry, name) or "").strip():
            problems.append(f"missing field '{name}'")
    if entry.province and entry.province != NATIONAL and entry.province not in PROVINCES:
        problems.append(f"province must be 'national' or a two-letter code, got {entry.province!r}")
    # counted as sent: the SMS shaper folds French letters outside GSM-7 to their base letter by default
    if entry.answer_sms and (n := sms_segments(gsm_fold(entry.answer_sms))) > MAX_SMS_SEGMENTS:
        problems.append(
            f"answer_sms is {n} SMS segments ({len(entry.answer_sms)} characters); "
            f"at most {MAX_SMS_SEGMENTS} allowed"
        )
    return problems


def _validate(entries: Sequence[Entry], lines: Sequence[int | None]) -> list[str]:
    problems: list[str] = []
    first_seen: dict[str, int | None] = {}
    for entry, line in zip(entries, lines, strict=True):
        where = f"line {line}: " if line is not None else ""
        label = f"entry {entry.id!r}" if entry.id else "entry"
        problems.extend(f"{where}{label}: {p}" for p in _problems_of(entry))
        if entry.id:
            if entry.id in first_seen:
                before = first_seen[entry.id]
                also = f" (first at line {before})" if before is not None else ""
                problems.append(f"{where}{label}: duplicate id{also}")
            else:
                first_seen[entry.id] = line
    return problems


def validate_entries(entries: Iterable[Entry]) -> list[str]:
    """Problems with a list of entries: duplicate ids, missing fields, bad province, answer_sms too long."""
    items = list(entries)
    return _validate(items, [None] * len(items))


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(CSV_LIST_SEPARATOR.strip()) if part.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    raise ValueError(f"expected a list, got {type(value).__name__}")


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n", ""):
        return False
    raise ValueError(f"verify must be true or false, got {value!r}")


def _entry_from(row: dict[str, Any]) -> Entry:
    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value).strip()

    return Entry(
        id=text("id"),
        topic=text("topic"),
        province=text("province") or NATIONAL,
        question=text("question"),
        alternates=_as_tuple(row.get("alternates")),
        answer_sms=text("answer_sms"),
        answer=text("answer"),
        links=_as_tuple(row.get("links")),
        verify=_as_bool(row.get("verify")),
        sources=_as_tuple(row.get("sources")),
    )


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line where each mapping starts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 reads ON, on, yes, no as booleans: "province: ON" must stay Ontario. Only true/false are booleans.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(text: str) -> tuple[list[dict[str, Any]], list[int | None]]:
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KnowledgeBaseError(f"{where}not valid YAML ({problem})") from None
    if data is None:
        return [], []
    if not isinstance(data, list):
        raise KnowledgeBaseError("line 1: the knowledge base must be a YAML list of entries")
    rows, lines = [], []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise KnowledgeBaseError(f"entry {position}: expected a mapping with id, question, ...")
        lines.append(item.pop("__line__", None))
        rows.append(item)
    return rows, lines


def _read_csv(text: str) -> tuple[list[dict[str, Any]], list[int | None]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        return [], []
    missing = [name for name in REQUIRED if name not in reader.fieldnames]
    if missing:
        raise KnowledgeBaseError(f"line 1: CSV header lacks column(s) {', '.join(missing)}")
    rows: list[dict[str, Any]] = []
    lines: list[int | None] = []
    start = reader.line_num + 1
    for row in reader:
        rows.append(dict(row))
        lines.append(start)
        start = reader.line_num + 1
    return rows, lines


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise KnowledgeBaseError(f"{path.name}: unknown format {suffix or '(none)'}; use .yaml, .yml or .csv")
    return suffix


def parse_knowledge_base(text: str, *, fmt: str = "yaml") -> list[Entry]:
    """Parse knowledge-base text ("yaml" or "csv"); raise KnowledgeBaseError listing every problem."""
    rows, lines = _read_csv(text) if fmt == "csv" else _read_yaml(text)
    entries: list[Entry] = []
    problems: list[str] = []
    for row, line in zip(rows, lines, strict=True):
        try:
            entries.append(_entry_from(row))
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
            entries.append(Entry(str(row.get("id") or ""), "", NATIONAL, "x", (), "x", "x"))
    problems = [*problems, *_validate(entries, lines)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise KnowledgeBaseError(problems[0] + more + ("\n" + "\n".join(problems[1:]) if more else ""))
    return entries


def load_knowledge_base(path: str | Path) -> list[Entry]:
    """Load a .yaml/.yml or .csv knowledge base; raise KnowledgeBaseError with line-numbered messages.

    The first line of the error message is a complete sentence on its own; later lines list the rest.
    """
    path = Path(path)
    fmt = "csv" if _suffix(path) == ".csv" else "yaml"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KnowledgeBaseError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise KnowledgeBaseError(f"{path}: not UTF-8 text") from None
    try:
        return parse_knowledge_base(text, fmt=fmt)
    except KnowledgeBaseError as exc:
        raise KnowledgeBaseError(f"{path.name}: {exc}") from None


def entry_fields(entry: Entry) -> dict[str, Any]:
    """An entry as plain fields (lists, not tuples): what a file or a database row holds."""
    return {
        "id": entry.id,
        "topic": entry.topic,
        "province": entry.province,
        "question": entry.question,
        "alternates": list(entry.alternates),
        "answer_sms": entry.answer_sms,
        "answer": entry.answer,
        "links": list(entry.links),
        "verify": entry.verify,
        "sources": list(entry.sources),
    }


def dump_knowledge_base(entries: Iterable[Entry], path: str | Path) -> None:
    """Write entries as YAML or CSV, chosen by the file's suffix (lists in CSV are joined with ' | ')."""
    path = Path(path)
    rows = [entry_fields(e) for e in entries]
    if _suffix(path) == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            flat = dict(row)
            for name in ("alternates", "links", "sources"):
                flat[name] = CSV_LIST_SEPARATOR.join(row[name])
            flat["verify"] = "true" if row["verify"] else "false"
            writer.writerow(flat)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    else:
        path.write_text(
            yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8"
        )
