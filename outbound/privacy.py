"""Contact details out of text that others will read: a member's words to a leader, a leader's to a member, the
board. Phone numbers are found with `phonenumbers` (any format, Canada as the default region)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from outbound.addresses import normalise_phone

REMOVED = "[contact details removed]"
NAME_REMOVED = "[name removed]"
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


_CARD_MAX_LINES = 5  # a name card: the name, a title, a workplace, a phone, an address


def _card_line(line: str) -> bool:
    """A line of a signature card (a title, a workplace, a phone): short, and not a sentence."""
    words = re.findall(r"(?<![\w'’@.-])[a-zß-ÿ][\w'’-]*", _EMAIL.sub(" ", line))
    sentence = line.rstrip().endswith((".", "?", "!")) and not re.search(r"\d|@", line)
    return len(line.strip()) <= 60 and len(words) < 4 and not sentence


def _drop_name_card(text: str, name: str) -> str:
    """Without the leader's name at the end, and the short card under it: a line that is the name or part of it
    ("Ana", "- Ana R.", "A.R.") or starts with the full name ("Ana Reyes, MLT"), with only card lines below."""
    ordered = [w.lower().strip(".") for w in re.findall(r"[\w.]+", name) if w.strip(".")]
    if not ordered:
        return text
    name_words, initials = set(ordered), "".join(w[0] for w in ordered)
    full = re.compile(r"^\W*" + r"\s+".join(re.escape(w) for w in ordered) + r"\b", re.I)

    def name_word(word: str) -> bool:
        return word in name_words or (len(word) == 1 and word in initials) or word.replace(".", "") == initials

    def is_name(line: str) -> bool:
        words = [w for w in (w.lower().strip(".") for w in re.findall(r"[\w.]+", line)) if w]
        only_name = bool(words) and len(words) <= 3 and all(name_word(w) for w in words)
        return only_name or (len(line.strip()) <= 60 and bool(full.match(line)))

    lines = text.rstrip().splitlines()
    while True:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        for k in reversed(filled[-(_CARD_MAX_LINES + 1) :]):
            below = [line for line in lines[k + 1 :] if line.strip()]
            if is_name(lines[k]) and all(_card_line(line) for line in below):
                lines = lines[:k]
                while lines and not lines[-1].strip():
                    lines.pop()
                break
        else:
            return "\n".join(lines).rstrip()


def scrub_leader_details(
    text: str, *, name: str, emails: Iterable[str] = (), phones: Iterable[str] = (), show_name: bool = False
) -> str:
    """A leader's answer without their own registered details, before it reaches a member or the board.

    Their e-mail addresses and phone numbers are replaced wherever they are. Unless they chose to be named
    (`show_name`), their name goes too: a name card at the end (the name, or a line starting with it, and the
    title, workplace and phone lines below it) is removed, and the full name anywhere else is replaced. A phone
    number they give in a sentence for an organisation ("call CSMLS at 1-800-…") is not theirs and stays. This
    does not depend on reply extraction having found the signature.
    """
    text = scrub_contact_details(text, emails=emails, phones=[normalise_phone(p) or p for p in phones if p])
    if show_name or not name.strip():
        return text
    text = _drop_name_card(text, name)
    words = [re.escape(w) for w in re.findall(r"[\w'’-]+", name)]
    return re.sub(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", NAME_REMOVED, text, flags=re.I) if words else text
