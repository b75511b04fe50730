"""Questions reach a leader's inbox; the leader answers by pressing Reply; the member gets only the new text."""

from __future__ import annotations

import smtplib
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import select

from inbound.tokens import make_token
from peerline.runtime import Runtime
from peerline.worker import Worker
from store.db import transaction
from store.leaders import add_leader
from store.models import Answer, Assignment, InboundMessage, Question, StaffFlag
from tests.conftest import DOMAIN, RunningServer
from tests.helpers import maildir_messages
from tests.members import Mailbox, Phone, text_of

QUESTION = (
    "Should I accept a lab assistant job in Sudbury or wait for a technologist position in Toronto? "
    "The return of service agreement in Sudbury is two years."
)
ANSWER = "That is common in Manitoba and Ontario. Ask HR for the repayment terms in writing before you sign."
ANA, BEN, STAFF = "ana@leaders.example", "ben@leaders.example", "staff@society.example"


def add_leaders(runtime: Runtime, *specs: tuple[str, str, str]) -> None:
    with transaction(runtime.session_factory) as session:
        for name, email, province in specs:
            add_leader(session, name=name, emails=[email], province=province, phone=None, now=datetime.now(UTC))


def add_two_ontario_leaders_and_staff(runtime: Runtime) -> None:
    """Ana and Ben lead Ontario; the staff pool takes members abroad and escalations."""
    add_leaders(runtime, ("Ana Reyes", ANA, "ON"), ("Ben Okafor", BEN, "ON"), ("Staff Pool", STAFF, "national"))


def join(phone: Phone, province: str, handle: str) -> None:
    for text in ("JOIN", province, handle, "YES"):
        phone.ask(text)


def wait_for(predicate, timeout: float = 10):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError("condition not met in time")


def notices_for(server: RunningServer, leader_email: str) -> list[EmailMessage]:
    return [m for m in maildir_messages(server.settings.maildir) if leader_email in str(m["To"])]


