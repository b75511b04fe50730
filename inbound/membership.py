"""Joining: province, anonymous handle, terms. Each step re-asks clearly and can be resumed later."""

from __future__ import annotations

import re

from faq_engine.guards import province_code, provinces_mentioned
from inbound.context import Context, Outcome
from inbound.handles import handle_problem, handle_taken, random_handle
from inbound.replies import send_text
from inbound.routing import release_held_questions
from inbound.text_of import question_text
from inbound.texts import say
from store.models import Consent, InboundMessage, Member

ABROAD = "ABROAD"
# Common written abbreviations that are not the official two-letter codes.
_ABBREVIATIONS = {
    "ont": "ON",
    "alta": "AB",
    "alb": "AB",
    "sask": "SK",
    "man": "MB",
    "que": "QC",
    "nfld": "NL",
    "pei": "PE",
    "ipe": "PE",
    "nwt": "NT",
    "tno": "NT",
    "yuk": "YT",
    "nun": "NU",
}
_ABROAD_WORDS = re.compile(
    r"^(abroad|outside( of)?( canada)?|overseas|not (yet )?in canada|a l'?etranger|etranger|hors du canada)\b",
    re.I,
)
_MOVING_TO = re.compile(r"^(to|in|going to|moving to|plan(ning)? to (go|move) to|vers|au|a)\s+", re.I)
# Terms: a short message made only of these words, with at least one that says yes and none that says no.
_YES_WORDS = frozenset(
    {"yes", "y", "yeah", "yea", "yep", "yup", "ok", "okay", "k", "oui", "o", "ouais", "sure", "agree", "agreed",
     "accept", "accepted", "daccord", "jaccepte", "accepte", "absolutely", "certainly", "definitely", "sounds",
     "good", "fine", "great", "perfect", "done"}
)  # fmt: skip
_YES_FILLER = frozenset(
    {"i", "i'm", "im", "do", "to", "the", "terms", "conditions", "les", "je", "j", "please", "pls", "thanks",
     "thank", "you", "merci", "of", "course", "it", "that", "this", "all", "and", "et", "bien", "sur", "read",
     "have", "ve", "vous", "tout", "a", "with", "them"}
)  # fmt: skip
_NO_WORDS = frozenset({"no", "not", "non", "nope", "nah", "never", "dont", "don't", "pas", "refuse", "decline", "n't"})
_SKIP = {"skip", "random", "passer", "aleatoire"}
JOIN_STEPS = ("province", "handle", "terms")
_HANDLE_SHAPED = re.compile(r"[\w.-]{1,40}")  # one word a nickname could be made of (it may still be refused)
_SEVERAL_WORDS = 5  # no answer to a step is this long ("abroad, moving to Alberta" is parsed before)


def parse_province(text: str) -> tuple[str, str | None] | None:
    """("ON", None), ("ABROAD", "AB") or ("ABROAD", None) from what a member typed; None if unclear."""
    cleaned = " ".join(text.strip().strip(".!").split())
    if cleaned.lower().startswith(("province ", "prov ")):
        cleaned = cleaned.split(None, 1)[1]
    abroad = _ABROAD_WORDS.match(cleaned)
    if abroad:
        rest = _MOVING_TO.sub("", cleaned[abroad.end() :].strip(" ,;:-()"))
        return ABROAD, (one_province(rest) if rest else None)
    code = one_province(cleaned)
    return (code, None) if code else None


def province_words(province: str | None, planned: str | None, lang: str) -> str:
    """How a member's province reads in a message: "ON", "abroad, moving to AB", "abroad"."""
    if province != ABROAD:
        return province or "-"
    return say("abroad_moving", lang, planned=planned) if planned else say("abroad", lang)


def one_province(text: str) -> str | None:
    """A two-letter code from "on", "Ontario", "ont." and the like; None if it is not one province."""
    text = text.strip().strip(".!,()")
    if not text:
        return None
    code = province_code(text)
    if code:
        return code
    key = text.lower().rstrip(".").replace("é", "e").replace("è", "e")
    return _ABBREVIATIONS.get(key)


def _words_of(text: str) -> list[str]:
    folded = text.lower().replace("’", "'").replace("d'accord", "daccord").replace("j'accepte", "jaccepte")
    words = re.findall(r"[a-z']+", folded.replace("é", "e").replace("û", "u"))
    return [w.strip("'") for w in words if w.strip("'")]


def _is_no(text: str) -> bool:
    """A short refusal ("no", "No, I do not accept", "not yet"), not a question."""
    words = _words_of(text)
    return "?" not in text and 0 < len(words) <= 8 and any(w in _NO_WORDS or w.endswith("n't") for w in words)


def is_yes(text: str) -> bool:
    """"YES", "y", "Yes, I accept", "oui, j'accepte", "OK!", "I agree to the terms" — never anything with a no."""
    words = _words_of(text)
    if not words or len(words) > 10 or any(w in _NO_WORDS or w.endswith("n't") for w in words):
        return False
    return any(w in _YES_WORDS for w in words) and all(w in _YES_WORDS or w in _YES_FILLER for w in words)


def begin_joining(ctx: Context, msg: InboundMessage, *, ask: bool = True) -> Member:
    """Create the joining member for this contact (or return the one already joining) and ask its step."""
    assert ctx.contact is not None
    member = ctx.member
    if member is None:
        member = Member(
            status="joining",
            join_step="province",
            lang=ctx.lang,
            created_at=ctx.now,
            reminders_off=False,
            digest_off=False,
        )
        ctx.session.add(member)
        ctx.session.flush()
        ctx.contact.member_id = member.id
        ctx.member = member
    if ask:
        ask_current_step(ctx, msg, member)
    return member


