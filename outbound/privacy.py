"""Contact details out of text that others will read: a member's words to a leader, a leader's to a member, the
board. Phone numbers are found with `phonenumbers` (any format, Canada as the default region)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

REMOVED = "[contact details removed]"
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def _phone_matches(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "CA", leniency=phonenumbers.Leniency.POSSIBLE):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        found.append((match.start, match.end, e164))
    return found


def scrub_contact_details(
    text: str, *, phones: Iterable[str] = (), emails: Iterable[str] = (), everything: bool = False
) -> str:
    """Replace phone numbers (E.164 in `phones`) and e-mail addresses (in `emails`), or all of them."""
    phone_set, email_set = set(phones), {e.lower() for e in emails}
    if not everything and not phone_set and not email_set:
        return text
    pieces: list[str] = []
    last = 0
    for start, end, e164 in _phone_matches(text):
        if everything or e164 in phone_set:
            pieces += [text[last:start], REMOVED]
            last = end
    text = "".join([*pieces, text[last:]])

    def email(match: re.Match[str]) -> str:
        return REMOVED if everything or match.group(0).lower() in email_set else match.group(0)

    return _EMAIL.sub(email, text)
