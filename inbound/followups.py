"""Conversations after routing: a member's follow-up goes to the same leader; a leader's auto-reply or
bounce hands the question on at once; "NO" after an FAQ answer asks a person instead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from inbound.context import Context, Outcome
from inbound.leader_reply import pass_on, token_recipient
from inbound.mime import parse_email, parse_message
from inbound.replies import send_text
from inbound.reply_text import extract_reply
from inbound.routing import send_leader_notice
from inbound.text_of import clean_subject, question_text
from inbound.texts import say
from inbound.tokens import check_token
from store.models import Assignment, FollowUp, InboundMessage, Leader, Member, Question

_NO = {"no", "n", "non", "nope", "not really", "no it didn't", "no thanks", "didn't help", "not helpful"}


def is_no(text: str) -> bool:
    return " ".join(text.lower().strip().strip(".!").split()) in _NO


# A reply to an FAQ answer e-mail saying it did not help ("No, this did not answer my question", "that doesn't
# help", "non, ça ne répond pas à ma question"), as its first sentence; anything after it is extra detail.
_APOS = r"['’]"
_NOT_IT = re.compile(
    r"^(?:(?:no|non|nope|nah)\b[\s,.!:;-]*)?"
    r"(?:(?:it|this|that|ça|ca|cela|votre réponse|your answer|the answer)\s+)?"
    rf"(?:(?:did|does|do|has|have|was|is)\s*(?:not|n{_APOS}t)|didnt|doesnt|dont|isnt|wasnt"
    rf"|ne\s+(?:m{_APOS})?|n{_APOS})"
    r"[^.!?\n]{0,80}?\b(?:answer|help|helpful|useful|répond|repond|aid|aidé|aide|réponse|utile)",
    re.I,
)
_TAIL = re.compile(
    r"^\w*[\s,]*(?:(?:to|at all|really|much|me|pas|à|a|du tout)\b[\s,]*)*(?:(?:my|the|ma|la|votre)\s+)?"
    r"(?:questions?)?[\s.!?]*",
    re.I,
)
# "Not what I was looking for", "That's not my question", "Wrong answer", "Ce n'est pas ce que je cherchais"
_NOT_WHAT = re.compile(
    rf"^(?:(?:no|non|nope)\b[\s,.!:;-]*)?(?:(?:it|that|this)(?:{_APOS}s|\s+is|\s+was)\s+|c{_APOS}est\s+|ce\s+n{_APOS}est\s+)?"
    r"(?:not|pas)\s+(?:what\s+i\b|ce\s+que\s+je\b|my\s+question|ma\s+question|the\s+answer|la\s+(?:bonne\s+)?réponse)"
    r"|^(?:wrong|bad)\s+answer|^(?:mauvaise|pas\s+la\s+bonne)\s+réponse",
    re.I,
)
_BARE_NO = re.compile(r"^(?:no|non|nope|nah|not really|no thanks|non merci)\b", re.I)


def turned_down(reply: str) -> str | None:
    """The member's extra details when a reply says the FAQ answer did not help ("" if none), else None.

    "No" alone, or a first sentence saying it did not answer/help; what follows that sentence (or the rest of a
    "No, …" line that is not such a sentence: "No, I need the CELBAN dates") is the member's own text.
    """
    text = " ".join(reply.split())
    if not text:
        return None
    if is_no(text):
        return ""
    first = re.match(r"[^.!?]*[.!?]*", text)
    sentence = first.group(0) if first else text
    rest = text[len(sentence) :].strip()
    if (found := _NOT_IT.search(sentence) or _NOT_WHAT.search(sentence)) is not None:
        tail = _TAIL.sub("", sentence[found.end() :])
        # "… did not answer my question about the Alberta bridging program": that sentence is a detail too
        return " ".join(t for t in (sentence if len(tail.split()) >= 2 else "", rest) if t)
    if _BARE_NO.match(text):
        return re.sub(r"^\w+(?:\s+\w+)?[\s,.!:;-]*", "", text, count=1) if not is_no(sentence) else rest
    return None


def email_turn_down(msg: InboundMessage, ctx: Context) -> str | None:
    """An e-mail reply to our FAQ answer (threaded to one of our messages, or "Re: …") saying it did not help:
    the member's extra details ("" if none), else None. Quoted history is left out (inbound.reply_text)."""
    if msg.channel != "email":
        return None
    referenced = [str(msg.meta.get("in_reply_to", "")), *map(str, msg.meta.get("references", []))]
    ours = "@" + ctx.network.mail_domain.lower() + ">"
    threaded = any(r.lower().startswith("<outbox.") and r.lower().endswith(ours) for r in referenced)
    if not (threaded or clean_subject(msg.subject) != (msg.subject or "").strip()):
        return None
    parsed = parse_email(msg.raw) if msg.raw is not None else None
    reply = extract_reply(parsed.full_text, html=parsed.html) if parsed is not None else msg.body
    return turned_down(reply or msg.body)