def reply_as(client: str, notice: EmailMessage, new_text: str, *, sender: str) -> EmailMessage:
    """A reply written the way a real client writes it: the new text on top, history quoted below."""
    quoted = text_of(notice)
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = str(notice["Reply-To"])
    reply["Subject"] = f"Re: {notice['Subject']}"
    reply["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    reply["In-Reply-To"] = notice["Message-ID"]
    reply["References"] = notice["Message-ID"]
    history = "\n".join("> " + line for line in quoted.splitlines())
    if client == "gmail":
        body = f"{new_text}\n\nOn Mon, Dec 1, 2026 at 9:14 AM Peerline <ask@{DOMAIN}> wrote:\n\n{history}\n"
        html = (
            f'<div dir="ltr">{new_text}</div><br><div class="gmail_quote"><div dir="ltr" '
            f'class="gmail_attr">On Mon, Dec 1, 2026 at 9:14 AM Peerline wrote:<br></div>'
            f'<blockquote class="gmail_quote">{quoted}</blockquote></div>'
        )
        reply.set_content(body)
        reply.add_alternative(html, subtype="html")
    elif client == "outlook":
        body = (
            f"{new_text}\n\nGet Outlook for Android\n\n________________________________\n"
            f"From: Peerline <ask@{DOMAIN}>\nSent: Monday, December 1, 2026 9:14 AM\nTo: Leader\n"
            f"Subject: {notice['Subject']}\n\n{quoted}\n"
        )
        reply.set_content(body)
    elif client == "apple":
        body = (
            f"{new_text}\n\nSent from my iPhone\n\n> On Dec 1, 2026, at 9:14 AM, Peerline <ask@{DOMAIN}> "
            f"wrote:\n>\n{history}\n"
        )
        reply.set_content(body)
    elif client == "french":
        body = (
            f"{new_text}\n\nCordialement,\nAnne\n\nLe lun. 1 déc. 2026 à 09:14, Peerline <ask@{DOMAIN}> a "
            f"écrit :\n{history}\n"
        )
        reply.set_content(body)
    else:
        raise ValueError(client)
    return reply


def send_reply(server: RunningServer, reply: EmailMessage, *, envelope_from: str) -> None:
    with smtplib.SMTP(*server.smtp_address) as smtp:
        smtp.send_message(reply, from_addr=envelope_from, to_addrs=[str(reply["To"])])


@pytest.fixture
def leaders(running_server: RunningServer) -> RunningServer:
    add_two_ontario_leaders_and_staff(running_server.runtime)
    return running_server


def test_routed_question_reaches_a_leader_without_identifying_the_member(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550301")
    join(phone, "ON", "Maple21")
    [ack] = phone.ask(QUESTION)
    assert "peer leader" in ack
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    text = text_of(notice)
    assert "return of service" in text and "Maple21" in text and "ON" in text
    assert "4165550301" not in notice.as_string()
    reply_to = str(notice["Reply-To"])
    assert reply_to.startswith("r.") and reply_to.endswith(f"@{DOMAIN}")
    local = reply_to.partition("@")[0]
    assert local == local.lower() and "+" not in local and len(local) < 64


@pytest.mark.parametrize("client", ["gmail", "outlook", "apple", "french"])
def test_leader_reply_reaches_sms_member_as_only_the_new_text(leaders: RunningServer, client: str) -> None:
    phone = Phone(leaders, "+14165550302")
    join(phone, "ON", f"Trillium{len(client)}")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    before = len(phone.received())
    send_reply(
        leaders,
        reply_as(client, notice, ANSWER, sender="Ana Reyes <ana@leaders.example>"),
        envelope_from="ana@leaders.example",
    )
    wait_for(lambda: len(phone.received()) > before)
    answer = phone.received()[before]
    assert answer == f"A peer leader (ON): {ANSWER}"
    assert "ana@" not in answer and "Ana" not in answer


def test_email_member_gets_a_threaded_answer_and_can_follow_up(leaders: RunningServer) -> None:
    box = Mailbox(leaders, "priya@example.in")
    welcome = box.ask("JOIN", subject="JOIN")
    box.ask("ON", reply_to=welcome)
    box.ask("Priya88", reply_to=welcome)
    box.ask("YES", reply_to=welcome)
    question = box.send(QUESTION, subject="Return of service")
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    send_reply(
        leaders, reply_as("gmail", notice, ANSWER, sender="ana@leaders.example"), envelope_from="ana@leaders.example"
    )
    answer = wait_for(lambda: [m for m in box.received() if ANSWER in text_of(m)] or None)[0]
    assert ANSWER in text_of(answer) and "A peer leader (ON)" in text_of(answer)
    assert answer["In-Reply-To"] == question["Message-ID"] or question["Message-ID"] in answer["References"]
    assert "ana@leaders.example" not in answer.as_string()

    follow = box.ask("Thanks! Is the repayment prorated?", reply_to=answer)
    assert "same peer leader" in text_of(follow)
    notices = wait_for(lambda: notices_for(leaders, "ana@leaders.example")[1:] or None)
    assert "repayment prorated" in text_of(notices[0])


def test_forged_sender_with_a_valid_token_is_not_delivered(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550303")
    join(phone, "ON", "Forged1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    before = len(phone.received())
    send_reply(
        leaders,
        reply_as("gmail", notice, "Send me your SIN number.", sender="mallory@evil.example"),
        envelope_from="mallory@evil.example",
    )
    warning = wait_for(lambda: notices_for(leaders, "ana@leaders.example")[1:] or None)[0]
    assert "not delivered" in text_of(warning)
    time.sleep(0.3)
    assert phone.received()[before:] == []
    with leaders.runtime.session_factory() as session:
        assert session.scalars(select(StaffFlag.kind)).all() == ["leader_sender_mismatch"]
        assert session.scalars(select(Answer)).all() == []


def test_tampered_token_is_refused_at_rcpt(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550304")
    join(phone, "ON", "Tamper1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    token = str(notice["Reply-To"]).partition("@")[0][2:]
    assignment, day, mac = token.split("-")
    for forged in (f"{int(assignment, 36) + 1:x}-{day}-{mac}", f"{assignment}-{day}-{'a' * 16}"):
        with smtplib.SMTP(*leaders.smtp_address) as smtp:
            smtp.ehlo()
            smtp.mail("ana@leaders.example")
            code, text = smtp.rcpt(f"r.{forged}@{DOMAIN}")
        assert (code, text[:5]) == (550, b"5.1.1")


def test_out_of_office_reply_reroutes_at_once(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550305")
    join(phone, "ON", "Away1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    ooo = EmailMessage()
    ooo["From"] = "Ana Reyes <ana@leaders.example>"
    ooo["To"] = f"ask@{DOMAIN}"
    ooo["Subject"] = f"Automatic reply: {notice['Subject']}"  # Exchange: no Auto-Submitted header
    ooo["In-Reply-To"] = notice["Message-ID"]
    ooo["Message-ID"] = make_msgid(domain="leaders.example")
    ooo.set_content("I am out of the office until January 5 with limited access to e-mail.")
    send_reply(leaders, ooo, envelope_from="ana@leaders.example")
    [moved] = wait_for(lambda: notices_for(leaders, "ben@leaders.example"))
    assert "return of service" in text_of(moved)
    with leaders.runtime.session_factory() as session:
        statuses = session.execute(select(Assignment.status).order_by(Assignment.id)).scalars().all()
    assert statuses == ["away", "open"]


def test_private_faq_and_pass_controls(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550306")
    join(phone, "ON", "Controls1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    send_reply(
        leaders, reply_as("apple", notice, "#pass", sender="ana@leaders.example"), envelope_from="ana@leaders.example"
    )
    [passed] = wait_for(lambda: notices_for(leaders, "ben@leaders.example"))
    before = len(phone.received())
    send_reply(
        leaders,
        reply_as("gmail", passed, f"{ANSWER}\n#private\n#faq", sender="ben@leaders.example"),
        envelope_from="ben@leaders.example",
    )
    wait_for(lambda: len(phone.received()) > before)
    assert phone.received()[before] == f"A peer leader (ON): {ANSWER}"
    with leaders.runtime.session_factory() as session:
        answer = session.scalars(select(Answer)).one()
    assert (answer.private, answer.faq_candidate, answer.text) == (True, True, ANSWER)


def test_expired_token_gets_a_fresh_address(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550307")
    join(phone, "ON", "Late1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    with leaders.runtime.session_factory() as session:
        assignment_id = session.scalars(select(Assignment.id)).one()
    old = datetime.now(UTC) - timedelta(days=leaders.settings.token_ttl_days + 5)
    reply = reply_as("gmail", notice, ANSWER, sender="ana@leaders.example")
    reply.replace_header("To", f"r.{make_token(leaders.settings.secret_key, assignment_id, old)}@{DOMAIN}")
    send_reply(leaders, reply, envelope_from="ana@leaders.example")
    fresh = wait_for(lambda: notices_for(leaders, "ana@leaders.example")[1:] or None)[0]
    assert "expired" in text_of(fresh)
    assert str(fresh["Reply-To"]) in text_of(fresh)
    # Their answer comes back with it, so they can resend it without retyping (and nothing of the history).
    assert f"----- your answer -----\n{ANSWER}\n----- end of your answer -----" in text_of(fresh)
    assert "return of service" not in text_of(fresh)
    assert f"<br>{ANSWER}<br>" in str(fresh.get_body(("html",)).get_content())
    assert str(fresh["Reply-To"]) != reply["To"]


def test_escalation_reminds_then_reroutes_with_a_controlled_clock(runtime: Runtime) -> None:
    add_leaders(
        runtime, ("Ana Reyes", "ana@leaders.example", "ON"), ("Staff Pool", "staff@society.example", "national")
    )
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    clock = {"now": start}
    worker = Worker(runtime, clock=lambda: clock["now"])
    phone_number = "+14165550308"
    from tests.helpers import twilio_sms_params  # noqa: F401 - the pipeline is driven directly below

    def sms(text: str) -> None:
        from inbound.sms import _store  # the webhook's own storing step, without HTTP (the clock is ours)
        from store.models import InboundMessage as Row

        _store(
            runtime.session_factory,
            Row(
                channel="sms",
                external_id=f"SM{time.monotonic_ns()}",
                sender=phone_number,
                recipient="+15550000000",
                subject="",
                body=text,
                meta={},
                received_at=clock["now"],
                status="queued",
                trail=[],
            ),
        )
        worker.run_once()

    for text in ("JOIN", "ON", "Clock1", "YES", QUESTION):
        sms(text)
    maildir = runtime.settings.maildir

    def to(address: str) -> list[EmailMessage]:
        return [m for m in maildir_messages(maildir) if address in str(m["To"])]

    assert len(to("ana@leaders.example")) == 1
    clock["now"] = start + timedelta(hours=47)
    worker.run_once()
    assert len(to("ana@leaders.example")) == 1  # not yet
    clock["now"] = start + timedelta(hours=49)
    worker.run_once()
    reminders = to("ana@leaders.example")
    assert len(reminders) == 2 and "Reminder" in str(reminders[1]["Subject"])
    clock["now"] = start + timedelta(hours=49 + 47)
    worker.run_once()
    assert to("staff@society.example") == []
    clock["now"] = start + timedelta(hours=49 + 49)
    worker.run_once()
    [moved] = to("staff@society.example")
    assert "return of service" in text_of(moved)
    from tests.helpers import sms_lines

    late = [line["body"] for line in sms_lines(runtime.settings.sms_log) if line["to"] == phone_number][-1]
    assert "taking longer" in late
    with runtime.session_factory() as session:
        question = session.scalars(select(Question)).one()
        assert (question.escalations, question.member_told_late) == (1, True)
        assert session.scalar(select(InboundMessage.id).where(InboundMessage.status != "done")) is None


def test_a_bounce_of_the_leader_notice_reroutes_at_once(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550309")
    join(phone, "ON", "Bounce1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    dsn = EmailMessage()
    dsn["From"] = "Mail Delivery System <MAILER-DAEMON@mx.leaders.example>"
    dsn["To"] = f"ask@{DOMAIN}"
    dsn["Subject"] = "Undelivered Mail Returned to Sender"
    dsn["Message-ID"] = make_msgid(domain="mx.leaders.example")
    dsn.set_content(
        "This is the mail system at host mx.leaders.example.\n\nI'm sorry to have to inform you "
        "that your message could not be delivered: mailbox full."
    )
    dsn.add_attachment(
        f"Message-ID: {notice['Message-ID']}\nSubject: {notice['Subject']}\n".encode(),
        maintype="text",
        subtype="rfc822-headers",
    )
    with smtplib.SMTP(*leaders.smtp_address) as smtp:
        smtp.sendmail("", [f"ask@{DOMAIN}"], dsn.as_bytes())  # bounces come from the null sender
    [moved] = wait_for(lambda: notices_for(leaders, "ben@leaders.example"))
    assert "Sudbury" in text_of(moved)


def test_a_failed_delivery_to_the_leader_reroutes_on_the_next_pass(leaders: RunningServer) -> None:
    phone = Phone(leaders, "+14165550310")
    join(phone, "ON", "Failed1")
    phone.ask(QUESTION)
    wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    from sqlalchemy import update

    from store.models import Outbound

    with transaction(leaders.runtime.session_factory) as session:
        # What delivery does after the relay refused the leader's address for good.
        session.execute(
            update(Outbound)
            .where(Outbound.to_address == "ana@leaders.example")
            .values(status="failed", last_error="550 5.1.1 user unknown")
        )
    leaders.worker.wake()
    [moved] = wait_for(lambda: notices_for(leaders, "ben@leaders.example"))
    assert "Sudbury" in text_of(moved)


def test_leader_cli_adds_lists_and_pauses(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "PEERLINE_DATA_DIR": str(settings.data_dir),
        "PEERLINE_DATABASE_URL": settings.resolved_database_url,
    }

    def peerline(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "peerline", *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )

    added = peerline(
        "leader",
        "add",
        "--name",
        "Ana Reyes",
        "--email",
        "ana@leaders.example",
        "--email",
        "ana.reyes@work.example",
        "--province",
        "on",
    )
    assert added.returncode == 0, added.stderr
    assert "leader 1: Ana Reyes (ON)" in added.stdout
    assert (
        peerline("leader", "add", "--name", "X", "--email", "ana@leaders.example", "--province", "ON").returncode == 1
    )
    assert peerline("leader", "add", "--name", "X", "--email", "x@y.example", "--province", "ZZ").returncode == 2
    assert "paused" in peerline("leader", "pause", "1").stdout
    listing = peerline("leader", "list").stdout
    assert "Ana Reyes" in listing and "ana.reyes@work.example" in listing and "paused" in listing
    assert "active" in peerline("leader", "resume", "1").stdout
    assert peerline("leader", "add-address", "1", "Ana@Home.Example").returncode == 0
    assert "ana@home.example" in peerline("leader", "list").stdout
    for command in (("add-address", "99", "x@y.example"), ("pause", "99")):
        missing = peerline("leader", *command)
        assert (missing.returncode, missing.stdout, missing.stderr) == (1, "", "error: no leader with id 99\n")


def board_answer(server: RunningServer) -> str | None:
    from store.models import BoardPost

    with server.runtime.session_factory() as session:
        return session.scalars(select(BoardPost.answer_text)).first()


@pytest.mark.parametrize(
    ("channel", "client", "wish", "card"),
    [
        ("email", "gmail", "Good luck!", "Ana Reyes\nMLT, Sunnybrook\n416-555-0199"),
        ("sms", "french", "Bonne chance !", "Ana Reyes\nTechnologiste médicale, CHU de Québec\nTél. : 418-555-0199"),
    ],
)
def test_a_well_wish_reaches_the_member_and_the_board_without_the_card_under_it(
    leaders: RunningServer, channel: str, client: str, wish: str, card: str
) -> None:
    """A newcomer's report: 'Good luck!' followed by the leader's name card reached the member and the board."""
    if channel == "email":
        box = Mailbox(leaders, "wish@example.in")
        welcome = box.ask("JOIN", subject="JOIN")
        for text in ("ON", "Wish42", "YES"):
            box.ask(text, reply_to=welcome)
        box.send(QUESTION, subject="Return of service")
    else:
        phone = Phone(leaders, "+14165550311")
        join(phone, "ON", "Souhait42")
        phone.ask(QUESTION)
        before = len(phone.received())
    [notice] = wait_for(lambda: notices_for(leaders, "ana@leaders.example"))
    send_reply(
        leaders,
        reply_as(client, notice, f"{ANSWER}\n\n{wish}\n{card}", sender="Ana Reyes <ana@leaders.example>"),
        envelope_from="ana@leaders.example",
    )
    if channel == "email":
        received = text_of(wait_for(lambda: [m for m in box.received() if ANSWER in text_of(m)] or None)[0])
    else:
        wait_for(lambda: len(phone.received()) > before)
        received = phone.received()[before]
    posted = wait_for(lambda: board_answer(leaders))
    with leaders.runtime.session_factory() as session:
        stored = session.scalars(select(Answer.text)).one()
    assert stored == f"{ANSWER}\n\n{wish}"
    for shown in (received, posted):
        assert ANSWER in shown and wish in shown
        for line in [*card.splitlines(), "Ana", "Sunnybrook", "555-0199", "5550199", "ana@"]:
            assert line not in shown
