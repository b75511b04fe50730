"""Carrier keywords and member commands: STOP/START/HELP, NAME, PROVINCE, MYDATA, DELETE, LANG, LINK, MORE."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from faq_engine.guards import Command, detect_command
from inbound.choices import answer_choice, choice_number, route_turned_down
from inbound.contacts import canonical_address, find_contact, find_or_create_contact
from inbound.context import Context, Outcome
from inbound.erase import ERASURE_CONFIRM, erase_member, member_data
from inbound.followups import email_turn_down, is_no
from inbound.handles import handle_problem, handle_taken
from inbound.join_words import join_request
from inbound.membership import ask_current_step, begin_joining, one_province, parse_province, province_words
from inbound.replies import send_text
from inbound.stages import stage_command, stage_label
from inbound.stop_words import stop_request
from inbound.text_of import clean_subject, command_text
from inbound.texts import say
from outbound.more import enqueue_more
from outbound.outbox import enqueue_email, enqueue_sms
from store.models import InboundMessage, Member

# Carrier keywords: case-insensitive and alone on the message (CTIA / Twilio Advanced Opt-Out).
OPT_OUT_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT"}
OPT_IN_WORDS = {"START", "UNSTOP", "YES"}
HELP_WORDS = {"HELP", "INFO", "AIDE"}
# The keyword forms; plain words ("stop the reminders", "plus de rappels svp") are inbound.stop_words'.
_REMINDERS = re.compile(r"^(reminders?|rappels?)\s+(off|on)$", re.I)
_DIGEST = re.compile(r"^(digest|r[ée]sum[ée])\s+(off|on)$", re.I)
_LINK = re.compile(r"^link\s+(\S.{0,40})$", re.I)
_LINK_TTL = timedelta(hours=1)
_LINK_TRIES = 5
_LOOSE_COMMAND = re.compile(r"^(name|nom|province|prov|lang|langue)\s+(\S.{0,40})$", re.I)
_LOOSE_KEYWORDS = {
    "NAME": "NAME",
    "NOM": "NAME",
    "PROVINCE": "PROVINCE",
    "PROV": "PROVINCE",
    "LANG": "LANG",
    "LANGUE": "LANG",
}
_PENDING_TTL = timedelta(hours=24)


def _word(text: str) -> str:
    return " ".join(text.strip().strip(".!").split()).upper()


def carrier_keywords(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """STOP, START and HELP, before anything else; an opted-out contact gets nothing but an opt-in.

    Plain words count too ("please stop texting me", "ne m'envoyez plus de messages"), on both channels; a
    plain-words request naming reminders or the digest turns off just that.
    """
    contact = ctx.contact
    if contact is None:
        return None
    text = command_text(msg)
    word = _word(text)
    if msg.channel == "email" and not word:
        word = _word(clean_subject(msg.subject))
    request = None
    if word not in OPT_OUT_WORDS | OPT_IN_WORDS | HELP_WORDS:
        request = stop_request(text)
        if request is None and msg.channel == "email":
            request = stop_request(clean_subject(msg.subject))
    if word in OPT_OUT_WORDS or request == "all":
        return opt_out(ctx, msg)
    if word in HELP_WORDS:
        send_text(ctx, msg, "help", kind="carrier_help")
        return Outcome("command", "HELP")
    if contact.opted_out:
        if word in OPT_IN_WORDS:
            contact.opted_out = False
            contact.updated_at = ctx.now
            send_text(ctx, msg, "opted_in")
            return Outcome("opted_in")
        if msg.channel == "sms":
            return Outcome("ignored", "number opted out (STOP)")
        # An unsubscribed e-mail address only stops mail we send on our own: what they ask is still answered.
    if request in ("reminders", "digest"):
        return _toggle(ctx, msg, request, turn_off=True)
    return None


def opt_out(ctx: Context, msg: InboundMessage) -> Outcome:
    """Opt the contact out with one confirmation; a contact already opted out gets nothing more."""
    assert ctx.contact is not None
    if ctx.contact.opted_out:
        return Outcome("ignored", f"already opted out ({msg.channel})")
    ctx.contact.opted_out = True
    ctx.contact.pending = {}
    ctx.contact.updated_at = ctx.now
    send_text(ctx, msg, "opted_out", kind="optout_confirm")
    return Outcome("opted_out", msg.channel)


def _pending_valid(pending: dict[str, Any], now: datetime) -> bool:
    expires = pending.get("expires")
    return bool(expires) and datetime.fromisoformat(str(expires)) > now


def set_pending(ctx: Context, kind: str, **values: Any) -> None:
    assert ctx.contact is not None
    ctx.contact.pending = {"kind": kind, "expires": (ctx.now + _PENDING_TTL).isoformat(), **values}


def run_command(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """A message that is a command rather than a question."""
    text = command_text(msg)
    if msg.channel == "email" and detect_command(text) is None:
        # The subject is the command when the body is not one ("JOIN" above "Hello, I'd like to join"); the
        # body wins when it is ("join" above "JOIN ON" is JOIN ON). A JOIN subject never restarts a joining
        # already under way: by then it is only the subject of the thread, and the body answers the step.
        subject_command = detect_command(clean_subject(msg.subject))
        joining = ctx.member is not None and ctx.member.status == "joining"
        if (
            subject_command is not None
            and subject_command.keyword != "CHOICE"
            and not (joining and subject_command.keyword in ("JOIN", "START"))
        ):
            text = clean_subject(msg.subject)
    if (outcome := _toggles(ctx, msg, text)) is not None:
        return outcome
    if (outcome := stage_command(ctx, msg, text)) is not None:
        return outcome
    if (link := _LINK.match(text)) is not None:
        return _link(ctx, msg, link.group(1))
    if _word(text) == "MORE":
        more = enqueue_more(ctx.session, to=msg.sender, now=ctx.now, inbound_id=msg.id)
        if more is None:
            send_text(ctx, msg, "more_none")
        return Outcome("command", "MORE")
    if _word(text) == "BOARD":
        return _board_link(ctx, msg)
    if _word(text) in ("HELLO", "BONJOUR"):  # a greeting alone is how many people start
        return _dispatch(ctx, msg, "JOIN", None)
    if _wish_to_join(msg, text):
        # "I want to join", "je veux rejoindre le réseau": the JOIN keyword in plain words, never a question.
        return _dispatch(ctx, msg, "JOIN", None)
    command = detect_command(text)
    if command is None and (loose := _LOOSE_COMMAND.match(text.strip())) is not None:
        # "PROVINCE Ontaro", "NAME x": clearly a command, with an argument we must explain, not a question.
        command = Command(_LOOSE_KEYWORDS[loose.group(1).upper()], loose.group(2).strip())
    if command is None:
        decision = ctx.decision_for(msg)
        if decision.decision != "command" or decision.command is None:
            return None
        keyword, argument = decision.command, decision.argument
    else:
        keyword, argument = command.keyword, command.argument
    return _dispatch(ctx, msg, keyword, argument)


def _wish_to_join(msg: InboundMessage, text: str) -> bool:
    """A wish to join in plain words: the whole SMS; by e-mail the first line, or the first two ("Hello," then
    "I would like to join the network."), a signature below, but no question after it (that one is kept)."""
    if msg.channel != "email" or not msg.body.strip():
        return join_request(text)
    lines = [line.strip() for line in msg.body.splitlines() if line.strip()]
    for count in (1, 2):
        if join_request(" ".join(lines[:count])):
            return not any("?" in line for line in lines[count:])
    return False


def _dispatch(ctx: Context, msg: InboundMessage, keyword: str, argument: str | None) -> Outcome | None:
    member = ctx.member
    if keyword == "STOP":
        return opt_out(ctx, msg)
    if keyword == "HELP":
        send_text(ctx, msg, "help")
        return Outcome("command", "HELP")
    if keyword in ("JOIN", "START"):
        if member is not None and member.status == "active":
            send_text(ctx, msg, "already_member", handle=member.handle)
            return Outcome("command", "JOIN")
        parsed = parse_province(argument) if argument else None
        joining = begin_joining(ctx, msg, ask=parsed is None)
        if parsed is not None and joining.join_step == "province":
            # "JOIN ON" answers the first step at once.
            joining.province, joining.planned_province = parsed
            joining.join_step = "handle"
            send_text(ctx, msg, "ask_handle")
        elif parsed is not None:
            ask_current_step(ctx, msg, joining)
        return Outcome("joining", "started")
    if keyword == "CHOICE":
        return None  # numeric replies are answered by continue_pending
    if member is None or member.status != "active":
        if keyword in ("NAME", "PROVINCE", "MYDATA", "DELETE", "LANG"):
            send_text(ctx, msg, "not_member")
            return Outcome("command", f"{keyword} (not a member)")
        return None
    if keyword == "NAME" and argument:
        problem = handle_problem(argument, ctx.lang)
        if problem is not None:
            send_text(ctx, msg, "name_bad", reason=problem)
        elif handle_taken(ctx.session, argument, except_member=member.id):
            send_text(ctx, msg, "name_taken", handle=argument)
        else:
            member.handle = argument
            send_text(ctx, msg, "name_changed", handle=argument)
        return Outcome("command", "NAME")
    if keyword == "PROVINCE" and argument:
        parsed = parse_province(argument) or ((code, None) if (code := one_province(argument)) else None)
        if parsed is None:
            send_text(ctx, msg, "province_again")
        else:
            member.province, member.planned_province = parsed
            where = province_words(member.province, member.planned_province, ctx.lang)
            send_text(ctx, msg, "province_changed", province=where)
        return Outcome("command", "PROVINCE")
    if keyword == "LANG" and argument:
        if argument.upper() not in ("FR", "EN", "FRENCH", "ENGLISH", "FRANCAIS", "FRANÇAIS", "ANGLAIS"):
            send_text(ctx, msg, "lang_bad")
            return Outcome("command", "LANG (unknown)")
        member.lang = "fr" if argument.upper().startswith("F") else "en"
        send_text(ctx, msg, "lang_changed")
        return Outcome("command", "LANG")
    if keyword == "MYDATA":
        return _mydata(ctx, msg)
    if keyword == "DELETE":
        set_pending(ctx, "delete")
        send_text(ctx, msg, "delete_confirm")
        return Outcome("command", "DELETE (asked to confirm)")
    return None


def _toggles(ctx: Context, msg: InboundMessage, text: str) -> Outcome | None:
    for pattern, name in ((_REMINDERS, "reminders"), (_DIGEST, "digest")):
        match = pattern.match(text.strip().strip(".!"))
        if match is not None:
            return _toggle(ctx, msg, name, turn_off=(match.group(2) or "off").lower() == "off")
    return None


def _toggle(ctx: Context, msg: InboundMessage, name: str, *, turn_off: bool) -> Outcome:
    """REMINDERS OFF / DIGEST ON and their plain-words forms: one member setting, confirmed."""
    if ctx.member is None:
        send_text(ctx, msg, "not_member")
        return Outcome("command", f"{name} (not a member)")
    setattr(ctx.member, f"{name}_off", turn_off)
    send_text(ctx, msg, f"{name}_{'off' if turn_off else 'on'}")
    return Outcome("command", f"{name.upper()} {'OFF' if turn_off else 'ON'}")


def continue_pending(msg: InboundMessage, ctx: Context) -> Outcome | None:
    """Replies that only make sense in a conversation: a numbered choice, a DELETE confirmation, a code."""
    contact = ctx.contact
    if contact is None:
        return None
    text = _word(command_text(msg))
    pending = contact.pending or {}
    if pending and not _pending_valid(pending, ctx.now):
        contact.pending = pending = {}
    kind = pending.get("kind")
    if kind == "delete" and text in ("DELETE", "SUPPRIMER", "DELETE YES", "YES", "OUI"):
        assert ctx.member is not None
        send_text(ctx, msg, "deleted", kind=ERASURE_CONFIRM)
        erase_member(ctx.session, ctx.member, now=ctx.now)
        return Outcome("deleted")
    if kind == "faq_answered" and is_no(text):
        contact.pending = {}
        return route_turned_down(ctx, msg, pending)
    if kind == "faq_answered" and (extra := email_turn_down(msg, ctx)) is not None:
        contact.pending = {}
        return route_turned_down(ctx, msg, pending, extra=extra)
    number = choice_number(text, pending)
    return answer_choice(ctx, msg, number) if number is not None else None


def _code_hash(secret: str, contact_id: int, address: str, code: str) -> str:
    return hmac.new(secret.encode(), f"link:{contact_id}:{address}:{code}".encode(), hashlib.sha256).hexdigest()


def _link(ctx: Context, msg: InboundMessage, argument: str) -> Outcome:
    """LINK other@address / LINK +1…: a code goes to the other channel and must be typed back HERE.

    Typing the code where the request was made proves control of both: of this channel (the message came from
    it) and of the other (only its owner can read the code). The code is never accepted from the other channel:
    someone who asks to link a stranger's address must not be able to get it linked by the stranger sending a
    code they received unasked.
    """
    argument = argument.strip()
    if re.fullmatch(r"\d{6}", argument):
        return _finish_link(ctx, msg, argument)
    member = ctx.member
    if member is None or member.status != "active":
        send_text(ctx, msg, "not_member")
        return Outcome("command", "LINK (not a member)")
    target_channel = "email" if "@" in argument else "sms"
    address = canonical_address(target_channel, argument)
    if not address or (target_channel == "email" and "@" not in address):
        send_text(ctx, msg, "link_bad_address")
        return Outcome("command", "LINK (bad address)")
    target = find_contact(ctx.session, target_channel, address)
    if target is not None and target.member_id not in (None, member.id):
        send_text(ctx, msg, "link_in_use")
        return Outcome("command", "LINK (in use)")
    assert ctx.contact is not None
    code = f"{secrets.randbelow(1_000_000):06d}"
    ctx.contact.pending = {
        "kind": "link",
        "member_id": member.id,
        "channel": target_channel,
        "address": address,
        "code": _code_hash(ctx.network.secret_key, ctx.contact.id, address, code),
        "tries": 0,
        "expires": (ctx.now + _LINK_TTL).isoformat(),
    }
    here = say("channel_sms" if msg.channel == "sms" else "channel_email", member.lang)
    text = say("link_code", member.lang, network=ctx.network.name, code=code, here=here)
    if target_channel == "sms":
        enqueue_sms(ctx.session, to=address, text=text, now=ctx.now, inbound_id=msg.id, kind="link_code")
    else:
        enqueue_email(
            ctx.session,
            to=address,
            subject=f"{ctx.network.name} code",
            text=text + "\n",
            now=ctx.now,
            inbound_id=msg.id,
            kind="link_code",
        )
    send_text(ctx, msg, "link_sent", target=_masked(address))
    return Outcome("command", "LINK (code sent)")


def _masked(address: str) -> str:
    """Enough for the member to recognise the address, not enough to leak it in a log."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"***{address[-4:]}"


