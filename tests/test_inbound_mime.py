"""E-mail body extraction on awkward input."""

from __future__ import annotations

from email.message import EmailMessage

from inbound.mime import parse_email, storable


def test_storable_removes_nul_and_lone_surrogates() -> None:
    assert storable("a\x00b\udcff c") == "ab? c"


def test_nul_bytes_in_a_body_never_reach_the_database() -> None:
    raw = b"From: a@example.org\r\nSubject: x\x00y\r\nContent-Type: text/plain\r\n\r\nhello\x00 there\r\n"
    parsed = parse_email(raw)
    assert "\x00" not in parsed.text and "\x00" not in parsed.subject
    assert parsed.text == "hello there"


def test_html_only_mail_is_converted_to_text() -> None:
    message = EmailMessage()
    message["From"] = "Ravi <Ravi@Example.IN>"
    message.set_content("<p>How do I <b>book</b> the exam?</p>", subtype="html")
    parsed = parse_email(message.as_bytes())
    assert parsed.text == "How do I book the exam?"
    assert parsed.from_address == "Ravi@example.in"


def test_quoted_history_is_removed() -> None:
    message = EmailMessage()
    message["From"] = "maria@example.org"
    message.set_content(
        "Is CELBAN accepted in Ontario?\n\nOn Mon, 1 Dec 2026 at 10:00, Peerline <ask@peerline.test> wrote:\n"
        "> Hello,\n> Thank you for your question.\n"
    )
    assert parse_email(message.as_bytes()).text == "Is CELBAN accepted in Ontario?"


def test_attachments_are_ignored() -> None:
    message = EmailMessage()
    message["From"] = "maria@example.org"
    message.set_content("Please see my transcript question below.")
    message.add_attachment(b"%PDF-1.4 binary", maintype="application", subtype="pdf", filename="t.pdf")
    assert parse_email(message.as_bytes()).text == "Please see my transcript question below."


def test_missing_message_id_gets_a_stable_stand_in() -> None:
    raw = b"From: a@example.org\r\n\r\nhi\r\n"
    assert parse_email(raw).message_id == parse_email(raw).message_id
    assert parse_email(raw).message_id.startswith("<sha256.")


def test_an_unclosed_blockquote_does_not_leak_into_the_next_message() -> None:
    from inbound.mime import html_to_text

    html_to_text("<p>Hi</p><blockquote>quoted and never closed")
    assert html_to_text("<p>How do I book the exam?</p>") == "How do I book the exam?"
