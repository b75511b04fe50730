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