def _finish_link(ctx: Context, msg: InboundMessage, code: str) -> Outcome:
    """`LINK 123456` where the link was asked for: the other contact joins this member."""
    contact = ctx.contact
    assert contact is not None
    pending = contact.pending or {}
    if pending.get("kind") != "link" or not _pending_valid(pending, ctx.now):
        # Most often the code was sent from the channel that received it: say where it belongs.
        send_text(ctx, msg, "link_not_here")
        return Outcome("command", "LINK (no code waiting here)")
    address = str(pending.get("address", ""))
    expected = _code_hash(ctx.network.secret_key, contact.id, address, code)
    if not hmac.compare_digest(str(pending.get("code", "")), expected):
        tries = int(pending.get("tries", 0)) + 1
        contact.pending = {**pending, "tries": tries} if tries < _LINK_TRIES else {}
        send_text(ctx, msg, "link_bad")
        return Outcome("command", "LINK (bad code)")
    contact.pending = {}
    member = ctx.session.get(Member, int(pending["member_id"]))
    if member is None or member.status != "active" or member.id != contact.member_id:
        send_text(ctx, msg, "link_bad")
        return Outcome("command", "LINK (member gone)")
    target = find_or_create_contact(ctx.session, str(pending["channel"]), address, ctx.now)
    if target.member_id not in (None, member.id):
        send_text(ctx, msg, "link_in_use")
        return Outcome("command", "LINK (in use)")
    target.member_id = member.id
    target.updated_at = ctx.now
    send_text(ctx, msg, "link_done")
    return Outcome("command", "LINK (linked)")


