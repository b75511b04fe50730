"""The command line as a user meets it: real subprocesses, exit codes and one-line errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port

PEERLINE = [sys.executable, "-m", "peerline"]


def run(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PEERLINE, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEERLINE_", "TWILIO_"))}
    env["PEERLINE_DATA_DIR"] = str(tmp_path / "var")
    return env


def test_bad_setting_stops_with_one_line(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["serve"], {**clean_env, "PEERLINE_HTTP_PORT": "eighty"}, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "PEERLINE_HTTP_PORT" in result.stderr


def test_bad_usage_exits_2(clean_env: dict[str, str], tmp_path: Path) -> None:
    assert run(["tick", "--now"], clean_env, tmp_path).returncode == 2


def test_env_file_is_read(clean_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PEERLINE_PUBLIC_URL=ftp://nope\n")
    result = run(["tick"], clean_env, tmp_path)
    assert result.returncode == 1
    assert "PEERLINE_PUBLIC_URL" in result.stderr


def test_serve_prints_where_it_listens_and_stops_on_sigterm(clean_env: dict[str, str], tmp_path: Path) -> None:
    env = {**clean_env, "PEERLINE_HTTP_PORT": str(free_port()), "PEERLINE_SMTP_PORT": str(free_port())}
    process = subprocess.Popen(
        [*PEERLINE, "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        assert process.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "outbound SMS" in line:
                break
        output = "".join(lines)
        assert f"127.0.0.1:{env['PEERLINE_HTTP_PORT']}" in output
        assert f"127.0.0.1:{env['PEERLINE_SMTP_PORT']}" in output
        assert (tmp_path / "var" / "secret_key").exists()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_bad_url_setting_never_prints_its_password(clean_env: dict[str, str], tmp_path: Path) -> None:
    env = {**clean_env, "PEERLINE_SMTP_RELAY_URL": "http://relay-user:hunter2@mail.example:587"}
    result = run(["tick"], env, tmp_path)
    assert result.returncode == 1
    assert "PEERLINE_SMTP_RELAY_URL" in result.stderr
    assert "hunter2" not in result.stderr and "relay-user" not in result.stderr
    assert "mail.example:587" in result.stderr  # the part that helps find the typo is still shown


def test_generated_secrets_are_kept_across_restarts(clean_env: dict[str, str], tmp_path: Path) -> None:
    from peerline.config import load_settings

    data_dir = tmp_path / "var"
    first = load_settings(data_dir=data_dir)
    second = load_settings(data_dir=data_dir)
    assert len(first.webhook_auth_token) == 64 and len(first.secret_key) == 64
    assert first.webhook_auth_token != first.secret_key
    # Twilio is configured with the signing key once; a restart must not change it (or every webhook is refused).
    assert second.webhook_auth_token == first.webhook_auth_token
    assert second.secret_key == first.secret_key
    assert (data_dir / "twilio_auth_token").stat().st_mode & 0o777 == 0o600
    # A real Twilio account's token, when given, is the signing key instead.
    assert load_settings(data_dir=data_dir, twilio_auth_token="tok").webhook_auth_token == "tok"


def _start(args: list[str], env: dict[str, str], cwd: Path, ready: str) -> subprocess.Popen[str]:
    """Start a long-running command and wait until it prints the line that says it is ready."""
    process = subprocess.Popen(
        [*PEERLINE, *args], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        if ready in line:
            return process
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"{args} did not start:\n{''.join(seen)}")


def test_mail_accepted_before_a_stop_is_answered_after_it(clean_env: dict[str, str], tmp_path: Path) -> None:
    """`peerline smtpd` stops cleanly on SIGTERM; what it accepted is answered by the next worker pass."""
    import smtplib

    from tests.helpers import question_email, wait_for_mail

    smtp_port = free_port()
    env = {**clean_env, "PEERLINE_SMTP_PORT": str(smtp_port)}
    process = _start(["smtpd"], env, tmp_path, "SMTP inbound on")
    try:
        question = question_email("How do I book the exam?", to="ask@peerline.localhost")
        with smtplib.SMTP("127.0.0.1", smtp_port) as smtp:
            smtp.send_message(question, from_addr="maria@example.org", to_addrs=["ask@peerline.localhost"])
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not (tmp_path / "var" / "mail" / "new").exists() or not any((tmp_path / "var" / "mail" / "new").iterdir())

    ticked = run(["tick"], clean_env, tmp_path)
    assert ticked.returncode == 0, ticked.stderr
    [reply] = wait_for_mail(tmp_path / "var" / "mail", to="maria@example.org", timeout=5)
    assert reply["In-Reply-To"] == question["Message-ID"]
