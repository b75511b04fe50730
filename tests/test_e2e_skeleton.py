"""End to end through the real protocols: SMTP in, Maildir out; signed Twilio webhook in, SMS log out."""

from __future__ import annotations

import smtplib
import time
import uuid
from email.message import EmailMessage

import httpx
import pytest
from sqlalchemy import func, select

from faq_engine import Entry
from outbound.sms_text import shape_sms
from peerline.runtime import Runtime
from store.models import InboundMessage, Outbound
from tests.conftest import DOMAIN, RunningServer
from tests.helpers import (
    question_email,
    signed_webhook,
    sms_lines,
    twilio_sms_params,
    wait_for_mail,
    wait_for_sms,
)

ASK = f"ask@{DOMAIN}"


def kb_entry(runtime: Runtime, faq_id: str) -> Entry:
    return runtime.faq_engine().entry(faq_id)


def wait_until_handled(runtime: Runtime, count: int, timeout: float = 10) -> list[InboundMessage]:
    deadline = time.monotonic() + timeout
    while True:
        with runtime.session_factory() as session:
            rows = list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))
        if sum(r.status == "done" for r in rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def send(server: RunningServer, message: EmailMessage, *, rcpt: str = ASK) -> None:
    with smtplib.SMTP(*server.smtp_address) as smtp:
        smtp.send_message(message, from_addr="maria@example.org", to_addrs=[rcpt])


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None, "every e-mail we send has a text part"
    return str(body.get_content())


def test_question_by_email_gets_threaded_faq_answer(running_server: RunningServer) -> None:
    entry = kb_entry(running_server.runtime, "cred-who-assesses")
    question = question_email(entry.question, to=ASK, subject="PLA question")
    send(running_server, question)

    [reply] = wait_for_mail(running_server.settings.maildir, to="maria@example.org")
    assert reply["In-Reply-To"] == question["Message-ID"]
    assert question["Message-ID"] in reply["References"]
    assert reply["Subject"] == "Re: PLA question"
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["From"].addresses[0].addr_spec == ASK
    text = text_of(reply)
    assert " ".join(entry.answer.split()) in " ".join(text.split())
    assert entry.links[0] in text
    assert reply.get_body(("html",)) is not None


def test_html_only_email_is_answered(running_server: RunningServer) -> None:
    entry = kb_entry(running_server.runtime, "cred-who-assesses")
    message = question_email("", to=ASK)
    message.set_content(f"<html><body><p>Hello,</p><p>{entry.question}</p></body></html>", subtype="html")
    send(running_server, message)
    [reply] = wait_for_mail(running_server.settings.maildir, to="maria@example.org")
    assert entry.answer.split(".")[0] in " ".join(text_of(reply).split())


def test_question_needing_a_person_is_kept_and_joining_starts(running_server: RunningServer) -> None:
    text = (
        "Should I accept a lab assistant job in Winnipeg or wait for a technologist position? "
        "The return of service agreement is two years."
    )
    decision = running_server.runtime.faq_engine().decide(text, channel="email")
    assert decision.decision == "route", f"precondition: the FAQ engine should route this, got {decision}"
    send(running_server, question_email(text, to=ASK))
    [reply] = wait_for_mail(running_server.settings.maildir, to="maria@example.org")
    assert "your question is saved" in text_of(reply)
    assert "You mentioned MB" in text_of(reply)  # Winnipeg: the province is not asked again
    [row] = wait_until_handled(running_server.runtime, 1)
    assert row.outcome == "held"


def test_automatic_mail_is_stored_but_never_answered(running_server: RunningServer) -> None:
    message = question_email("I am out of the office until Monday.", to=ASK, headers={"Auto-Submitted": "auto-replied"})
    send(running_server, message)
    [row] = wait_until_handled(running_server.runtime, 1)
    assert row.outcome == "ignored"
    assert "automatic" in " ".join(row.trail)
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Outbound)) == 0


