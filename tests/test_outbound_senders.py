"""Senders against real things: the twilio SDK against a local fake REST API, a Maildir, an aiosmtpd relay."""

from __future__ import annotations

import email
import json
import mailbox
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from outbound.errors import PermanentSendError, TransientSendError
from outbound.senders import MaildirSender, Sms, SmsLogSender, SmtpRelaySender, TwilioSmsSender
from tests.fakes.fake_twilio import FakeTwilio

SID = "AC" + "0" * 31 + "1"
TOKEN = "test-auth-token"
NOW = datetime(2025, 3, 4, 15, 30, tzinfo=UTC)


def free_port() -> int:
    """aiosmtpd cannot bind port 0, so pick a free port first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sms(body: str = "Hello from Peerline", to: str = "+14165550123") -> Sms:
    return Sms(to=to, from_="+15875550100", body=body, segments=1, encoding="GSM-7", outbox_id=7)


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(SID, TOKEN) as fake:
        yield fake


def test_twilio_sdk_sends_through_the_fake(fake_twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(SID, TOKEN, "+15875550100", api_url=fake_twilio.url, status_callback="http://x/s")
    sid = sender.send(_sms(), now=NOW)
    assert sid.startswith("SM")
    [request] = fake_twilio.requests
    assert request.authorized
    assert request.form == {
        "To": "+14165550123",
        "From": "+15875550100",
        "Body": "Hello from Peerline",
        "StatusCallback": "http://x/s",
    }
    assert request.sid == sid


def test_twilio_5xx_and_429_are_transient(fake_twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(SID, TOKEN, "+15875550100", api_url=fake_twilio.url)
    fake_twilio.fail_next(1, status=503, code=20500, message="Service unavailable")
    with pytest.raises(TransientSendError):
        sender.send(_sms(), now=NOW)
    fake_twilio.fail_next(1, status=429, code=20429, message="Too Many Requests")
    with pytest.raises(TransientSendError) as info:
        sender.send(_sms(), now=NOW)
    assert info.value.code == "20429"


@pytest.mark.parametrize(("code", "message"), [(21211, "Invalid 'To' Phone Number"), (21610, "Unsubscribed")])
def test_twilio_4xx_is_permanent(fake_twilio: FakeTwilio, code: int, message: str) -> None:
    sender = TwilioSmsSender(SID, TOKEN, "+15875550100", api_url=fake_twilio.url)
    fake_twilio.fail_next(1, status=400, code=code, message=message)
    with pytest.raises(PermanentSendError) as info:
        sender.send(_sms(), now=NOW)
    assert info.value.code == str(code)


def test_twilio_wrong_token_is_refused(fake_twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(SID, "wrong", "+15875550100", api_url=fake_twilio.url)
    with pytest.raises(PermanentSendError):
        sender.send(_sms(), now=NOW)
    assert not fake_twilio.requests[0].authorized


def test_twilio_unreachable_is_transient() -> None:
    sender = TwilioSmsSender(SID, TOKEN, "+15875550100", api_url=f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(TransientSendError):
        sender.send(_sms(), now=NOW)


def test_sms_log_appends_one_json_line_per_sms(tmp_path: Path) -> None:
    log = tmp_path / "var" / "sms.jsonl"
    sender = SmsLogSender(log)
    sender.send(_sms("one"), now=NOW)
    sender.send(Sms("+14165550199", "+15875550100", "deux ê", 1, "UCS-2", 8), now=NOW)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {
        "to": "+14165550123",
        "from": "+15875550100",
        "body": "one",
        "segments": 1,
        "encoding": "GSM-7",
        "outbox_id": 7,
        "sent_at": "2025-03-04T15:30:00+00:00",
    }
    assert lines[1]["encoding"] == "UCS-2"
    assert lines[1]["body"] == "deux ê"


def _message(subject: str = "Re: exam booking") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Peerline <ask@peerline.test>"
    msg["To"] = "member@example.org"
    msg["Subject"] = subject
    msg["Message-ID"] = "<outbox.1.1@peerline.test>"
    msg["In-Reply-To"] = "<q1@example.org>"
    msg["References"] = "<q0@example.org> <q1@example.org>"
    msg.set_content("Book through Prometric — ça marche.")
    return msg


def test_maildir_message_lands_and_parses_back(tmp_path: Path) -> None:
    key = MaildirSender(tmp_path / "mail").send(_message())
    assert key.startswith("maildir:")
    box = mailbox.Maildir(tmp_path / "mail", create=False)
    [stored] = [email.message_from_bytes(box.get_bytes(k), policy=policy.default) for k in box.iterkeys()]
    assert isinstance(stored, EmailMessage)
    assert list((tmp_path / "mail" / "new").iterdir())  # unread in a mail client
    assert stored["In-Reply-To"] == "<q1@example.org>"
    assert stored["References"] == "<q0@example.org> <q1@example.org>"
    body = stored.get_body(("plain",))
    assert body is not None
    assert "ça marche" in body.get_content()


class _Recorder:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.reply = "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return self.reply


def _authenticator(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"relay-user", b"p@ss word")
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture
def relay() -> Iterator[tuple[_Recorder, int]]:
    handler = _Recorder()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=_authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_smtp_relay_delivers_with_login(relay: tuple[_Recorder, int]) -> None:
    handler, port = relay
    sender = SmtpRelaySender(f"smtp://relay-user:p%40ss%20word@127.0.0.1:{port}", timeout=5)
    provider_id = sender.send(_message())
    assert provider_id == "<outbox.1.1@peerline.test>"
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["member@example.org"]
    assert envelope.mail_from == "ask@peerline.test"
    assert isinstance(envelope.content, bytes)
    parsed = email.message_from_bytes(envelope.content, policy=policy.default)
    assert parsed["In-Reply-To"] == "<q1@example.org>"


def test_smtp_relay_bad_credentials_are_transient(relay: tuple[_Recorder, int]) -> None:
    _, port = relay
    with pytest.raises(TransientSendError) as info:
        SmtpRelaySender(f"smtp://relay-user:nope@127.0.0.1:{port}", timeout=5).send(_message())
    assert "authentication failed" in str(info.value)
    assert info.value.code == "535"


def test_smtp_relay_5xx_is_permanent_4xx_transient(relay: tuple[_Recorder, int]) -> None:
    handler, port = relay
    sender = SmtpRelaySender(f"smtp://127.0.0.1:{port}", timeout=5)
    handler.reply = "554 5.7.1 rejected"
    with pytest.raises(PermanentSendError):
        sender.send(_message())
    handler.reply = "451 4.3.0 try later"
    with pytest.raises(TransientSendError):
        sender.send(_message())


def test_smtp_relay_down_is_transient() -> None:
    start = time.monotonic()
    with pytest.raises(TransientSendError):
        SmtpRelaySender(f"smtp://127.0.0.1:{free_port()}", timeout=2).send(_message())
    assert time.monotonic() - start < 5


def test_smtp_relay_url_is_validated() -> None:
    with pytest.raises(ValueError):
        SmtpRelaySender("http://example.org")
    implicit = SmtpRelaySender("smtps://u:p@mail.example.org")
    assert (implicit.implicit_tls, implicit.port) == (True, 465)
    assert SmtpRelaySender("smtp://mail.example.org").port == 587


@pytest.fixture
def tls_contexts(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throw-away self-signed certificate for 127.0.0.1: (server context, client context trusting it)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_smtp_relay_uses_tls(tls_contexts: tuple[ssl.SSLContext, ssl.SSLContext], implicit: bool) -> None:
    server_tls, client_tls = tls_contexts
    handler, port = _Recorder(), free_port()
    # aiosmtpd does not count implicit TLS as TLS for AUTH, so only STARTTLS can insist on it.
    tls: dict[str, Any] = (
        {"ssl_context": server_tls, "auth_require_tls": False} if implicit else {"tls_context": server_tls}
    )
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator,
        require_starttls=not implicit,
        **tls,
    )
    controller.start()
    try:
        scheme = "smtps" if implicit else "smtp"
        url = f"{scheme}://relay-user:p%40ss%20word@127.0.0.1:{port}"
        SmtpRelaySender(url, timeout=5, ssl_context=client_tls).send(_message())
    finally:
        controller.stop()
    [envelope] = handler.envelopes  # SMTP_SSL cannot talk to a plain server, nor AUTH pass before STARTTLS
    assert envelope.rcpt_tos == ["member@example.org"]
