"""One canonical form for a contact address, used everywhere an address is stored, looked up or compared.

SMS: E.164 (`phonenumbers`, Canada as the default region), so "(416) 555-0101", "416-555-0101",
"1-416-555-0101" and "+1 416 555 0101" are one number. E-mail: the address alone (no display name), the domain
lower-cased and the local part kept as written: RFC 5321 leaves the local part's case to the receiving system,
so `Maria@example.org` and `maria@example.org` are compared as two addresses, on every path alike (contacts,
opt-outs, erasure, unsubscribe links).
"""

from __future__ import annotations

from email.utils import parseaddr

import phonenumbers


def normalise_phone(raw: str, default_region: str = "CA") -> str | None:
    """E.164 for a Canadian or international number ("(416) 555-0101" -> "+14165550101"), else None."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def canonical_email(raw: str) -> str:
    """`Maria <Maria@Example.ORG>` -> `Maria@example.org`; "" when there is no address."""
    _, addr = parseaddr(raw)
    local, _, domain = (addr or raw).strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else ""


def canonical_address(channel: str, raw: str) -> str:
    """The stored form: E.164 for SMS (the raw text, trimmed, if it is no number), the canonical e-mail."""
    if channel == "sms":
        return normalise_phone(raw) or raw.strip()
    return canonical_email(raw)
