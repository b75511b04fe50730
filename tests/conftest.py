"""Shared fixtures: a temporary database per test (SQLite, and PostgreSQL when configured), real servers."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from peerline.config import Settings, load_settings
from peerline.runtime import Runtime, open_runtime

if TYPE_CHECKING:
    from peerline.worker import Worker

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "corpora"
POSTGRES_URL = os.environ.get("PEERLINE_TEST_POSTGRES_URL", "")
DOMAIN = "peerline.test"


def corpus(*parts: str) -> Path:
    """A path under ../shared/corpora, or skip the test with the reason."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus {path} not present (tests read ../shared/corpora beside the checkout)")
    return path


def free_port() -> int:
    """aiosmtpd cannot bind port 0, so pick a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _backends() -> list[object]:
    params: list[object] = ["sqlite"]
    params.append(
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="set PEERLINE_TEST_POSTGRES_URL to run on PostgreSQL"),
        )
    )
    return params


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'peerline.db'}"
        return
    name = f"peerline_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = POSTGRES_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: Engine, name: str) -> None:
    """Drop a test database; an autovacuum worker may hold it for a moment, so retry before giving up."""
    for attempt in range(10):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            time.sleep(0.2 * (attempt + 1))
    warnings.warn(f"could not drop test database {name}; it is left behind", stacklevel=2)


@pytest.fixture
def settings(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in list(os.environ):
        if name.startswith(("PEERLINE_", "TWILIO_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    http_port = free_port()
    return load_settings(
        data_dir=tmp_path / "var",
        database_url=database_url,
        mail_domain=DOMAIN,
        http_port=http_port,
        smtp_port=free_port(),
        public_url=f"http://127.0.0.1:{http_port}",
    )


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    rt = open_runtime(settings)
    yield rt
    rt.engine.dispose()


class RunningServer:
    """The parts `peerline serve` runs, on ephemeral ports, with the worker polling fast."""

    def __init__(self, runtime: Runtime, worker: Worker | None = None) -> None:
        from peerline.smtpd import make_controller
        from peerline.web import create_app
        from peerline.worker import Worker

        self.runtime = runtime
        self.settings = runtime.settings
        self.worker = worker if worker is not None else Worker(runtime, idle_seconds=0.05)
        self.controller = make_controller(runtime, on_stored=self.worker.wake)
        config = uvicorn.Config(
            create_app(runtime, on_stored=self.worker.wake),
            host="127.0.0.1",
            port=self.settings.http_port,
            log_level="warning",
        )
        self.server = uvicorn.Server(config)
        self.server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._http_thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.http_port}"

    @property
    def smtp_address(self) -> tuple[str, int]:
        return "127.0.0.1", self.settings.smtp_port

    def start(self) -> None:
        self.controller.start()
        self._http_thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        self._worker_thread = self.worker.start_thread()

    def wait_idle(self, timeout: float = 10) -> None:
        """Until nothing is queued: every inbound message handled, every due outbox row attempted."""
        from sqlalchemy import func, select

        from store.models import InboundMessage, Outbound

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.runtime.session_factory() as session:
                busy = session.scalar(
                    select(func.count())
                    .select_from(InboundMessage)
                    .where(InboundMessage.status.in_(["queued", "processing"]))
                ) or session.scalar(
                    select(func.count()).select_from(Outbound).where(Outbound.status.in_(["queued", "sending"]))
                )
            if not busy:
                return
            time.sleep(0.03)
        raise AssertionError("the server did not become idle")

    def stop(self) -> None:
        self.worker.stop()
        self._worker_thread.join(timeout=10)
        self.server.should_exit = True
        self._http_thread.join(timeout=10)
        self.controller.stop()


@pytest.fixture
def running_server(runtime: Runtime) -> Iterator[RunningServer]:
    server = RunningServer(runtime)
    server.start()
    try:
        yield server
    finally:
        server.stop()
