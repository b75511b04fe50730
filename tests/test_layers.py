"""The one-way dependencies of design.md §2, checked from the imports themselves."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("peerline", "store", "faq_engine", "inbound", "outbound", "digest")
ALLOWED = {
    "peerline": {"inbound", "outbound", "digest", "faq_engine", "store"},
    "inbound": {"faq_engine", "outbound", "store"},
    "digest": {"faq_engine", "outbound", "store"},
    "outbound": {"store"},
    "faq_engine": set(),
    "store": set(),
}


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


def test_every_import_follows_the_drawn_edges() -> None:
    violations = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in imported_packages(path) - {package}:
                if target not in ALLOWED[package]:
                    violations.append(f"{path.relative_to(ROOT)} imports {target}")
    assert violations == []


def test_the_checker_sees_a_forbidden_edge(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from inbound.pipeline import STAGES\nimport store.models\n")
    assert imported_packages(bad) == {"inbound", "store"}
