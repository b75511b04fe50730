"""Board sign-in: a signed link sent to a member (BOARD command), exchanged for a signed cookie.

Both are `<member id>.<issued unix time>.<HMAC-SHA256>`, signed for different purposes so that a link can never
be used as a cookie or the other way round. A link works for 7 days; the cookie for 30.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

SIGNIN_TTL = timedelta(days=7)
COOKIE_TTL = timedelta(days=30)
COOKIE_NAME = "peerline_board"
_CLOCK_SKEW = timedelta(minutes=5)
_LINK = b"peerline/board-signin/v1:"
_COOKIE = b"peerline/board-cookie/v1:"
_SIGNATURE_BYTES = 16


def _sign(secret_key: str, purpose: bytes, payload: str) -> str:
    digest = hmac.new(secret_key.encode("utf-8"), purpose + payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).rstrip(b"=").decode("ascii")


def _make(secret_key: str, purpose: bytes, member_id: int, now: datetime) -> str:
    if not secret_key:
        raise ValueError("a secret key is required to sign board links")
    payload = f"{member_id}.{int(now.timestamp())}"
    return f"{payload}.{_sign(secret_key, purpose, payload)}"


def _parse(secret_key: str, purpose: bytes, value: str, now: datetime, ttl: timedelta) -> int | None:
    if not secret_key or not value:
        return None
    parts = value.strip().split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts[:2]):
        return None
    member, issued, signature = parts
    payload = f"{int(member)}.{int(issued)}"
    if payload != f"{member}.{issued}":  # leading zeros: not a value we issued
        return None
    if not hmac.compare_digest(_sign(secret_key, purpose, payload).encode(), signature.encode("utf-8", "replace")):
        return None
    age = now.timestamp() - int(issued)
    if age > ttl.total_seconds() or age < -_CLOCK_SKEW.total_seconds():
        return None
    return int(member)


def board_signin_token(secret_key: str, member_id: int, now: datetime) -> str:
    """The token of a member's sign-in link (`/board/signin/<token>`), valid for 7 days from `now`."""
    return _make(secret_key, _LINK, member_id, now)


def board_signin_link(public_url: str, secret_key: str, member_id: int, now: datetime) -> str:
    return f"{public_url.rstrip('/')}/board/signin/{board_signin_token(secret_key, member_id, now)}"


def parse_board_signin_token(secret_key: str, token: str, now: datetime) -> int | None:
    """The member id of a genuine, unexpired sign-in token; else None."""
    return _parse(secret_key, _LINK, token, now, SIGNIN_TTL)


def board_cookie(secret_key: str, member_id: int, now: datetime) -> str:
    return _make(secret_key, _COOKIE, member_id, now)


def parse_board_cookie(secret_key: str, value: str, now: datetime) -> int | None:
    return _parse(secret_key, _COOKIE, value, now, COOKIE_TTL)
