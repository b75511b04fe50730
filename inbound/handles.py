"""Anonymous handles: the member's own choice, checked so it cannot identify or reach them."""

from __future__ import annotations

import random
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
# Two or three capitalised words ("Maria Santos", "Maria.Santos") look like a real full name; run-together or
# underscored words ("LabHero", "Maple_Tech") are how nicknames are usually written, so they pass.
_FULL_NAME = re.compile(r"^[A-Z][a-z]+\.[A-Z][a-z]+$")
_SPACED_NAME = re.compile(r"^[A-Z][a-z]+( [A-Z][a-z]+){1,2}$")
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


def handle_problem(handle: str) -> str | None:
    """Why this handle cannot be used (a short reason the member can act on), or None."""
    # The reasons that protect privacy come first: they are what the member must understand.
    if len(_DIGITS.findall(handle)) >= 6:
        return "it looks like a phone number"
    if _EMAIL_LIKE.search(handle):
        return "it looks like an e-mail address"
    if _FULL_NAME.match(handle) or _SPACED_NAME.match(handle.strip()):
        return "it looks like a real full name; choose a nickname"
    if not _SHAPE.match(handle):
        return "use 3 to 20 letters or numbers (also . _ -), starting with a letter, no spaces"
    if handle.lower() in _RESERVED:
        return "that word is reserved"
    return None


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
