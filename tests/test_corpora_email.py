"""Every real e-mail in ../shared/corpora goes through the real SMTP server: stored or clearly refused."""

from __future__ import annotations

import smtplib
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.models import InboundMessage
from tests.conftest import CORPORA, DOMAIN, RunningServer

EMAIL_SUFFIXES = {".eml", ".txt", ".msg"}
NOT_EMAIL_DIRS = {
    "twilio-sms-webhook",
    "twilio-message-segment-calculator",
    "instasent-sms-counter",
    "collective-icalendar",
}


def looks_like_email(path: Path) -> bool:
    """A file whose first lines are RFC 5322 headers (reply-parser fixtures are bare bodies)."""
    if path.suffix not in EMAIL_SUFFIXES and not path.name.startswith("msg_"):
        return False
    head = path.read_bytes()[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = {line.split(b":", 1)[0].strip().lower() for line in head.split(b"\n") if b":" in line[:80]}
    return len(names & {b"from", b"to", b"subject", b"date", b"message-id", b"received", b"mime-version"}) >= 2


def corpus_emails() -> list[Path]:
    if not CORPORA.exists():
        return []
    return sorted(
        p
        for p in CORPORA.rglob("*")
        if p.is_file() and p.parts[len(CORPORA.parts)] not in NOT_EMAIL_DIRS and looks_like_email(p)
    )


@pytest.mark.slow
def test_every_corpus_email_is_stored_or_clearly_refused(running_server: RunningServer) -> None:
    paths = corpus_emails()
    if not paths:
        pytest.skip(f"no e-mail corpus at {CORPORA} (tests read ../shared/corpora beside the checkout)")
    assert len(paths) > 300, "the corpus should hold several hundred real e-mails"
    accepted, refused = 0, []
    limit = running_server.settings.max_message_bytes
    for path in paths:
        # Files on disk use LF; on the wire an MTA sends CRLF, as smtplib does only for str messages.
        raw = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        try:
            with smtplib.SMTP(*running_server.smtp_address, timeout=30) as smtp:
                smtp.sendmail("corpus@example.org", [f"ask@{DOMAIN}"], raw)
            accepted += 1
        except smtplib.SMTPDataError as exc:
            refused.append((path.name, exc.smtp_code))
            assert exc.smtp_code == 552 and len(raw) > limit, f"{path}: unexpected refusal {exc}"
    assert accepted + len(refused) == len(paths)

    runtime = running_server.runtime
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with runtime.session_factory() as session:
            pending = session.scalar(
                select(func.count())
                .select_from(InboundMessage)
                .where(InboundMessage.status.in_(["queued", "processing"]))
            )
        if pending == 0:
            break
        time.sleep(0.2)
    with runtime.session_factory() as session:
        rows = session.execute(select(InboundMessage.status, InboundMessage.error, InboundMessage.external_id)).all()
    # Duplicated Message-IDs across corpora are one message to us, so rows <= accepted.
    assert 0 < len(rows) <= accepted
    failed = [(ext, err) for status, err, ext in rows if status != "done"]
    assert failed == []