@pytest.mark.parametrize(
    ("rcpt", "code", "text"),
    [
        ("someone@example.com", 550, b"5.7.1"),
        (f"nobody@{DOMAIN}", 550, b"5.1.1"),
    ],
)
def test_smtp_refuses_other_domains_and_unknown_mailboxes(
    running_server: RunningServer, rcpt: str, code: int, text: bytes
) -> None:
    with smtplib.SMTP(*running_server.smtp_address) as smtp:
        smtp.ehlo()
        smtp.mail("maria@example.org")
        reply_code, reply_text = smtp.rcpt(rcpt)
    assert reply_code == code
    assert text in reply_text


def test_smtp_refuses_oversized_message(running_server: RunningServer) -> None:
    limit = running_server.settings.max_message_bytes
    message = question_email("x" * 100, to=ASK)
    message.add_attachment(b"\0" * (limit + 1), maintype="application", subtype="octet-stream", filename="big.bin")
    with pytest.raises(smtplib.SMTPException) as refused:
        send(running_server, message)
    code = getattr(refused.value, "smtp_code", None) or refused.value.args[0]
    assert code == 552 or (isinstance(code, dict) and next(iter(code.values()))[0] == 552)
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def post_sms(
    server: RunningServer, params: dict[str, str], *, signed: bool = True, token: str | None = None
) -> httpx.Response:
    url = server.settings.public_url + "/sms/inbound"
    headers = signed_webhook(token or server.settings.webhook_auth_token, url, params) if signed else {}
    return httpx.post(server.base_url + "/sms/inbound", data=params, headers=headers, timeout=10)


def test_sms_question_gets_answer_sms(running_server: RunningServer) -> None:
    entry = kb_entry(running_server.runtime, "cred-who-assesses")
    response = post_sms(running_server, twilio_sms_params("+14165550101", entry.question, "SM" + uuid.uuid4().hex))
    assert response.status_code == 200
    assert response.text.endswith("<Response/>")
    assert response.headers["content-type"].startswith("application/xml")

    [sent] = wait_for_sms(running_server.settings.sms_log, to="+14165550101")
    running_server.wait_idle()  # the row is marked sent just after the log line is written
    # A stranger gets the answer at once, with the invitation to join in the same SMS (it fits 2 segments).
    assert sent["body"] == shape_sms(f"{entry.answer_sms} Text JOIN to join the peer network.")[0]
    assert sent["encoding"] == "GSM-7"
    assert sent["segments"] == 2
    with running_server.runtime.session_factory() as session:
        row = session.scalars(select(Outbound)).one()
    assert row.status == "sent" and row.channel == "sms" and row.id == sent["outbox_id"]


def test_bad_or_missing_signature_is_refused_and_nothing_stored(running_server: RunningServer) -> None:
    params = twilio_sms_params("+14165550101", "hello", "SM" + uuid.uuid4().hex)
    assert post_sms(running_server, params, token="not-the-token").status_code == 403
    assert post_sms(running_server, params, signed=False).status_code == 403
    tampered = dict(params)
    url = running_server.settings.public_url + "/sms/inbound"
    headers = signed_webhook(running_server.settings.webhook_auth_token, url, params)
    tampered["Body"] = "something else"
    response = httpx.post(running_server.base_url + "/sms/inbound", data=tampered, headers=headers)
    assert response.status_code == 403
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_retried_message_sid_is_answered_once(running_server: RunningServer) -> None:
    entry = kb_entry(running_server.runtime, "cred-who-assesses")
    params = twilio_sms_params("+14165550102", entry.question, "SM" + uuid.uuid4().hex)
    assert post_sms(running_server, params).status_code == 200
    assert post_sms(running_server, params).status_code == 200  # Twilio retries after a timeout
    wait_for_sms(running_server.settings.sms_log, to="+14165550102")
    wait_until_handled(running_server.runtime, 1)
    time.sleep(0.3)  # give a wrongly duplicated reply the chance to appear
    assert len([s for s in sms_lines(running_server.settings.sms_log) if s["to"] == "+14165550102"]) == 1
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 1


