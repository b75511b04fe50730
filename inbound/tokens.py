"""Reply tokens: `r.TOKEN@DOMAIN` names one leader's turn at one question, signed so it cannot be guessed.

TOKEN is `<assignment id>-<issue day>-<mac>`, base36, lowercase, under 40 characters and without `+`
(some mail systems drop or rewrite it). The MAC is HMAC-SHA256 over both numbers with the secret key,
so a changed id or date is detected. Tokens stay valid for many replies until they are too old.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime

_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_TOKEN = re.compile(r"^([0-9a-z]{1,10})-([0-9a-z]{1,5})-([a-z2-7]{16})$")
LOCAL_PREFIX = "r."


@dataclass(frozen=True)
class TokenCheck:
    assignment_id: int
    expired: bool


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def _day(moment: datetime) -> int:
    return (moment - _EPOCH).days


def _mac(secret_key: str, assignment_id: int, day: int) -> str:
    digest = hmac.new(secret_key.encode(), f"reply:{assignment_id}:{day}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()  # 80 bits, 16 characters


def make_token(secret_key: str, assignment_id: int, now: datetime) -> str:
    day = _day(now)
    return f"{_base36(assignment_id)}-{_base36(day)}-{_mac(secret_key, assignment_id, day)}"


def reply_address(secret_key: str, assignment_id: int, now: datetime, domain: str) -> str:
    return f"{LOCAL_PREFIX}{make_token(secret_key, assignment_id, now)}@{domain}"


def check_token(secret_key: str, token: str, now: datetime, ttl_days: int) -> TokenCheck | None:
    """The assignment a token names, or None when it is malformed or tampered with."""
    match = _TOKEN.match(token.lower())
    if match is None:
        return None
    assignment_id, day = int(match.group(1), 36), int(match.group(2), 36)
    if not hmac.compare_digest(match.group(3), _mac(secret_key, assignment_id, day)):
        return None
    return TokenCheck(assignment_id=assignment_id, expired=_day(now) - day > ttl_days)


def local_part_prefix(assignment_id: int) -> str:
    """How every reply address of this turn begins, whatever day it was issued: `r.<assignment>-`."""
    return f"{LOCAL_PREFIX}{_base36(assignment_id)}-"


def token_of_local_part(local_part: str) -> str | None:
    local_part = local_part.lower()
    return local_part[len(LOCAL_PREFIX) :] if local_part.startswith(LOCAL_PREFIX) else None