def _notice_ids_in(raw: bytes, domain: str) -> set[str]:
    """Our outbox Message-IDs quoted anywhere in a message (In-Reply-To, a DSN's returned headers...),
    looking inside encoded parts too: bounces often return the original headers base64-encoded."""
    pattern = re.compile(rb"<outbox\.\d+\.\d+@" + re.escape(domain.encode()) + rb">", re.I)
    chunks = [raw]
    for part in parse_message(raw).walk():
        if not part.is_multipart():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                chunks.append(payload)
    return {m.decode() for chunk in chunks for m in pattern.findall(chunk)}


def assignment_for_automatic(msg: InboundMessage, ctx: Context) -> Assignment | None:
    """The open leader turn an auto-reply or bounce is about, found by its token or a quoted notice id."""
    token = token_recipient(msg)
    if token is not None:
        check = check_token(ctx.network.secret_key, token, ctx.now, ctx.network.token_ttl_days)
        return ctx.session.get(Assignment, check.assignment_id) if check is not None else None
    quoted = _notice_ids_in(msg.raw or b"", ctx.network.mail_domain)
    msg.meta = {**msg.meta, "quoted_notices": sorted(quoted)}  # DELETE finds mail about a question by these
    if not quoted:
        return None
    for assignment in ctx.session.scalars(select(Assignment).where(Assignment.status == "open")):
        if quoted & set(assignment.notice_ids):
            return assignment
    return None


_BOUNCE_REASONS = {"null-sender", "delivery-report", "daemon-sender"}
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status|failure|has failed)|mail delivery|returned mail|failure notice|non remis", re.I
)


def is_bounce(msg: InboundMessage, reason: str) -> bool:
    """A bounce (the address does not work) rather than an out-of-office (the person is away)."""
    return reason in _BOUNCE_REASONS or bool(_BOUNCE_SUBJECT.search(msg.subject or ""))


def reroute_after_automatic(msg: InboundMessage, ctx: Context, reason: str) -> Outcome:
    """An out-of-office or a bounce is never an answer: the question moves on at once, and is not sent back to
    that leader for now (a bounce: never), or an auto-reply and our re-sent notice could feed a loop."""
    assignment = assignment_for_automatic(msg, ctx)
    if assignment is None or assignment.status != "open":
        return Outcome("ignored", f"automatic: {reason}")
    question = ctx.session.get_one(Question, assignment.question_id)
    ended = "bounced" if is_bounce(msg, reason) else "away"
    pass_on(ctx.session, assignment, question, network=ctx.network, now=ctx.now, reason=ended, faq=ctx.faq)
    return Outcome("ignored", f"automatic: {reason}; question {question.id} re-routed ({ended})")


def _thread_question(msg: InboundMessage, ctx: Context) -> Question | None:
    member = ctx.member
    if member is None or member.status != "active":
        return None
    if msg.channel == "email":
        referenced = {str(msg.meta.get("in_reply_to", ""))} | set(msg.meta.get("references", []))
        referenced.discard("")
        if not referenced:
            return None
        for question in ctx.session.scalars(
            select(Question).where(Question.member_id == member.id, Question.status.in_(["routed", "answered"]))
        ):
            if referenced & {str(t) for t in question.thread_ids[1:]}:  # [0] is their own first message
                return question
        return None
    window = thread_window(ctx.contact.pending if ctx.contact is not None else {}, ctx.now)
    return ctx.session.get(Question, int(window["question_id"])) if window is not None else None


def thread_window(pending: dict[str, Any] | None, now: datetime) -> dict[str, Any] | None:
    """The member's open SMS conversation with a leader, `{"question_id", "expires"}`, or None.

    A leader's answer by SMS opens it (`pending` of kind "thread"); an FAQ answer or numbered choices sent
    while it is open carry it along (under "thread"), so the conversation is not lost to the FAQ.
    """
    pending = pending or {}
    window = pending if pending.get("kind") == "thread" else pending.get("thread")
    if not isinstance(window, dict) or "question_id" not in window or "expires" not in window:
        return None
    if datetime.fromisoformat(str(window["expires"])) <= now:
        return None
    return {"question_id": int(window["question_id"]), "expires": str(window["expires"])}


def leader_hint(ctx: Context, msg: InboundMessage) -> str | None:
    """For an FAQ answer by SMS during a conversation with a leader: how to send it to that leader instead."""
    member = ctx.member
    if msg.channel != "sms" or member is None or member.status != "active" or ctx.contact is None:
        return None
    if thread_window(ctx.contact.pending, ctx.now) is None:
        return None
    return say("faq_not_it_leader", ctx.lang)


def carry_window(pending: dict[str, Any], window: dict[str, Any] | None) -> dict[str, Any]:
    """`pending` (an FAQ answer or choices to remember) keeping the conversation window open as long as
    either lasts."""
    if window is None:
        return pending
    expires = max(str(pending["expires"]), window["expires"], key=datetime.fromisoformat)
    return {**pending, "thread": window, "expires": expires}