def _mydata(ctx: Context, msg: InboundMessage) -> Outcome:
    assert ctx.member is not None
    data = member_data(ctx.session, ctx.member)
    if msg.channel == "email":
        import json

        from inbound.replies import reply_subject, thread_headers

        text = say("mydata_email", ctx.lang, network=ctx.network.name)
        enqueue_email(
            ctx.session,
            to=str(msg.meta.get("reply_to") or msg.sender),
            subject=reply_subject(msg.subject or "MYDATA"),
            text=text + "\n",
            headers=thread_headers(msg),
            now=ctx.now,
            inbound_id=msg.id,
            kind="mydata",
        ).attachments = [
            {
                "filename": "peerline-my-data.json",
                "content_type": "application/json",
                "text": json.dumps(data, indent=2, ensure_ascii=False, default=str),
            }
        ]
        return Outcome("command", "MYDATA (e-mailed)")
    member = data["member"]
    email_linked = any(c["channel"] == "email" for c in data["contacts"])
    send_text(
        ctx,
        msg,
        "mydata_sms_linked" if email_linked else "mydata_sms",
        handle=member["handle"],
        province=province_words(member["province"], member["planned_province"], ctx.lang),
        stage=stage_label(member["stage"], ctx.lang) or "-",
        joined=str(member["joined_at"])[:10],
        questions=len(data["questions"]),
    )
    return Outcome("command", "MYDATA (summary)")


def _board_link(ctx: Context, msg: InboundMessage) -> Outcome:
    member = ctx.member
    if member is None or member.status != "active" or ctx.network.board_link is None:
        send_text(ctx, msg, "not_member")
        return Outcome("command", "BOARD (not a member)")
    send_text(ctx, msg, "board_link", link=ctx.network.board_link(member.id, ctx.now))
    return Outcome("command", "BOARD")
