"""Which leader gets a question, and how their answer is signed: end to end through SMTP and the webhook."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import func, select

from store.db import transaction
from store.flags import list_flags
from store.leaders import add_leader, set_paused
from store.models import Leader, Member, StaffFlag
from tests.conftest import RunningServer
from tests.members import Mailbox, Phone, text_of
from tests.test_routing_e2e import (
    ANA,
    ANSWER,
    BEN,
    STAFF,
    add_leaders,
    join,
    notices_for,
    reply_as,
    send_reply,
    wait_for,
)


def question_about(city: str) -> str:
    """A personal decision no FAQ entry answers (the engine routes it), different for each city."""
    return (
        f"Should I accept a lab assistant job in {city} or wait for a technologist position in Toronto? "
        f"The return of service agreement in {city} is two years."
    )


def notice_about(server: RunningServer, leader: str, city: str) -> EmailMessage:
    found = wait_for(lambda: [m for m in notices_for(server, leader) if f"job in {city}" in text_of(m)])
    assert len(found) == 1
    return found[0]


def leader_id(server: RunningServer, name: str) -> int:
    with server.runtime.session_factory() as session:
        return session.scalars(select(Leader.id).where(Leader.name == name)).one()


def answer_reaches(server: RunningServer, phone: Phone, reply: EmailMessage, sender: str) -> str:
    before = len(phone.received())
    send_reply(server, reply, envelope_from=sender)
    wait_for(lambda: len(phone.received()) > before)
    [answer] = phone.received()[before:]
    return answer


def test_questions_go_to_the_leader_with_the_fewest_open_questions(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"), ("Ben Okafor", BEN, "ON"))
    phone = Phone(running_server, "+14165550801")
    join(phone, "ON", "Fair1")
    phone.ask(question_about("Sudbury"))
    notice_about(running_server, ANA, "Sudbury")  # 0-0: the longest-serving leader
    phone.ask(question_about("Kingston"))
    notice_about(running_server, BEN, "Kingston")  # Ana 1, Ben 0
    phone.ask(question_about("Timmins"))
    notice_about(running_server, ANA, "Timmins")  # 1-1: Ana again
    ben_notice = notice_about(running_server, BEN, "Kingston")
    answer_reaches(running_server, phone, reply_as("gmail", ben_notice, ANSWER, sender=BEN), BEN)
    # Ana 2 open, Ben 0: a new question (another member, so it is not a follow-up) goes to Ben.
    other = Phone(running_server, "+14165550802")
    join(other, "ON", "Fair2")
    other.ask(question_about("Windsor"))
    notice_about(running_server, BEN, "Windsor")
    assert len(notices_for(running_server, ANA)) == 2 and len(notices_for(running_server, BEN)) == 2


def test_a_paused_leader_gets_no_new_questions(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"), ("Ben Okafor", BEN, "ON"))
    with transaction(running_server.runtime.session_factory) as session:
        set_paused(session, leader_id(running_server, "Ana Reyes"), True)
    phone = Phone(running_server, "+14165550803")
    join(phone, "ON", "Paused1")
    phone.ask(question_about("Sudbury"))
    notice_about(running_server, BEN, "Sudbury")
    phone.ask(question_about("Kingston"))
    notice_about(running_server, BEN, "Kingston")  # Ben has more open questions, but Ana is on holiday
    with transaction(running_server.runtime.session_factory) as session:
        set_paused(session, leader_id(running_server, "Ana Reyes"), False)
    phone.ask(question_about("Timmins"))
    notice_about(running_server, ANA, "Timmins")
    assert len(notices_for(running_server, ANA)) == 1


def test_members_abroad_and_provinces_without_a_leader_go_to_the_national_pool(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"), ("Staff Pool", STAFF, "national"))
    abroad = Phone(running_server, "+639171234567")
    join(abroad, "ABROAD AB", "Manila1")
    abroad.ask(question_about("Sudbury"))
    notice = notice_about(running_server, STAFF, "Sudbury")
    assert "Province: ABROAD (plans to move to AB)" in text_of(notice)
    assert 'signed "A peer leader". Your name and address are never shown' in text_of(notice)  # no "(ABROAD)"
    assert answer_reaches(running_server, abroad, reply_as("gmail", notice, ANSWER, sender=STAFF), STAFF) == (
        f"A peer leader: {ANSWER}"
    )

    nova_scotia = Phone(running_server, "+19025550804")
    join(nova_scotia, "NS", "Halifax1")
    nova_scotia.ask(question_about("Kingston"))
    assert "Province: NS" in text_of(notice_about(running_server, STAFF, "Kingston"))
    assert 'signed "A peer leader (NS)"' in text_of(notice_about(running_server, STAFF, "Kingston"))
    assert notices_for(running_server, ANA) == []  # another province's leader is not the fallback


def test_a_leader_who_opted_in_is_named_and_keeps_their_sign_off(running_server: RunningServer) -> None:
    with transaction(running_server.runtime.session_factory) as session:
        add_leader(
            session, name="Ana Reyes", emails=[ANA], province="ON", phone=None, now=datetime.now(UTC), show_name=True
        )
    phone = Phone(running_server, "+14165550805")
    join(phone, "ON", "Named1")
    phone.ask(question_about("Sudbury"))
    notice = notice_about(running_server, ANA, "Sudbury")
    assert 'signed "Ana Reyes, a peer leader (ON)". Your address is never shown' in text_of(notice)
    answer = answer_reaches(running_server, phone, reply_as("outlook", notice, f"{ANSWER}\n\nAna", sender=ANA), ANA)
    assert answer == f"Ana Reyes, a peer leader (ON): {ANSWER} Ana"

    assert "francais" in phone.ask("LANG FR")[0]
    french = answer_reaches(running_server, phone, reply_as("gmail", notice, "Bonne chance!", sender=ANA), ANA)
    assert french == "Ana Reyes, un pair (ON) : Bonne chance!"


def test_an_html_only_leader_reply_reaches_the_member_as_text(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"))
    phone = Phone(running_server, "+14165550806")
    join(phone, "ON", "Html1")
    phone.ask(question_about("Sudbury"))
    notice = notice_about(running_server, ANA, "Sudbury")
    reply = EmailMessage()
    reply["From"] = f"Ana Reyes <{ANA}>"
    reply["To"] = str(notice["Reply-To"])
    reply["Subject"] = f"RE: {notice['Subject']}"
    reply["Message-ID"] = make_msgid(domain="leaders.example")
    reply["In-Reply-To"] = notice["Message-ID"]
    # Outlook on the web: HTML only, the history under a From/Sent block, entities and inline markup.
    reply.set_content(
        '<html><head><style>p{margin:0}</style></head><body><div style="font-family:Calibri">'
        "That is common in Manitoba &amp; Ontario. Ask HR for the <b>repayment terms</b> in writing before you "
        'sign.</div><div><br></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr">'
        "<b>From:</b> Peerline &lt;ask@peerline.test&gt;<br><b>Sent:</b> Monday, December 1, 2026 9:14 AM<br>"
        f"<b>To:</b> Ana Reyes<br><b>Subject:</b> {notice['Subject']}</div><div>&nbsp;</div>"
        f"<div>{text_of(notice).replace(chr(10), '<br>')}</div></body></html>",
        subtype="html",
    )
    assert reply.get_body(("plain",)) is None
    answer = answer_reaches(running_server, phone, reply, ANA)
    assert answer == (
        "A peer leader (ON): That is common in Manitoba & Ontario. Ask HR for the repayment terms in writing "
        "before you sign."
    )


def test_a_leader_writing_to_ask_is_passed_to_staff_and_told_so_in_the_thread(running_server: RunningServer) -> None:
    """A leader's own message to ask@ is not a member joining: staff are flagged, the leader gets a threaded note."""
    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"))
    box = Mailbox(running_server, ANA)
    sent = box.send("I will be away until January; can someone cover Ontario?", subject="Holidays")
    note = wait_for(lambda: box.received())[0]
    assert note["In-Reply-To"] == sent["Message-ID"] and note["Subject"] == "Re: Holidays"
    assert "passed to the network's staff" in text_of(note)
    with running_server.runtime.session_factory() as session:
        [flag] = session.scalars(select(StaffFlag).where(StaffFlag.kind == "leader_message")).all()
        assert session.scalar(select(func.count()).select_from(Member)) == 0  # no membership started
        [listed] = list_flags(session, kind="leader_message")
    assert flag.detail.endswith("Holidays")
    assert listed.sender == "leader Ana Reyes" and listed.message.startswith("I will be away until January")
