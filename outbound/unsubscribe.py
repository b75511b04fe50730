"""One-click unsubscribe (RFC 8058): signed per-contact tokens and the List-Unsubscribe headers.

A token names an e-mail Contact and carries an HMAC-SHA256 of it, so it cannot be guessed or altered. It does
not expire: an old digest's link must still work (mail providers test that it does).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

_PURPOSE = b"peerline/unsubscribe/v1:"
_SIGNATURE_BYTES = 16  # 128 bits: plenty against forgery, short enough for a tidy link
_MAX_ID_DIGITS = 18


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _signature(secret_key: str, contact_id: int) -> str:
    digest = hmac.new(secret_key.encode("utf-8"), _PURPOSE + str(contact_id).encode("ascii"), hashlib.sha256)
    return _b64(digest.digest()[:_SIGNATURE_BYTES])


def unsubscribe_token(secret_key: str, contact_id: int) -> str:
    """`<contact id>.<signature>`: URL-safe (digits, a dot, base64url)."""
    if not secret_key:
        raise ValueError("a secret key is required to sign unsubscribe tokens")
    if contact_id < 0:
        raise ValueError("contact ids are positive")
    return f"{contact_id}.{_signature(secret_key, contact_id)}"


def parse_unsubscribe_token(secret_key: str, token: str) -> int | None:
    """The contact id of a genuine token; None for anything altered, truncated or made up."""
    if not secret_key or not isinstance(token, str):
        return None
    number, dot, signature = token.strip().partition(".")
    if not dot or not number.isascii() or not number.isdigit() or len(number) > _MAX_ID_DIGITS:
        return None
    if number != str(int(number)):  # "007" is not the token we issued for 7
        return None
    contact_id = int(number)
    expected = _signature(secret_key, contact_id)
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace")):
        return None
    return contact_id


def unsubscribe_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/unsubscribe/{token}"


def unsubscribe_headers(public_url: str, token: str, mailto: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers for a bulk e-mail (digest, reminder, invitation)."""
    links = [f"<{unsubscribe_url(public_url, token)}>"]
    if mailto:
        links.append(f"<mailto:{quote(mailto, safe='@.+-_')}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(links),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
