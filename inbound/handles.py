"""Anonymous handles: the member's own choice, checked so it cannot identify or reach them."""

from __future__ import annotations

import random
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from faq_engine.guards import COMMAND_WORDS
from store.models import Member

_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{2,19}$")
_DIGITS = re.compile(r"\d")
_EMAIL_LIKE = re.compile(r"@|\.(com|org|net|ca|in|ph|ng|ir)\b", re.I)
_RESERVED = {
    "admin",
    "staff",
    "peerline",
    "leader",
    "moderator",
    "support",
    "deleted",
    "anonymous",
    "skip",
    "stop",
    "help",
    "join",
    "yes",
    "no",
}
# A handle that is a command word would be read as the command ("MYDATA" typed at the handle step).
_COMMAND_WORDS = COMMAND_WORDS | {"MORE", "BOARD", "LINK", "STAGE", "ETAPE", "REMINDERS", "DIGEST", "OUI", "NON"}
# Two or three words of letters joined by a space, dot, hyphen or underscore, in any case, look like a real full
# name ("Maria Santos", "maria.santos", "Maria-Santos", "MARIA_SANTOS", "m.santos"): separators and case are
# treated alike. Run-together words ("LabHero") and words with digits ("Maple21") are how nicknames are written.
_NAME_SEPARATORS = re.compile(r"[\s._-]+")
_ADJECTIVES = (
    "Bright",
    "Calm",
    "Kind",
    "Brave",
    "Swift",
    "Clever",
    "Steady",
    "Keen",
    "Gentle",
    "Bold",
    "Quiet",
    "Sunny",
    "Patient",
    "Curious",
    "Careful",
    "Cheerful",
)
_NOUNS = (
    "Pipette",
    "Slide",
    "Culture",
    "Sample",
    "Reagent",
    "Beaker",
    "Buffer",
    "Crystal",
    "Flask",
    "Lens",
    "Assay",
    "Titer",
    "Stain",
    "Smear",
    "Vial",
    "Petri",
)


# Why a handle cannot be used, in the member's language (short: it goes inside one SMS).
_PROBLEMS = {
    "phone": {"en": "it looks like a phone number", "fr": "il ressemble à un numéro de téléphone"},
    "email": {"en": "it looks like an e-mail address", "fr": "il ressemble à une adresse courriel"},
    "name": {
        "en": "it looks like a real full name; choose a nickname (like LabHero)",
        "fr": "il ressemble à un vrai nom complet ; choisissez un pseudo (comme LabHero)",
    },
    "shape": {
        "en": "use 3 to 20 letters or numbers (also . _ -), starting with a letter, no spaces",
        "fr": "utilisez 3 à 20 lettres ou chiffres (et . _ -), en commençant par une lettre, sans espace",
    },
    "reserved": {"en": "that word is reserved", "fr": "ce mot est réservé"},
}


def handle_problem(handle: str, lang: str = "en") -> str | None:
    """Why this handle cannot be used (a short reason the member can act on, in `lang`), or None."""
    problem = _problem(handle)
    if problem is None:
        return None
    return _PROBLEMS[problem].get(lang, _PROBLEMS[problem]["en"])


def _problem(handle: str) -> str | None:
    # The reasons that protect privacy come first: they are what the member must understand.
    if len(_DIGITS.findall(handle)) >= 6:
        return "phone"
    if _EMAIL_LIKE.search(handle):
        return "email"
    if looks_like_full_name(handle):
        return "name"
    if not _SHAPE.match(handle):
        return "shape"
    if handle.lower() in _RESERVED or handle.upper() in _COMMAND_WORDS:
        return "reserved"
    return None


def looks_like_full_name(handle: str) -> bool:
    parts = [part for part in _NAME_SEPARATORS.split(handle.strip()) if part]
    if not 2 <= len(parts) <= 3 or not all(part.isalpha() for part in parts):
        return False
    return sum(len(part) == 1 for part in parts) <= 1  # one initial at most: "m.santos", not "a_b"


def handle_taken(session: Session, handle: str, *, except_member: int | None = None) -> bool:
    query = select(Member.id).where(func.lower(Member.handle) == handle.lower())
    if except_member is not None:
        query = query.where(Member.id != except_member)
    return session.scalar(query) is not None


def random_handle(session: Session, rng: random.Random | None = None) -> str:
    """A friendly unused handle such as "CalmPipette42"."""
    rng = rng or random.SystemRandom()
    while True:
        handle = f"{rng.choice(_ADJECTIVES)}{rng.choice(_NOUNS)}{rng.randint(10, 99)}"
        if not handle_taken(session, handle):
            return handle
