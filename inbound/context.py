"""What every pipeline stage gets: the transaction, the instant, the FAQ engine, and who is writing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from faq_engine import Decision, FaqEngine
from store.models import Contact, InboundMessage, Member


@dataclass(frozen=True)
class Outcome:
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Network:
    """What the messages need to know about this installation."""

    name: str
    mail_domain: str
    public_url: str
    terms_version: str  # of the terms page (digest.web.TERMS_VERSION): what a consent records
    secret_key: str = ""
    token_ttl_days: int = 60
    # A leader is expected to answer within this; reminded then, the question moves on this long after the reminder.
    escalate_after_hours: float = 48.0
    # Builds a member's sign-in link to the board (the digest package owns the token format).
    board_link: Callable[[int, datetime], str] | None = None

    @property
    def ask_address(self) -> str:
        return f"ask@{self.mail_domain}"

    @property
    def terms_url(self) -> str:
        return f"{self.public_url}/terms"

    def terms_url_in(self, lang: str) -> str:
        """The terms page in that language: the same terms and version, `/terms/fr` in French."""
        return f"{self.terms_url}/fr" if lang == "fr" else self.terms_url

    def answer_wait_in(self, lang: str) -> str:
        """Roughly when a member can expect an answer ("2 days"), from PEERLINE_ESCALATE_AFTER."""
        return duration_words(self.escalate_after_hours, lang)


_UNITS = {
    "en": {"day": ("day", "days"), "hour": ("hour", "hours"), "minute": ("minute", "minutes")},
    "fr": {"day": ("jour", "jours"), "hour": ("heure", "heures"), "minute": ("minute", "minutes")},
}


def duration_words(hours: float, lang: str = "en") -> str:
    """A duration as people say it: "2 days" from 36 hours on, "6 hours", "45 minutes" (or in French)."""
    if hours >= 36:
        count, unit = round(hours / 24), "day"
    elif hours >= 1:
        count, unit = round(hours), "hour"
    else:
        count, unit = max(1, round(hours * 60)), "minute"
    one, many = _UNITS.get(lang, _UNITS["en"])[unit]
    return f"{count} {one if count == 1 else many}"


@dataclass
class Context:
    session: Session
    now: datetime
    faq: FaqEngine
    network: Network
    contact: Contact | None = None
    member: Member | None = None
    trail: list[str] = field(default_factory=list)
    # The language of the message itself, for someone who has not chosen one (no member yet).
    message_lang: str | None = None
    # A question asked half-way through joining, left to the later stages: the step is asked again after.
    joining_interrupted: bool = False
    _decision: Decision | None = None

    @property
    def lang(self) -> str:
        """The member's chosen language; for anyone else, the language they wrote in (English by default)."""
        if self.member is not None:
            return self.member.lang
        return self.message_lang or "en"

    def decision_for(self, msg: InboundMessage) -> Decision:
        """The FAQ engine's decision, computed once per message and shared by the stages."""
        if self._decision is None:
            from inbound.text_of import question_text

            province = self.member.province if self.member is not None else None
            if province == "ABROAD":
                province = None
            channel = "email" if msg.channel == "email" else "sms"
            self._decision = self.faq.decide(question_text(msg), province=province, channel=channel)
        return self._decision


Stage = Callable[[InboundMessage, Context], Outcome | None]
