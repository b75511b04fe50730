"""`peerline simulate sms` against a running server: replies printed; silence after STOP explained, not an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from peerline.config import Settings
from peerline.runtime import Runtime
from tests.conftest import RunningServer
from tests.members import Phone
from tests.test_routing_e2e import ANA, ANSWER, QUESTION, add_leaders, join, notices_for, wait_for


def simulate(server: RunningServer, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return simulate_with(server.settings, cwd, *args)


def simulate_with(settings: Settings, cwd: Path, *args: str, channel: str = "sms") -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PEERLINE_", "TWILIO_"))},
        "PEERLINE_DATA_DIR": str(settings.data_dir),
        "PEERLINE_DATABASE_URL": settings.resolved_database_url,
        "PEERLINE_HTTP_PORT": str(settings.http_port),
        "PEERLINE_SMTP_PORT": str(settings.smtp_port),
        "PEERLINE_PUBLIC_URL": settings.public_url,
        "PEERLINE_MAIL_DOMAIN": settings.mail_domain,
    }
    return subprocess.run(
        [sys.executable, "-m", "peerline", "simulate", channel, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_simulate_sms_after_stop_says_the_number_opted_out(running_server: RunningServer, tmp_path: Path) -> None:
    number = "+14165550801"
    stopped = simulate(running_server, tmp_path, "--from", number, "STOP")
    assert stopped.returncode == 0, stopped.stderr
    assert "reply (1 segment(s), GSM-7):" in stopped.stdout  # the one confirmation

    for text in ("How do I book the exam?", "STOP"):  # a question, a second STOP: silence, as carriers require
        silent = simulate(running_server, tmp_path, "--from", number, "--timeout", "20", text)
        assert (silent.returncode, silent.stderr) == (0, "")
        assert silent.stdout.splitlines()[-1] == "no reply: this number has opted out (STOP); text START to opt back in"

    back = simulate(running_server, tmp_path, "--from", number, "START")
    assert back.returncode == 0 and "reply (" in back.stdout


def test_simulate_sms_with_no_server_is_still_an_error(runtime: Runtime, tmp_path: Path) -> None:
    gone = simulate_with(runtime.settings, tmp_path, "--from", "+14165550802", "--timeout", "1", "hello")
    assert gone.returncode == 1
    assert gone.stderr.count("\n") == 1 and gone.stderr.startswith("error: cannot reach the web app")


def test_simulate_email_asks_and_a_leader_answers_with_to(running_server: RunningServer, tmp_path: Path) -> None:
    """The README's leader walk-through: the notice's Reply-To given to `simulate email --to`."""
    settings = running_server.settings
    asked = simulate_with(settings, tmp_path, "--from", "maria@example.org", "How do I book the exam?", channel="email")
    assert asked.returncode == 0, asked.stderr
    assert "reply: From:" in asked.stdout and "Subject: Re: A question" in asked.stdout

    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"))
    phone = Phone(running_server, "+14165550803")
    join(phone, "ON", "Simulated1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(running_server, ANA))
    reply_to = str(notice["Reply-To"])
    answered = simulate_with(settings, tmp_path, "--from", ANA, "--to", reply_to, ANSWER, channel="email")
    assert answered.returncode == 0, answered.stderr
    assert f"sent to {reply_to}: the member's copy goes to" in answered.stdout
    wait_for(lambda: any(ANSWER in body for body in phone.received()))

    to_staff = simulate_with(settings, tmp_path, "--from", ANA, "--subject", "Away", "Away in January", channel="email")
    assert to_staff.returncode == 0, to_staff.stderr  # a leader's own note to ask@ is answered in its thread
    assert "passed to the network's staff" in to_staff.stdout
