"""The e-mail built from an outbox row: parts, our headers, stored threading and list headers."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from outbound.email_build import build_email
from store.models import Outbound

FROM = "Peerline <ask@peerline.test>"
NOW = datetime(2025, 3, 4, 15, 30, tzinfo=UTC)


def _row(**values: Any) -> Outbound:
    defaults: dict[str, Any] = {
        "id": 42,
        "channel": "email",
        "kind": "reply",
        "to_address": "member@example.org",
        "subject": "Re: Comment réserver l'examen ?",
        "body_text": "Réservez auprès de Prometric.",
        "body_html": "",
        "headers": {},
        "created_at": datetime(2025, 3, 4, 15, 0, tzinfo=UTC),
        "next_attempt_at": datetime(2025, 3, 4, 15, 0, tzinfo=UTC),
    }
    return Outbound(**(defaults | values))


def _roundtrip(msg: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_reply_headers_and_text_part() -> None:
    msg = _roundtrip(build_email(_row(), from_address=FROM, now=NOW))
    assert msg["From"] == FROM
    assert msg["To"] == "member@example.org"
    assert msg["Subject"] == "Re: Comment réserver l'examen ?"
    assert msg["Date"] == "Tue, 04 Mar 2025 15:30:00 +0000"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["Message-ID"] == "<outbox.42.1741100400@peerline.test>"
    assert not msg.is_multipart()
    assert msg.get_content().strip() == "Réservez auprès de Prometric."


def test_message_id_is_stable_across_retries() -> None:
    first = build_email(_row(), from_address=FROM, now=NOW)
    second = build_email(_row(), from_address=FROM, now=datetime(2025, 3, 4, 16, 0, tzinfo=UTC))
    assert first["Message-ID"] == second["Message-ID"]


def test_html_alternative() -> None:
    msg = _roundtrip(build_email(_row(body_html="<p>Réservez <b>Prometric</b></p>"), from_address=FROM, now=NOW))
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and html is not None
    assert "Prometric" in plain.get_content()
    assert "<b>Prometric</b>" in html.get_content()


def test_digest_is_auto_generated_with_list_headers() -> None:
    headers = {
        "List-Unsubscribe": "<https://peerline.test/u/abc>, <mailto:unsubscribe@peerline.test>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Reply-To": "meetings@peerline.test",
    }
    msg = _roundtrip(build_email(_row(kind="digest", headers=headers), from_address=FROM, now=NOW))
    assert msg["Auto-Submitted"] == "auto-generated"
    for name, value in headers.items():
        # A long header may be folded before its first token (valid RFC 5322); the parser keeps that space.
        assert msg[name].strip() == value


def test_threading_headers_from_the_row() -> None:
    headers = {"In-Reply-To": "<q1@example.org>", "References": ["<q0@example.org>", "<q1@example.org>"]}
    msg = _roundtrip(build_email(_row(headers=headers), from_address=FROM, now=NOW))
    assert msg["In-Reply-To"] == "<q1@example.org>"
    assert msg["References"] == "<q0@example.org> <q1@example.org>"


def test_stored_headers_cannot_replace_ours() -> None:
    headers = {
        "From": "someone@evil.example",
        "Auto-Submitted": "no",
        "Message-ID": "<thread-1@peerline.test>",
    }
    msg = build_email(_row(headers=headers), from_address=FROM, now=NOW)
    assert msg.get_all("From") == [FROM]
    assert msg.get_all("Auto-Submitted") == ["auto-replied"]
    assert msg["Message-ID"] == "<thread-1@peerline.test>"  # a caller may choose the id to thread under


@pytest.mark.parametrize(
    "row",
    [_row(headers={"X-Note": "a\r\nBcc: victim@example.org"}), _row(to_address="no address here")],
)
def test_bad_rows_raise_value_error(row: Outbound) -> None:
    with pytest.raises(ValueError):
        build_email(row, from_address=FROM, now=NOW)


EXPORT = '{"handle": "labtech_on", "province": "ON", "questions": [{"text": "Où passer l\'examen ?"}]}'


def _attachments(msg: EmailMessage) -> list[EmailMessage]:
    return [part for part in msg.iter_attachments() if isinstance(part, EmailMessage)]


def test_data_export_is_a_real_json_attachment() -> None:
    row = _row(
        kind="mydata",
        body_text="Attached is a copy of everything Peerline stores about you.",
        attachments=[{"filename": "peerline-data.json", "content_type": "application/json", "text": EXPORT}],
    )
    msg = _roundtrip(build_email(row, from_address=FROM, now=NOW))
    assert msg.get_content_type() == "multipart/mixed"
    body = msg.get_body(("plain",))
    assert body is not None and "Attached" in body.get_content()
    [part] = _attachments(msg)
    assert part.get_content_type() == "application/json"
    assert part.get_filename() == "peerline-data.json"
    assert part.get_content_disposition() == "attachment"
    assert part.get_content().decode("utf-8") == EXPORT  # the accented text survives intact


def test_attachments_with_html_alternative_and_a_text_file() -> None:
    row = _row(
        body_html="<p>Your data</p>",
        attachments=[
            {"filename": "data.json", "content_type": "application/json", "text": "{}"},
            {"filename": "réponses.txt", "content_type": "text/plain", "text": "Réponse 1\n"},
        ],
    )
    msg = _roundtrip(build_email(row, from_address=FROM, now=NOW))
    assert msg.get_content_type() == "multipart/mixed"
    assert msg.get_body(("html",)) is not None and msg.get_body(("plain",)) is not None
    names = [(p.get_filename(), p.get_content_type()) for p in _attachments(msg)]
    assert names == [("data.json", "application/json"), ("réponses.txt", "text/plain")]
    assert _attachments(msg)[1].get_content() == "Réponse 1\n"


@pytest.mark.parametrize(
    "attachment",
    [
        {"filename": "../etc/passwd", "content_type": "text/plain", "text": "x"},
        {"filename": "a\r\nBcc: victim@example.org", "content_type": "text/plain", "text": "x"},
        {"filename": "", "content_type": "application/json", "text": "{}"},
        {"filename": "data.json", "content_type": "json", "text": "{}"},
        {"filename": "data.json", "content_type": "application/json", "text": None},
        "not an object",
    ],
)
def test_bad_attachments_raise_value_error(attachment: Any) -> None:
    with pytest.raises(ValueError):
        build_email(_row(attachments=[attachment]), from_address=FROM, now=NOW)


def test_an_unsubscribe_link_adds_list_headers_and_a_footer_in_both_parts() -> None:
    from outbound.unsubscribe import UnsubscribeLinks

    link = UnsubscribeLinks("k" * 32, "https://peerline.example", "ask@peerline.test").for_contact(7, "fr")
    stale = {"List-Unsubscribe": "<https://old.example/u>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    row = _row(kind="answer", body_html="<html><body><p>Réponse</p></body></html>", headers=stale)
    msg = _roundtrip(build_email(row, from_address=FROM, now=NOW, unsubscribe=link))
    assert msg.get_all("List-Unsubscribe") == [f"<{link.url}>, <mailto:ask@peerline.test?subject=unsubscribe>"]
    assert msg.get_all("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"]
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    assert "désabonnez-vous" in text.get_content() and link.url in text.get_content()
    assert f'href="{link.url}"' in html.get_content()
    assert f'désabonnez-vous : <a href="{link.url}">Se désabonner</a>' in html.get_content()  # French spacing
    assert html.get_content().index(link.url) < html.get_content().index("</body>")
