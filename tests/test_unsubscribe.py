"""One-click unsubscribe (RFC 8058): signed tokens, the List-Unsubscribe headers, and the HTTP endpoint."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from outbound.outbox import enqueue_email
from outbound.unsubscribe import (
    parse_unsubscribe_token,
    unsubscribe_headers,
    unsubscribe_token,
    unsubscribe_url,
)
from peerline.runtime import Runtime
from peerline.web import create_app
from store.db import transaction
from store.models import Contact, Outbound
from tests.conftest import DOMAIN, RunningServer
from tests.helpers import wait_for_mail

KEY = "k" * 64
T0 = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
ADDRESS = "maria@example.org"


# --- tokens and headers -----------------------------------------------------------------------------------------


def test_token_round_trip_and_url_safe() -> None:
    token = unsubscribe_token(KEY, 42)
    assert re.fullmatch(r"[0-9]+\.[A-Za-z0-9_-]+", token)
    assert parse_unsubscribe_token(KEY, token) == 42
    assert unsubscribe_token(KEY, 42) == token  # stable: every digest carries the same link


def test_tampered_and_foreign_tokens_are_refused() -> None:
    token = unsubscribe_token(KEY, 42)
    number, _, signature = token.partition(".")
    assert parse_unsubscribe_token("another key", token) is None
    assert parse_unsubscribe_token(KEY, f"43.{signature}") is None  # someone else's contact
    assert parse_unsubscribe_token(KEY, f"042.{signature}") is None
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert parse_unsubscribe_token(KEY, f"{number}.{flipped}") is None
    assert parse_unsubscribe_token(KEY, f"{number}.{signature[:-2]}") is None
    assert parse_unsubscribe_token(KEY, number) is None
    assert parse_unsubscribe_token("", token) is None


@given(st.text(max_size=80))
def test_arbitrary_text_never_parses_and_never_raises(text: str) -> None:
    assert parse_unsubscribe_token(KEY, text) is None


def test_no_token_without_a_secret() -> None:
    with pytest.raises(ValueError):
        unsubscribe_token("", 1)


def test_list_unsubscribe_headers() -> None:
    token = unsubscribe_token(KEY, 7)
    headers = unsubscribe_headers("https://peerline.example/", token, f"ask@{DOMAIN}")
    assert headers == {
        "List-Unsubscribe": f"<https://peerline.example/unsubscribe/{token}>, "
        f"<mailto:ask@{DOMAIN}?subject=unsubscribe>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert unsubscribe_url("https://peerline.example", token) == f"https://peerline.example/unsubscribe/{token}"


# --- the endpoint -----------------------------------------------------------------------------------------------


def _contact(runtime: Runtime, channel: str = "email", address: str = ADDRESS) -> int:
    with transaction(runtime.session_factory) as session:
        contact = Contact(channel=channel, address=address, opted_out=False, pending={}, created_at=T0, updated_at=T0)
        session.add(contact)
        session.flush()
        return contact.id


def _opted_out(runtime: Runtime, contact_id: int) -> bool:
    with runtime.session_factory() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact.opted_out


@pytest.fixture
def client(runtime: Runtime) -> TestClient:
    return TestClient(create_app(runtime))


ONE_CLICK = {"content": b"List-Unsubscribe=One-Click", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


def test_get_shows_a_button_and_does_not_unsubscribe(runtime: Runtime, client: TestClient) -> None:
    contact_id = _contact(runtime)
    token = unsubscribe_token(runtime.settings.secret_key, contact_id)
    for _ in range(3):  # link scanners and previews fetch it, maybe more than once
        page = client.get(f"/unsubscribe/{token}")
        assert page.status_code == 200
    assert f'<form method="post" action="/unsubscribe/{token}">' in page.text
    assert "<button" in page.text and "<script" not in page.text
    assert 'name="viewport"' in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert ADDRESS not in page.text
    assert not _opted_out(runtime, contact_id)


def test_one_click_post_unsubscribes_and_is_idempotent(runtime: Runtime, client: TestClient) -> None:
    contact_id = _contact(runtime)
    token = unsubscribe_token(runtime.settings.secret_key, contact_id)
    first = client.post(f"/unsubscribe/{token}", **ONE_CLICK)  # type: ignore[arg-type]
    assert first.status_code == 200
    assert "You are unsubscribed" in first.text
    assert ADDRESS not in first.text
    assert _opted_out(runtime, contact_id)
    again = client.post(f"/unsubscribe/{token}")  # the page's button: an empty form, no cookies needed
    assert again.status_code == 200
    assert _opted_out(runtime, contact_id)


def test_bad_tokens_get_a_clear_400_page(runtime: Runtime, client: TestClient) -> None:
    contact_id = _contact(runtime)
    token = unsubscribe_token(runtime.settings.secret_key, contact_id)
    for bad in (token[:-3], f"{contact_id + 1}.{token.partition('.')[2]}", "nonsense", unsubscribe_token("x", 1)):
        for method in ("GET", "POST"):
            response = client.request(method, f"/unsubscribe/{bad}")
            assert response.status_code == 400, (method, bad)
            assert "This link does not work" in response.text
    assert not _opted_out(runtime, contact_id)


def test_a_token_naming_a_phone_contact_changes_nothing(runtime: Runtime, client: TestClient) -> None:
    phone_id = _contact(runtime, channel="sms", address="+14165550123")
    response = client.post(f"/unsubscribe/{unsubscribe_token(runtime.settings.secret_key, phone_id)}")
    assert response.status_code == 400
    assert not _opted_out(runtime, phone_id)


def test_a_deleted_contact_counts_as_unsubscribed(runtime: Runtime, client: TestClient) -> None:
    response = client.post(f"/unsubscribe/{unsubscribe_token(runtime.settings.secret_key, 999)}")
    assert response.status_code == 200


def _status(runtime: Runtime, row_id: int, until: str, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while True:
        with runtime.session_factory() as session:
            row = session.get(Outbound, row_id)
            assert row is not None
            if row.status == until or time.monotonic() > deadline:
                return row.status
        time.sleep(0.05)


def test_digest_link_works_end_to_end(running_server: RunningServer) -> None:
    """A digest arrives with the headers; the one-click POST (real HTTP) stops the next digest."""
    runtime = running_server.runtime
    s = runtime.settings
    contact_id = _contact(runtime)
    headers = unsubscribe_headers(s.public_url, unsubscribe_token(s.secret_key, contact_id), s.ask_address)
    with transaction(runtime.session_factory) as session:
        first = enqueue_email(
            session, to=ADDRESS, subject="Digest", text="This week...", headers=headers, now=T0, kind="digest"
        ).id
    running_server.worker.wake()
    assert _status(runtime, first, "sent") == "sent"
    [mail] = wait_for_mail(s.maildir, to=ADDRESS)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.findall(r"<(https?://[^>]+)>", str(mail["List-Unsubscribe"]))[0]
    assert url.startswith(f"{running_server.base_url}/unsubscribe/")
    response = httpx.post(url, content=b"List-Unsubscribe=One-Click", timeout=10)  # what Gmail sends
    assert response.status_code == 200
    assert _opted_out(runtime, contact_id)
    with transaction(runtime.session_factory) as session:
        second = enqueue_email(
            session, to=ADDRESS, subject="Digest", text="Next week...", headers=headers, now=T0, kind="digest"
        ).id
        answer = enqueue_email(session, to=ADDRESS, subject="Re: exam", text="Answer", now=T0, kind="reply").id
    running_server.worker.wake()
    assert _status(runtime, second, "suppressed") == "suppressed"
    assert _status(runtime, answer, "sent") == "sent"  # answers to what they asked still arrive
