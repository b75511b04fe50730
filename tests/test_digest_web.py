"""The board and terms pages over HTTP: content, pagination, province filter, moderation, access control."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from digest.publish import hide_post, publish_answer
from digest.signin import (
    COOKIE_NAME,
    board_cookie,
    board_signin_link,
    board_signin_token,
    parse_board_cookie,
    parse_board_signin_token,
)
from digest.web import PER_PAGE, TERMS_VERSION, linkify
from peerline.runtime import Runtime
from peerline.web import create_app
from store.db import transaction
from store.models import BoardPost, Consent, Contact, Member, Question
from store.queries_members import board_listing_query
from tests.conftest import DOMAIN, RunningServer

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
KEY = "s" * 64


def _member(session: Session, handle: str, province: str, phone: str, email: str) -> Member:
    member = Member(handle=handle, province=province, status="active", created_at=T0, joined_at=T0)
    session.add(member)
    session.flush()
    session.add(Consent(member_id=member.id, terms_version=TERMS_VERSION, channel="sms", accepted_at=T0))
    for channel, address in (("sms", phone), ("email", email)):
        session.add(
            Contact(
                member_id=member.id,
                channel=channel,
                address=address,
                opted_out=False,
                pending={},
                created_at=T0,
                updated_at=T0,
            )
        )
    session.flush()
    return member


def _post(session: Session, member: Member, n: int, question: str, answer: str = "An answer.") -> BoardPost:
    q = Question(member_id=member.id, channel="sms", text=question, status="answered", created_at=T0)
    session.add(q)
    session.flush()
    return publish_answer(
        session,
        question_id=q.id,
        author=str(member.handle),
        province=member.province,
        question_text=question,
        answer_text=answer,
        now=T0 + timedelta(hours=n),
    )


class Board:
    """A board with 25 Ontario and 20 Alberta posts (alternating, newest last), one of them hidden."""

    def __init__(self, runtime: Runtime) -> None:
        with transaction(runtime.session_factory) as session:
            self.on = _member(session, "labtech_on", "ON", "+14165550123", "maria@example.org")
            self.ab = _member(session, "calgary_mlt", "AB", "+14035550177", "joao@example.com")
            self.posts: list[BoardPost] = []
            for n in range(45):
                member = self.on if n % 2 == 0 or n >= 40 else self.ab
                self.posts.append(_post(session, member, n, f"Question number {n:02d}?"))
            self.hidden = self.posts[44]
            hide_post(session, self.hidden.id)
            self.on_id, self.ab_id = self.on.id, self.ab.id


def _client(runtime: Runtime, access: str = "members") -> TestClient:
    runtime.settings.board_access = access  # type: ignore[assignment]
    return TestClient(create_app(runtime))


def _sign_in(client: TestClient, runtime: Runtime, member_id: int) -> None:
    token = board_signin_token(runtime.settings.secret_key, member_id, datetime.now(UTC))
    response = client.get(f"/board/signin/{token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/board"


def _titles(html: str) -> list[str]:
    return re.findall(r"Question number (\d\d)\?", html)


# --- terms ------------------------------------------------------------------------------------------------------


def test_terms_page_is_public_and_says_what_members_accept(runtime: Runtime) -> None:
    page = _client(runtime).get("/terms")
    assert page.status_code == 200
    body = page.text
    assert f"Version {TERMS_VERSION}" in body
    assert 'name="viewport"' in body and "<script" not in body
    for phrase in (
        "internationally educated medical laboratory technologists",
        "published on the Peerline",
        "nickname",
        "never shown to anyone",
        "never share exam content",
        "MYDATA",
        "DELETE",
        "STOP",
        "HELP",
        f"ask@{DOMAIN}",
    ):
        assert phrase in body, phrase


def test_terms_page_in_french_is_the_same_version_and_each_links_the_other(runtime: Runtime) -> None:
    client = _client(runtime)
    english, french = client.get("/terms"), client.get("/terms/fr")
    assert (english.status_code, french.status_code) == (200, 200)
    assert '<html lang="en">' in english.text and '<html lang="fr">' in french.text
    assert '<a href="/terms/fr" hreflang="fr" lang="fr">Version française</a>' in english.text
    assert '<a href="/terms" hreflang="en" lang="en">English version</a>' in french.text
    assert f"Version {TERMS_VERSION}" in french.text  # one version: consent means the same in both languages
    for phrase in (
        "Conditions d'utilisation",
        "technologistes de laboratoire médical formés à l'étranger",
        "publiées sur le forum de Peerline",
        "pseudo",
        "ne sont jamais montrés à personne",
        "Nous ne partageons jamais le contenu de l'examen",
        "MYDATA",
        "DELETE",
        "STOP",
        "AIDE",
        f"ask@{DOMAIN}",
        '<a href="/terms/fr">Conditions d\'utilisation</a>',  # the footer, in French too
    ):
        assert phrase in " ".join(french.text.split()), phrase
    assert client.get("/terms?lang=fr").text == french.text
    for english_only in ("Terms of use", "What we keep", "nickname", "peer support"):
        assert english_only not in french.text, english_only


# --- access -----------------------------------------------------------------------------------------------------


def test_members_board_needs_sign_in(runtime: Runtime) -> None:
    board = Board(runtime)
    client = _client(runtime)
    for path in ("/board", f"/board/{board.posts[0].id}", "/board?page=2"):
        page = client.get(path)
        assert page.status_code == 403
        assert "BOARD" in page.text and f"ask@{DOMAIN}" in page.text
        assert _titles(page.text) == []


def test_sign_in_link_sets_a_safe_cookie_and_opens_the_board(runtime: Runtime) -> None:
    board = Board(runtime)
    client = _client(runtime)
    token = board_signin_token(runtime.settings.secret_key, board.on_id, datetime.now(UTC))
    response = client.get(f"/board/signin/{token}", follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=2592000" in cookie
    assert token not in cookie  # the cookie is not the link
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = client.get("/board")
    assert page.status_code == 200
    assert _titles(page.text)[0] == "43"


def test_tampered_or_expired_links_are_refused(runtime: Runtime) -> None:
    board = Board(runtime)
    client = _client(runtime)
    key, now = runtime.settings.secret_key, datetime.now(UTC)
    good = board_signin_token(key, board.on_id, now)
    member, issued, signature = good.split(".")
    bad_tokens = [
        f"{board.ab_id}.{issued}.{signature}",  # someone else
        f"{member}.{int(issued) + 86400 * 30}.{signature}",  # extended
        good[:-2],
        board_signin_token("another key", board.on_id, now),
        board_signin_token(key, board.on_id, now - timedelta(days=8)),  # expired
        board_cookie(key, board.on_id, now),  # a cookie value is not a link
        "nonsense",
    ]
    for token in bad_tokens:
        response = client.get(f"/board/signin/{token}", follow_redirects=False)
        assert response.status_code == 400, token
        assert "expired or is not complete" in response.text
        assert "set-cookie" not in response.headers
    assert client.get("/board").status_code == 403
    six_days_old = board_signin_token(key, board.on_id, now - timedelta(days=6))
    assert client.get(f"/board/signin/{six_days_old}", follow_redirects=False).status_code == 303


def test_forged_or_stale_cookies_are_refused(runtime: Runtime) -> None:
    board = Board(runtime)
    key, now = runtime.settings.secret_key, datetime.now(UTC)
    _member, issued, signature = board_cookie(key, board.on_id, now).split(".")
    for value in (
        f"{board.ab_id}.{issued}.{signature}",
        board_signin_token(key, board.on_id, now),  # a link's token is not a cookie
        board_cookie("another key", board.on_id, now),
        board_cookie(key, board.on_id, now - timedelta(days=31)),
        "",
    ):
        client = _client(runtime)
        client.cookies.set(COOKIE_NAME, value)
        assert client.get("/board").status_code == 403, value
    client = _client(runtime)
    client.cookies.set(COOKIE_NAME, board_cookie(key, board.on_id, now - timedelta(days=29)))
    assert client.get("/board").status_code == 200


def test_a_member_who_deleted_their_data_loses_access(runtime: Runtime) -> None:
    board = Board(runtime)
    client = _client(runtime)
    _sign_in(client, runtime, board.on_id)
    assert client.get("/board").status_code == 200
    with transaction(runtime.session_factory) as session:
        member = session.get(Member, board.on_id)
        assert member is not None
        member.status, member.handle = "deleted", None
    assert client.get("/board").status_code == 403
    token = board_signin_token(runtime.settings.secret_key, board.on_id, datetime.now(UTC))
    assert client.get(f"/board/signin/{token}", follow_redirects=False).status_code == 400


def test_public_board_needs_no_sign_in(runtime: Runtime) -> None:
    Board(runtime)
    page = _client(runtime, "public").get("/board")
    assert page.status_code == 200
    assert len(_titles(page.text)) == PER_PAGE


# --- content ----------------------------------------------------------------------------------------------------


def test_listing_shows_handle_province_and_date_newest_first(runtime: Runtime) -> None:
    board = Board(runtime)
    page = _client(runtime, "public").get("/board")
    assert _titles(page.text) == [f"{n:02d}" for n in range(43, 23, -1)]  # 44 is hidden
    assert "labtech_on · ON · 2 Nov 2026" in page.text
    assert "calgary_mlt · AB · " in page.text
    assert f'href="/board/{board.posts[43].id}"' in page.text
    assert 'name="viewport"' in page.text and "<script" not in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_pagination(runtime: Runtime) -> None:
    Board(runtime)
    client = _client(runtime, "public")
    first, second, third = (client.get(f"/board?page={n}").text for n in (1, 2, 3))
    assert _titles(second) == [f"{n:02d}" for n in range(23, 3, -1)]
    assert _titles(third) == ["03", "02", "01", "00"]
    assert 'href="/board?page=2"' in first and "Newer" not in first
    assert 'href="/board"' in second and 'href="/board?page=3"' in second
    assert "Older" not in third
    for odd in ("0", "-1", "abc", "99999999999999999999"):
        assert _titles(client.get(f"/board?page={odd}").text) == _titles(first)
    assert _titles(client.get("/board?page=50").text) == []


def test_province_filter(runtime: Runtime) -> None:
    Board(runtime)
    client = _client(runtime, "public")
    ontario = client.get("/board?province=on")
    assert ontario.status_code == 200
    titles = [int(n) for n in _titles(ontario.text)]
    assert titles == sorted((n for n in range(44) if n % 2 == 0 or n >= 40), reverse=True)[:PER_PAGE]
    assert "calgary_mlt" not in ontario.text
    assert "Ontario" in ontario.text
    assert 'href="/board?province=ON&amp;page=2"' in ontario.text
    alberta_2 = client.get("/board?province=AB&page=2")
    assert [int(n) for n in _titles(alberta_2.text)] == []  # 20 AB posts: exactly one page
    assert len(_titles(client.get("/board?province=AB").text)) == 20
    assert "No questions here yet for Quebec" in client.get("/board?province=QC").text
    assert len(_titles(client.get("/board?province=<script>").text)) == PER_PAGE  # unknown: no filter


def test_one_post_and_hidden_or_missing_posts(runtime: Runtime) -> None:
    board = Board(runtime)
    client = _client(runtime, "public")
    page = client.get(f"/board/{board.posts[0].id}")
    assert page.status_code == 200
    assert "Question number 00?" in page.text and "An answer." in page.text
    assert "labtech_on · ON · 1 Nov 2026" in page.text
    for path in (f"/board/{board.hidden.id}", "/board/99999", "/board/abc", "/board/0"):
        missing = client.get(path)
        assert missing.status_code == 404, path
        assert "Post not found" in missing.text
    assert "Question number 44" not in client.get("/board?page=1").text


def test_no_phone_number_or_e_mail_address_on_any_page(runtime: Runtime) -> None:
    board = Board(runtime)
    with transaction(runtime.session_factory) as session:
        member = session.get(Member, board.on_id)
        assert member is not None
        leak = _post(
            session,
            member,
            50,
            "Text me at 416-555-0123 or maria@example.org please",
            "Maria, reply from maria@example.org is fine.",
        )
    client = _client(runtime, "public")
    pages = [client.get(p).text for p in ("/terms", "/board", "/board?page=2", f"/board/{leak.id}")]
    pages += [client.get(f"/board/{p.id}").text for p in board.posts[:5]]
    with runtime.session_factory() as session:
        addresses = list(session.scalars(select(Contact.address)))
    assert len(addresses) == 4
    for html in pages:
        for address in addresses:
            assert address not in html
            assert address.lstrip("+1") not in html
        assert "555-0123" not in html


def test_text_is_escaped_and_links_are_clickable(runtime: Runtime) -> None:
    board = Board(runtime)
    with transaction(runtime.session_factory) as session:
        member = session.get(Member, board.on_id)
        assert member is not None
        post = _post(
            session,
            member,
            60,
            "<script>alert(1)</script> What is <b>PLA</b>?",
            'See https://csmls.org/pla?lang=en&x=1. Or "javascript:alert(1)"',
        )
    html = _client(runtime, "public").get(f"/board/{post.id}").text
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<b>PLA</b>" not in html
    assert '<a href="https://csmls.org/pla?lang=en&amp;x=1" rel="nofollow">' in html
    assert 'href="javascript' not in html


def test_linkify_keeps_trailing_punctuation_out() -> None:
    assert str(linkify("Go to https://a.ca/x). Now")) == (
        'Go to <a href="https://a.ca/x" rel="nofollow">https://a.ca/x</a>). Now'
    )
    assert str(linkify("a < b & c")) == "a &lt; b &amp; c"


# --- tokens, the query plan, and real HTTP ------------------------------------------------------------------------


def test_signin_tokens_expire_after_seven_days() -> None:
    token = board_signin_token(KEY, 5, T0)
    assert parse_board_signin_token(KEY, token, T0 + timedelta(days=7)) == 5
    assert parse_board_signin_token(KEY, token, T0 + timedelta(days=7, seconds=1)) is None
    assert parse_board_signin_token(KEY, token, T0 - timedelta(hours=1)) is None  # from the future
    assert parse_board_cookie(KEY, board_cookie(KEY, 5, T0), T0 + timedelta(days=30)) == 5
    assert parse_board_cookie(KEY, board_cookie(KEY, 5, T0), T0 + timedelta(days=31)) is None
    assert board_signin_link("https://p.example/", KEY, 5, T0) == f"https://p.example/board/signin/{token}"


def test_listing_query_walks_the_index(runtime: Runtime) -> None:
    if runtime.engine.dialect.name != "sqlite":
        pytest.skip("the plan is checked on SQLite; PostgreSQL chooses by table statistics")
    with runtime.engine.connect() as connection:
        for province in (None, "ON"):
            query = board_listing_query(offset=20, limit=21, province=province)
            sql = str(query.compile(runtime.engine, compile_kwargs={"literal_binds": True}))
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
            details = " ".join(str(row[-1]) for row in plan)
            assert "ix_board_post_listing" in details, details
            assert "TEMP B-TREE" not in details, details  # the order comes from the index, not a sort


def test_board_over_real_http(running_server: RunningServer) -> None:
    runtime = running_server.runtime
    board = Board(runtime)
    link = board_signin_link(running_server.base_url, runtime.settings.secret_key, board.on_id, datetime.now(UTC))
    with httpx.Client(base_url=running_server.base_url, timeout=10) as client:
        assert client.get("/terms").status_code == 200
        assert client.get("/board").status_code == 403
        signed_in = client.get(link, follow_redirects=True)
        assert signed_in.status_code == 200 and str(signed_in.url).endswith("/board")
        assert _titles(signed_in.text)[:2] == ["43", "42"]
        assert client.get(f"/board/{board.posts[1].id}").status_code == 200
    with runtime.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM board_post")).scalar() == 45
