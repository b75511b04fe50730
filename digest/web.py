"""The board and terms pages: small, readable on a phone, no JavaScript, never a phone number or address.

`make_router(...)` serves `GET /terms` (in French at `/terms/fr`, also `/terms?lang=fr`), `GET /board`
(`?page=`, `?province=`), `GET /board/{id}` and `GET /board/signin/{token}`. With `board_access="members"` the
board needs a signed-in member (a signed, HttpOnly cookie set by a sign-in link the member asks for with BOARD);
`"public"` shows it to anyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from digest.signin import (
    COOKIE_NAME,
    COOKIE_TTL,
    board_cookie,
    board_signin_token,
    parse_board_cookie,
    parse_board_signin_token,
)
from store.db import SessionFactory
from store.queries_members import active_member, visible_board_post, visible_board_posts

__all__ = ["PER_PAGE", "PROVINCES", "TERMS_VERSION", "board_signin_token", "make_router"]

TEMPLATE_DIR = Path(__file__).parent / "templates"
# The version of templates/terms.html and of its French text, templates/terms_fr.html (the same terms): consent
# records it, so change it whenever the terms change, in both languages.
TERMS_VERSION = "2026-12-01"
PER_PAGE = 20
MAX_PAGE = 1000  # deeper offsets are no use to a reader and cost the database
PROVINCES = {
    "AB": "Alberta",
    "BC": "British Columbia",
    "MB": "Manitoba",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "NS": "Nova Scotia",
    "NT": "Northwest Territories",
    "NU": "Nunavut",
    "ON": "Ontario",
    "PE": "Prince Edward Island",
    "QC": "Quebec",
    "SK": "Saskatchewan",
    "YT": "Yukon",
    "ABROAD": "Not yet in Canada",
}
# No scripts, no outside resources; the one stylesheet is inline.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_URL = re.compile(r"https?://[^\s<>\"']+")


def linkify(text: str) -> Markup:
    """Escape the text and make its http(s) links clickable (answers often point to a regulator's page)."""
    pieces: list[Markup] = []
    last = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?)]")
        pieces += [escape(text[last : match.start()]), Markup('<a href="{0}" rel="nofollow">{0}</a>').format(url)]
        last = match.start() + len(url)
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def day(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["linkify"] = linkify
    env.filters["day"] = day
    return env


def _int_or(value: str | None, default: int) -> int:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 9:
        return default
    return int(value.strip())


def make_router(
    *,
    session_factory: SessionFactory,
    board_access: str,
    secret_key: str,
    terms_version: str,
    network_name: str,
    ask_address: str = "",
    public_url: str = "",
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> APIRouter:
    if board_access not in ("members", "public"):
        raise ValueError(f"board_access must be 'members' or 'public', not {board_access!r}")
    if not secret_key:
        raise ValueError("a secret key is required for board sign-in")
    members_only = board_access == "members"
    secure_cookie = public_url.startswith("https://")
    router = APIRouter()

    def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("lang", "en")
        html = _environment().get_template(name).render(network_name=network_name, ask_address=ask_address, **context)
        headers = dict(_SECURITY_HEADERS)
        if members_only:
            headers["Cache-Control"] = "private, no-cache"
            headers["Vary"] = "Cookie"
        return HTMLResponse(html, status_code=status_code, headers=headers)

    def signed_in(request: Request) -> bool:
        if not members_only:
            return True
        member_id = parse_board_cookie(secret_key, request.cookies.get(COOKIE_NAME, ""), clock())
        if member_id is None:
            return False
        with session_factory() as session:
            return active_member(session, member_id) is not None  # a member who left loses access

    def signin_needed(*, expired: bool = False, status_code: int = 403) -> HTMLResponse:
        return render("signin_needed.html", status_code=status_code, expired=expired)

    @router.get("/terms")
    def terms(lang: str | None = None) -> HTMLResponse:
        if (lang or "").lower() == "fr":
            return terms_in_french()
        return render("terms.html", terms_version=terms_version)

    @router.get("/terms/fr")
    def terms_in_french() -> HTMLResponse:
        # The same terms in French: one version, so a consent means the same whichever page was read.
        return render("terms_fr.html", lang="fr", terms_version=terms_version)

    @router.get("/board")
    def board(request: Request, page: str | None = None, province: str | None = None) -> HTMLResponse:
        if not signed_in(request):
            return signin_needed()
        number = min(max(_int_or(page, 1), 1), MAX_PAGE)
        code = (province or "").strip().upper()
        code_or_none = code if code in PROVINCES else None
        with session_factory() as session:
            rows = list(
                visible_board_posts(session, offset=(number - 1) * PER_PAGE, limit=PER_PAGE + 1, province=code_or_none)
            )
            session.expunge_all()
        more, posts = len(rows) > PER_PAGE, rows[:PER_PAGE]

        def url(target: int) -> str:
            query = {k: v for k, v in (("province", code_or_none), ("page", target)) if v and v != 1}
            return "/board" + (f"?{urlencode(query)}" if query else "")

        return render(
            "board.html",
            posts=posts,
            page=number,
            province=code_or_none,
            province_name=PROVINCES.get(code_or_none or "", ""),
            provinces=list(PROVINCES),
            newer_url=url(number - 1) if number > 1 else "",
            older_url=url(number + 1) if more and number < MAX_PAGE else "",
        )

    @router.get("/board/signin/{token}")
    def signin(token: str) -> Response:
        now = clock()
        member_id = parse_board_signin_token(secret_key, token, now)
        if member_id is not None:
            with session_factory() as session:
                if active_member(session, member_id) is None:
                    member_id = None
        if member_id is None:
            response: Response = signin_needed(expired=True, status_code=400)
        else:
            response = RedirectResponse("/board", status_code=303)
            response.set_cookie(
                COOKIE_NAME,
                board_cookie(secret_key, member_id, now),
                max_age=int(COOKIE_TTL.total_seconds()),
                path="/",
                httponly=True,
                samesite="lax",
                secure=secure_cookie,
            )
        response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this URL
        response.headers["Cache-Control"] = "no-store"
        return response

    @router.get("/board/{post_id}")
    def post(request: Request, post_id: str) -> HTMLResponse:
        if not signed_in(request):
            return signin_needed()
        number = _int_or(post_id, 0)
        found = None
        if number:
            with session_factory() as session:
                found = visible_board_post(session, number)
                session.expunge_all()
        if found is None:
            return render(
                "message.html",
                status_code=404,
                title="Post not found",
                message="This post does not exist or was taken off the board.",
            )
        return render("post.html", post=found)

    return router