def follow_up(
    ctx: Context, msg: InboundMessage, question: Question, *, text: str | None = None, declined: Sequence[str] = ()
) -> Outcome:
    """Send the member's follow-up to the leader who answered (or holds) the question.

    `text`: what they said, when it is not this message (their message the FAQ answered, after "NO");
    `declined`: FAQ entries they were shown meanwhile and turned down, listed for the leader as such.
    """
    assignment = ctx.session.scalars(
        select(Assignment)
        .where(Assignment.question_id == question.id, Assignment.status.in_(["open", "answered"]))
        .order_by(Assignment.id.desc())
    ).first()
    leader = ctx.session.get(Leader, assignment.leader_id) if assignment is not None else None
    member = ctx.session.get(Member, question.member_id) if question.member_id is not None else None
    text = (question_text(msg) if text is None else text).strip()
    if declined:
        question.declined = list(dict.fromkeys([*question.declined, *declined]))
    said = FollowUp(question_id=question.id, inbound_id=msg.id, text=text, created_at=ctx.now)
    same_leader = assignment is not None and leader is not None and not leader.paused
    if assignment is None or not same_leader:
        from inbound.routing import route_question

        # A new leader gets the whole conversation, this follow-up included.
        ctx.session.add(said)
        route_question(ctx.session, question, member, network=ctx.network, now=ctx.now, faq=ctx.faq)
    else:
        question.status = "routed"
        assignment.status = "open"
        assignment.assigned_at = ctx.now
        assignment.reminded_at = None
        send_leader_notice(
            ctx.session,
            assignment,
            question,
            member,
            network=ctx.network,
            now=ctx.now,
            faq=ctx.faq,
            template="leader_question",
            follow_up=text,
        )
        ctx.session.add(said)  # after the notice: it shows this one apart from the conversation so far
    if msg.channel == "email" and msg.meta.get("message_id"):
        question.thread_ids = [*question.thread_ids, msg.meta["message_id"]]
    send_text(ctx, msg, "follow_up_sent" if same_leader else "follow_up_rerouted")
    return Outcome("follow_up", f"question {question.id}")


def continue_thread(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """An e-mail that replies to an answer we delivered continues that conversation."""
    if msg.channel != "email":
        return None
    question = _thread_question(msg, ctx)
    return follow_up(ctx, msg, question) if question is not None else None


# Off-topic only because nothing matched and no word of the profession appears: in a conversation that is
# how a follow-up looks ("Is it prorated if I leave after a year?"). Greetings, thanks, spam stay off-topic.
_UNMATCHED = ("no_match", "low_score")


def sms_follow_up(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """By SMS, a message soon after an answer goes to the same leader, unless the FAQ answers it (or offers
    choices) or it is plainly not a question (thanks, hello)."""
    if msg.channel != "sms":
        return None
    question = _thread_question(msg, ctx)
    if question is None:
        return None
    if asks_about_the_leader(question_text(msg)):
        return follow_up(ctx, msg, question)  # "did you…": for the leader, whatever the FAQ would say
    decision = ctx.decision_for(msg)
    if decision.decision in ("answer", "suggest") or (
        decision.decision == "offtopic" and decision.reason not in _UNMATCHED
    ):
        return None
    return follow_up(ctx, msg, question)


# A question to the leader about their own experience, by its kind: "you" in the past ("did you…", "have you
# done…", "were you…", "how long did it take you…") or named as theirs ("in your experience", "you yourself").
# Not the generic "you" of ordinary questions ("do you need a PLA?", "how do you apply?", "can you tell me…"):
# the FAQ answers those, and leaders have about an hour a week.
_YOU = r"(?:you|u|ya)"
_ABOUT_THE_LEADER = re.compile(
    rf"\b(?:did|have|had|were|was) {_YOU}\b"
    rf"|\bdid it (?:take|cost) {_YOU}\b|\b(?:took|cost) {_YOU}\b"
    rf"|\bwas it \w+(?: \w+)? for {_YOU}\b"
    rf"|\byour (?:own )?experience\b|\bin your case\b|\b{_YOU} (?:yourself|personally)\b"
    r"|\b(?:as|avais|[ée]tais)[- ]tu\b|\b(?:[ée]tiez)[- ]vous\b"
    r"|\b(?:avez|aviez)[- ]vous (?:fait|eu|d[uû]|pu|pass[ée]|travaill[ée]|suivi|r[ée]ussi|attendu|trouv[ée]|pris"
    r"|[ée]t[ée]|commenc[ée]|fini|termin[ée]|[ée]crit|obtenu|re[çc]u|choisi|v[ée]cu)\b"
    r"|\b(?:vous a|t['’]a) (?:pris|co[uû]t[ée])\b"
    r"|\bvotre exp[ée]rience\b|\bdans votre cas\b|\b(?:vous|toi)[- ]m[êe]me\b",
    re.I,
)


def asks_about_the_leader(text: str) -> bool:
    """A second-person question about the leader's own experience ("Did you do it while working nights?")."""
    return bool(_ABOUT_THE_LEADER.search(" ".join(text.split())))
