"""`peerline flags list|resolve`: what the code flagged for staff, through the real command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from store.models import StaffFlag
from tests.conftest import RunningServer
from tests.members import Phone
from tests.test_routing_e2e import QUESTION, join, wait_for

EXAM_REQUEST = (
    "Text me at 416-555-0199 or maria@example.org, can someone send me the actual questions from the March exam?"
)


def cli(server: RunningServer, cwd: Path):  # type: ignore[no-untyped-def]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PEERLINE_", "TWILIO_"))},
        "PEERLINE_DATA_DIR": str(server.settings.data_dir),
        "PEERLINE_DATABASE_URL": server.settings.resolved_database_url,
    }

    def peerline(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "peerline", "flags", *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return peerline


def flag_ids(server: RunningServer) -> dict[str, int]:
    with server.runtime.session_factory() as session:
        return {kind: flag_id for flag_id, kind in session.execute(select(StaffFlag.id, StaffFlag.kind))}


def test_flags_are_listed_without_contact_details_and_resolved(running_server: RunningServer, tmp_path: Path) -> None:
    asker = Phone(running_server, "+14165550701")
    [refusal] = asker.ask(EXAM_REQUEST)
    member = Phone(running_server, "+14165550702")
    join(member, "ON", "NoLeaderYet")
    member.ask(QUESTION)  # no leader registered at all: the question waits, staff are told
    ids = wait_for(lambda: len(flag_ids(running_server)) == 2 and flag_ids(running_server))
    exam, no_leader = ids["exam_content"], ids["no_leader"]
    peerline = cli(running_server, tmp_path)

    listed = peerline("list")
    assert (listed.returncode, listed.stderr) == (0, "")
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert re.match(
        rf"^\s*{exam}  exam_content\s+\d{{4}}-\d\d-\d\d \d\d:\d\d  from a non-member: \"Text me at ", lines[0]
    )
    assert "Text me at [contact details removed] or [contact details removed], can someone" in lines[0]
    assert re.match(rf"^\s*{no_leader}  no_leader\s+\d{{4}}-\d\d-\d\d \d\d:\d\d  question \d+ \(ON\): ", lines[1])
    assert lines[1].endswith("): no active leader in ON or the national pool")
    for detail in ("416-555-0199", "maria@example.org", "4165550701", "4165550702", "NoLeaderYet"):
        assert detail not in listed.stdout
    assert all(len(line) < 180 for line in lines)  # one short line each

    only = peerline("list", "--kind", "no_leader")
    assert only.stdout.splitlines() == [lines[1]]
    typo = peerline("list", "--kind", "exam")
    assert (typo.returncode, typo.stdout) == (
        0,
        "no open flags of kind exam (kinds raised so far: exam_content, no_leader)\n",
    )

    resolved = peerline("resolve", str(exam))
    assert (resolved.returncode, resolved.stdout) == (0, f"flag {exam} resolved\n")
    assert peerline("list").stdout.splitlines() == [lines[1]]
    everything = peerline("list", "--all").stdout.splitlines()
    assert len(everything) == 2 and everything[0].endswith(")") and "(resolved " in everything[0]
    again = peerline("resolve", str(exam))
    assert (again.returncode, again.stdout) == (0, f"flag {exam} was already resolved\n")
    with running_server.runtime.session_factory() as session:
        assert session.get_one(StaffFlag, exam).resolved_at is not None

    # An unknown id: one line, exit 1, and nothing resolved (not even the known one given with it).
    unknown = peerline("resolve", str(no_leader), "999")
    assert (unknown.returncode, unknown.stdout, unknown.stderr) == (1, "", "error: no flag with id 999\n")
    assert peerline("list").stdout.splitlines() == [lines[1]]
    assert peerline("resolve", "abc").returncode == 2
    assert peerline("resolve").returncode == 2
    usage = peerline("--help")
    assert usage.returncode == 0 and "resolve" in usage.stdout
    assert refusal  # the member was answered (the refusal), whatever staff do
    assert peerline("resolve", str(no_leader)).returncode == 0
    assert peerline("list").stdout == "no open flags\n"


def test_an_exam_flag_names_the_member_by_handle_only(running_server: RunningServer, tmp_path: Path) -> None:
    member = Phone(running_server, "+14165550703")
    join(member, "ON", "RecallAsker")
    member.ask("anyone have the recalls from last week's exam? text me 416-555-0188")
    wait_for(lambda: "exam_content" in flag_ids(running_server))
    [line] = cli(running_server, tmp_path)("list", "--kind", "exam_content").stdout.splitlines()
    assert 'from RecallAsker: "anyone have the recalls' in line
    assert "4165550703" not in line and "416-555-0188" not in line
