"""One-click unsubscribe (RFC 8058): signed per-contact tokens and the List-Unsubscribe headers.

A token names an e-mail Contact and carries an HMAC-SHA256 of it, so it cannot be guessed or altered. It does
not expire: an old digest's link must still work (mail providers test that it does).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
from dataclasses import dataclass
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
    return unsubscribe_headers_for_url(unsubscribe_url(public_url, token), mailto)


def unsubscribe_headers_for_url(url: str, mailto: str) -> dict[str, str]:
    links = [f"<{url}>"]
    if mailto:
        links.append(f"<mailto:{quote(mailto, safe='@.+-_')}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(links),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# --- which mail carries the link ----------------------------------------------------------------------------------

# Mail we send to a member on our own initiative rather than as the direct reply to a message they just sent: a
# leader's answer arriving later, a "taking longer" notice, reminders, digests, invitations. Every such e-mail
# carries the List-Unsubscribe headers and a footer link (added when it is built, whoever queued it), and the
# link stops exactly these kinds. Replies to what the person sends (kind "reply"), their data export, a LINK
# code, the confirmation of a STOP or DELETE, and mail to leaders ("leader") are transactional.
UNSUBSCRIBABLE_KINDS = frozenset({"answer", "notice", "reminder", "digest", "invite"})


def is_unsubscribable(kind: str) -> bool:
    return kind in UNSUBSCRIBABLE_KINDS


@dataclass(frozen=True)
class UnsubscribeLinks:
    """What delivery needs to give each unsubscribable e-mail its own working link."""

    secret_key: str
    public_url: str
    mailto: str = ""

    def for_contact(self, contact_id: int, lang: str = "en") -> UnsubscribeLink:
        token = unsubscribe_token(self.secret_key, contact_id)
        return UnsubscribeLink(url=unsubscribe_url(self.public_url, token), token=token, mailto=self.mailto, lang=lang)


_FOOTER = {
    "en": "To stop e-mails like this one (answers that arrive later, notices, reminders, digests), unsubscribe: {url}",
    "fr": "Pour ne plus recevoir ce genre de courriels (réponses qui arrivent plus tard, avis, rappels, résumés), "
    "désabonnez-vous : {url}",
}
_FOOTER_LINK = {"en": "Unsubscribe", "fr": "Se désabonner"}


@dataclass(frozen=True)
class UnsubscribeLink:
    url: str
    token: str
    mailto: str = ""
    lang: str = "en"

    def headers(self) -> dict[str, str]:
        return unsubscribe_headers_for_url(self.url, self.mailto)

    def footer_text(self) -> str:
        return "-- \n" + _FOOTER.get(self.lang, _FOOTER["en"]).format(url=self.url)

    def footer_html(self) -> str:
        words = _FOOTER.get(self.lang, _FOOTER["en"]).format(url="").rstrip(" :")
        link = _FOOTER_LINK.get(self.lang, _FOOTER_LINK["en"])
        colon = " :" if self.lang == "fr" else ":"  # French spaces its colon, as the text part does
        return (
            '<p style="color: #555; font-size: 13px;">'
            f'{html.escape(words)}{colon} <a href="{html.escape(self.url, quote=True)}">{html.escape(link)}</a></p>'
        )