def ask_current_step(ctx: Context, msg: InboundMessage, member: Member) -> None:
    step = member.join_step or "province"
    send_text(ctx, msg, {"province": "ask_province", "handle": "ask_handle", "terms": "ask_terms"}[step])


def continue_joining(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """A member part-way through joining: this message answers the step we asked — unless it clearly does not.

    A message that is no answer to the step but a question (a question mark, several words, or something the
    FAQ engine answers or routes) is never read as a province, nickname or refusal: it passes on to the later
    stages, which answer it or keep it for a leader (routed the moment joining finishes), and the step is then
    asked again briefly (`remind_step`).
    """
    member = ctx.member
    if member is None or member.status != "joining" or member.join_step not in JOIN_STEPS:
        return None
    text = msg.body if msg.channel == "sms" else _first_line(msg)
    if member.join_step == "province":
        parsed = parse_province(text) or _province_in_a_sentence(text)
        if parsed is not None:
            member.province, member.planned_province = parsed
            member.join_step = "handle"
            send_text(ctx, msg, "ask_handle")
            return Outcome("joining", f"province {member.province}")
        problem = "province_again"
    elif member.join_step == "handle":
        wanted = _wanted_handle(text)
        if wanted.lower() in _SKIP or handle_problem(wanted) is None:
            return _handle_step(ctx, msg, member, wanted)
        problem = "handle_bad"
    else:
        if is_yes(text):
            return finish_joining(ctx, msg, member)
        problem = "terms_again"
        if _is_no(text):  # "No, I do not accept" answers the step: it is no question
            send_text(ctx, msg, problem)
            return Outcome("joining", "terms refused")
    if problem == "handle_bad" and _HANDLE_SHAPED.fullmatch(text.strip()):
        # One word of nickname characters is a nickname we must explain, even when the FAQ finds something in
        # it ("Tomas_Lab" is refused as a full name, not answered about labs).
        return _handle_step(ctx, msg, member, _wanted_handle(text))
    if is_a_question(ctx, msg):
        ctx.joining_interrupted = True
        return None
    if problem == "handle_bad":
        return _handle_step(ctx, msg, member, _wanted_handle(text))
    send_text(ctx, msg, problem)
    return Outcome("joining", f"{member.join_step} not understood")


def is_a_question(ctx: Context, msg: InboundMessage) -> bool:
    """Clearly not a one-word answer to a joining step: a question mark, several words, or a known question."""
    whole = question_text(msg)
    words = len(whole.split())
    if "?" in whole or words >= _SEVERAL_WORDS:
        return True
    decision = ctx.decision_for(msg)
    if decision.decision in ("answer", "exam_flag"):
        return True
    return decision.decision in ("route", "suggest") and words >= 3


def remind_step(ctx: Context, msg: InboundMessage) -> None:
    """After answering a question asked half-way through joining: the pending step, briefly."""
    member = ctx.member
    if member is not None and member.status == "joining" and member.join_step in JOIN_STEPS:
        send_text(ctx, msg, f"still_{member.join_step}")


def _province_in_a_sentence(text: str) -> tuple[str, str | None] | None:
    """"I live in Ontario", "je suis au Québec": one province named in a short statement."""
    if "?" in text or len(text.split()) > 8:
        return None
    mentioned = provinces_mentioned(text)
    return (mentioned[0], None) if len(mentioned) == 1 else None


def _wanted_handle(text: str) -> str:
    wanted = text.strip().strip(".!").strip()
    if wanted.lower().startswith(("name ", "nom ")):
        wanted = wanted.split(None, 1)[1].strip()
    return wanted


def _first_line(msg: InboundMessage) -> str:
    for line in msg.body.splitlines():
        if line.strip():
            return line.strip()
    return msg.subject


def _handle_step(ctx: Context, msg: InboundMessage, member: Member, wanted: str) -> Outcome:
    if wanted.lower() in _SKIP:
        wanted = random_handle(ctx.session)
    problem = handle_problem(wanted, ctx.lang)
    if problem is not None:
        send_text(ctx, msg, "handle_bad", reason=problem)
        return Outcome("joining", "handle refused")
    if handle_taken(ctx.session, wanted, except_member=member.id):
        send_text(ctx, msg, "handle_taken", handle=wanted)
        return Outcome("joining", "handle taken")
    member.handle = wanted
    member.join_step = "terms"
    send_text(ctx, msg, "ask_terms")
    return Outcome("joining", "handle chosen")


def finish_joining(ctx: Context, msg: InboundMessage, member: Member) -> Outcome:
    """Terms accepted: record consent, activate, and route whatever question was held meanwhile."""
    ctx.session.add(
        Consent(
            member_id=member.id,
            terms_version=ctx.network.terms_version,
            channel=msg.channel,
            accepted_at=ctx.now,
            wording=say("ask_terms", member.lang, terms_url=ctx.network.terms_url_in(member.lang)),
        )
    )
    member.status = "active"
    member.join_step = None
    member.joined_at = ctx.now
    held, reached = release_held_questions(ctx, member)
    if held and reached:
        send_text(ctx, msg, "joined_with_question", handle=member.handle, wait=ctx.network.answer_wait_in(member.lang))
    elif held:
        send_text(ctx, msg, "joined_question_waiting", handle=member.handle)
    else:
        send_text(ctx, msg, "joined", handle=member.handle)
    return Outcome("joined", f"{held} held question(s) released")
