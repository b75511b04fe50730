"""A member's stage on the way to working in a Canadian lab, so a leader knows where they stand.

Set with `STAGE 3`, `STAGE exam`, `ETAPE examen` (or `STAGE` alone for the list); shown in the leader's notice
and in MYDATA. Optional: nobody is asked for it, and `STAGE NONE` clears it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faq_engine.normalise import fold
from inbound.context import Context, Outcome
from inbound.replies import send_message, send_text
from store.models import InboundMessage


@dataclass(frozen=True)
class Stage:
    code: str
    en: str
    fr: str
    words: re.Pattern[str]


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b({pattern})\b")


# In the order of the path; a member's words are tried in this order too, the most specific first ("prior
# learning assessment" is the PLA, not a credential assessment; "looking for work" is the job search).
STAGES: tuple[Stage, ...] = (
    Stage(
        "credentials",
        "credential review",
        "évaluation des diplômes",
        _words(r"credentials?|cred|diplomas?|diplomes?|documents?|assessment|evaluation|reconnaissance|review"),
    ),
    Stage(
        "pla",
        "PLA (prior learning assessment)",
        "EAA (évaluation des acquis)",
        _words(r"pla|prior learning|eaa|acquis"),
    ),
    Stage("exam", "certification exam", "examen de certification", _words(r"exams?|examen|certification")),
    Stage(
        "licence",
        "licence / registration",
        "permis / inscription à l'ordre",
        _words(r"licen[cs]\w*|registration|registered|register|permis|inscription|ordre|cmlto|optmq"),
    ),
    Stage(
        "job_search",
        "job search",
        "recherche d'emploi",
        _words(r"jobs?|job search|looking for|search\w*|hunting|cherche\w*|recherche\w*"),
    ),
    Stage(
        "working", "working in a lab", "en emploi en laboratoire", _words(r"work\w*|employed|hired|travail\w*|emploi")
    ),
)
_BY_CODE = {stage.code: stage for stage in STAGES}
_TRY_ORDER = ("pla", "credentials", "exam", "licence", "job_search", "working")
_CLEAR = {"none", "clear", "aucun", "aucune", "effacer", "rien"}
# "STAGE 3", "etape examen": up to three words; "Stage 2 of the PLA: how long does it take?" is a question.
_COMMAND = re.compile(r"^(stage|etape)(?:\s+([\w'/-]+(?:\s+[\w'/-]+){0,2}))?[.!]?$")

TEXTS = {
    "menu": {
        "en": "Your stage helps leaders answer you{current}. Reply STAGE and a number: {choices}.",
        "fr": "Votre étape aide les pairs à vous répondre{current}. Répondez ÉTAPE et un numéro : {choices}.",
    },
    "current": {"en": " (now: {label})", "fr": " (maintenant : {label})"},
    "set": {
        "en": "Your stage is now: {label}. Leaders see it with your questions (STAGE NONE to clear it).",
        "fr": "Votre étape est maintenant : {label}. Les pairs la voient avec vos questions (ÉTAPE AUCUNE pour "
        "l'effacer).",
    },
    "cleared": {"en": "Your stage is cleared.", "fr": "Votre étape est effacée."},
}


def stage_label(code: str | None, lang: str = "en") -> str | None:
    stage = _BY_CODE.get(code or "")
    if stage is None:
        return None
    return stage.fr if lang == "fr" else stage.en


def parse_stage(text: str) -> str | None:
    """A stage code from "3", "exam", "Examen", "job search", "je cherche un emploi"; "" to clear; None if unclear."""
    words = " ".join(re.sub(r"[^\w' /-]", " ", fold(text)).split())
    if words.isdigit():
        number = int(words)
        return STAGES[number - 1].code if 1 <= number <= len(STAGES) else None
    if words in _CLEAR:
        return ""
    for code in _TRY_ORDER:
        if _BY_CODE[code].words.search(words):
            return code
    return None


def _say(key: str, lang: str, **values: str) -> str:
    texts = TEXTS[key]
    return texts.get(lang, texts["en"]).format(**values)


def stage_command(ctx: Context, msg: InboundMessage, text: str) -> Outcome | None:
    """`STAGE x` sets the member's stage; `STAGE` alone (or a word we do not know) lists the choices.

    None when the message is not this command. In French "stage" is also an internship: "stage clinique" from
    a French-speaking member is a question, not a command they got wrong.
    """
    match = _COMMAND.match(" ".join(fold(text).split()))
    if match is None:
        return None
    keyword, argument = match.group(1), (match.group(2) or "").strip()
    code = parse_stage(argument) if argument else None
    if argument and code is None and keyword == "stage" and ctx.lang == "fr":
        return None
    member = ctx.member
    if member is None or member.status != "active":
        send_text(ctx, msg, "not_member")
        return Outcome("command", "STAGE (not a member)")
    if code == "":
        member.stage = None
        send_message(ctx, msg, _say("cleared", ctx.lang))
        return Outcome("command", "STAGE (cleared)")
    if code is None:
        label = stage_label(member.stage, ctx.lang)
        choices = ", ".join(
            f"{number} {stage.fr if ctx.lang == 'fr' else stage.en}" for number, stage in enumerate(STAGES, 1)
        )
        current = _say("current", ctx.lang, label=label) if label else ""
        send_message(ctx, msg, _say("menu", ctx.lang, current=current, choices=choices))
        return Outcome("command", "STAGE (choices)" if not argument else "STAGE (not understood)")
    member.stage = code
    send_message(ctx, msg, _say("set", ctx.lang, label=stage_label(code, ctx.lang) or code))
    return Outcome("command", f"STAGE {code}")