def test_health(running_server: RunningServer) -> None:
    response = httpx.get(running_server.base_url + "/healthz")
    assert response.json() == {"status": "ok"}


def test_a_message_that_keeps_failing_is_flagged_and_the_sender_told(runtime: Runtime) -> None:
    from datetime import UTC, datetime

    from inbound.pipeline import process_one
    from store.db import transaction
    from store.models import StaffFlag

    class BrokenFaq:
        def decide(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("index corrupted")

    now = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    with transaction(runtime.session_factory) as session:
        session.add(
            InboundMessage(
                channel="sms",
                external_id="SMfail",
                sender="+14165550999",
                recipient="+1555",
                subject="",
                body="how do I book the exam?",
                meta={},
                received_at=now,
                status="queued",
                trail=[],
            )
        )
    for _ in range(3):
        outcome = process_one(
            runtime.session_factory,
            1,
            now=now,
            faq=BrokenFaq(),  # type: ignore[arg-type]
            network=runtime.network,
        )
        assert outcome is not None and outcome.name == "error"
    with runtime.session_factory() as session:
        msg = session.get_one(InboundMessage, 1)
        flag = session.scalars(select(StaffFlag)).one()
        apology = session.scalars(select(Outbound)).one()
    assert (msg.status, msg.attempts) == ("failed", 3) and "index corrupted" in msg.error
    assert flag.kind == "inbound_failed"
    assert apology.to_address == "+14165550999" and "went wrong" in apology.body_text


def test_windows_1252_mail_with_an_attachment_is_answered(running_server: RunningServer) -> None:
    """A real client's mail: a legacy charset, a typographic apostrophe, a PDF attached (ignored safely)."""
    entry = kb_entry(running_server.runtime, "cred-who-assesses")
    message = question_email("", to=ASK)
    message.set_content(f"Hello, I’m new here. {entry.question}\n", charset="windows-1252", cte="quoted-printable")
    message.add_attachment(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", maintype="application", subtype="pdf", filename="cv.pdf")
    assert "windows-1252" in message.as_string()
    send(running_server, message)
    [reply] = wait_for_mail(running_server.settings.maildir, to="maria@example.org")
    assert entry.answer.split(".")[0] in " ".join(text_of(reply).split())
    [row] = wait_until_handled(running_server.runtime, 1)
    assert "I’m new here" in row.body


def test_smtp_answers_451_when_it_cannot_store_and_250_once_it_can(tmp_path: object, database_url: str) -> None:
    """Nothing is lost: a message that cannot be stored is refused for now, so the sending server retries."""
    from inbound.smtp import InboundSmtpHandler
    from peerline.smtpd import PeerlineController
    from store.db import create_schema, make_engine, make_session_factory
    from tests.conftest import free_port

    engine = make_engine(database_url)  # no schema yet: every store fails
    factory = make_session_factory(engine)
    port = free_port()
    controller = PeerlineController(
        InboundSmtpHandler(session_factory=factory, mail_domain=DOMAIN), hostname="127.0.0.1", port=port
    )
    controller.start()
    try:
        message = question_email("How do I book the exam?", to=ASK)
        with pytest.raises(smtplib.SMTPDataError) as refused, smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(message, from_addr="maria@example.org", to_addrs=[ASK])
        assert refused.value.smtp_code == 451
        create_schema(engine)
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            assert smtp.send_message(message, from_addr="maria@example.org", to_addrs=[ASK]) == {}
        with factory() as session:
            stored = session.scalars(select(InboundMessage)).one()
        assert stored.external_id == message["Message-ID"] and stored.status == "queued"
    finally:
        controller.stop()
        engine.dispose()
