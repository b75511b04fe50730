"""A running server (real SMTP, real webhook) whose worker lives on a clock the test moves.

The escalation timer is a worker concern: the SMTP server and the web app store what arrives at once, and the
worker handles it and runs the scheduler at `clock.now`. `advance()` moves the clock and waits until a whole
worker pass has run at the new instant, so "nothing happened" can be asserted as well as "something did".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from peerline.runtime import Runtime
from peerline.worker import Worker
from tests.conftest import RunningServer


class Clock:
    def __init__(self, start: datetime) -> None:
        self.start = start
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class CountingWorker(Worker):
    """The real worker, counting its passes so a test knows when one ran at the instant it set."""

    passes = 0

    def run_once(self) -> int:
        done = super().run_once()
        self.passes += 1
        return done


class ClockedServer(RunningServer):
    def __init__(self, runtime: Runtime, clock: Clock) -> None:
        self.clock = clock
        self.counting = CountingWorker(runtime, clock=clock, idle_seconds=0.05)
        super().__init__(runtime, worker=self.counting)

    def advance(self, delta: timedelta, timeout: float = 15) -> None:
        """Move the clock on by `delta` (from the start) and let a whole worker pass run at that instant."""
        self.clock.now = self.clock.start + delta
        seen = self.counting.passes
        self.worker.wake()
        deadline = time.monotonic() + timeout
        while self.counting.passes < seen + 2:
            if time.monotonic() > deadline:
                raise AssertionError("the worker did not run at the new instant")
            self.worker.wake()
            time.sleep(0.02)
        self.wait_idle()


@contextmanager
def clocked_server(runtime: Runtime, start: datetime | None = None) -> Iterator[ClockedServer]:
    server = ClockedServer(runtime, Clock(start or datetime.now(UTC)))
    server.start()
    try:
        yield server
    finally:
        server.stop()
