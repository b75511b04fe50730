"""The worker loop: handle the inbox, deliver the outbox, repeat; stops cleanly between steps."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from inbound.pipeline import process_inbox
from outbound.delivery import deliver_due, requeue_stale
from peerline.runtime import Runtime, utcnow
from peerline.scheduler import tick
from store.db import transaction

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, runtime: Runtime, *, clock: Callable[[], datetime] = utcnow, idle_seconds: float = 1.0):
        self.runtime = runtime
        self.clock = clock
        self.idle_seconds = idle_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._email_sender = runtime.email_sender()
        self._sms_sender = runtime.sms_sender()

    def wake(self) -> None:
        """Called when something was stored, so it is handled now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def run_once(self) -> int:
        """One pass: inbox then outbox. Returns how much work was done."""
        now = self.clock()
        rt = self.runtime
        faq = rt.faq_engine()
        handled = process_inbox(rt.session_factory, now=now, faq=faq, network=rt.network)
        escalated = tick(rt.session_factory, now=now, network=rt.network, faq=faq)
        with transaction(rt.session_factory) as session:
            requeue_stale(session, now)
        report = deliver_due(
            rt.session_factory,
            email_sender=self._email_sender,
            sms_sender=self._sms_sender,
            from_address=rt.from_address,
            sms_from=rt.sms_from,
            now=self.clock(),
            unsubscribe=rt.unsubscribe_links,
        )
        return handled + report.attempted + escalated.reminded + escalated.rerouted + escalated.routed

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:
                # A database hiccup must not kill the worker; everything stays queued for the next pass.
                log.exception("worker pass failed; retrying")
                busy = 0
            if not busy:
                self._wake.wait(self.idle_seconds)
                self._wake.clear()
        log.info("worker stopped")

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="peerline-worker", daemon=True)
        thread.start()
        return thread
