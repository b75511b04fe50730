"""Members join, consent, leave and manage their data entirely by SMS or e-mail, through the real paths."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from email.message import EmailMessage

import httpx
from sqlalchemy import select

from digest.web import TERMS_VERSION
from outbound.sms_text import count_segments
from store.db import transaction
from store.leaders import add_leader
from store.models import Consent, Contact, Member, Question
from tests.conftest import RunningServer
from tests.helpers import maildir_messages
from tests.members import Mailbox, Phone, text_of

# A personal decision: no FAQ entry can answer it, a peer must (checked by `needs_a_person` below).
NEEDS_A_PERSON = (
    "Should I accept a lab assistant job or wait for a technologist position? The return of service "
    "agreement is two years."
)


def needs_a_person(server: RunningServer, text: str) -> str:
    """The tests below are about what happens after the engine routes; fail clearly if it stops routing."""
    decision = server.runtime.faq_engine().decide(text, channel="sms")
    assert decision.decision == "route", f"precondition: the FAQ engine should route {text!r}, got {decision}"
    return text


def member_by_handle(server: RunningServer, handle: str) -> Member:
    with server.runtime.session_factory() as session:
        member = session.scalars(select(Member).where(Member.handle == handle)).one()
        session.expunge(member)
        return member


def test_member_who_texts_a_question_first_joins_and_the_question_is_routed(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550111")
    [first] = phone.ask(needs_a_person(running_server, NEEDS_A_PERSON))
    assert "question is saved" in first and "Which province" in first
    [again] = phone.ask("somewhere nice")
    assert "did not understand the province" in again
    [handle_q] = phone.ask("ont.")
    assert "nickname" in handle_q
    [refused] = phone.ask("4165550111")
    assert "can't be used" in refused
    [terms] = phone.ask("LabHero")
    assert "YES" in terms and f"{running_server.settings.public_url}/terms" in terms
    [done] = phone.ask("y")
    assert "LabHero" in done and "peer leader" in done

    member = member_by_handle(running_server, "LabHero")
    assert (member.province, member.status) == ("ON", "active")
    with running_server.runtime.session_factory() as session:
        consent = session.scalars(select(Consent).where(Consent.member_id == member.id)).one()
        question = session.scalars(select(Question).where(Question.member_id == member.id)).one()
    assert (consent.channel, consent.terms_version) == ("sms", TERMS_VERSION)
    terms_page = httpx.get(f"{running_server.base_url}/terms").text
    assert f"Version {consent.terms_version}" in terms_page  # what was accepted is the version the page shows
    assert question.status == "routed" and "return of service" in question.text


def test_join_variants_skip_and_abroad(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+639171234567")  # a member in the Philippines
    [ask] = phone.ask("join")
    assert "ABROAD" in ask
    phone.ask("abroad, moving to Alberta")
    [terms] = phone.ask("skip")
    assert "YES" in terms
    [done] = phone.ask("oui")
    handle = re.search(r"You're in, (\w+)!", done)
    assert handle is not None
    member = member_by_handle(running_server, handle.group(1))
    assert (member.province, member.planned_province) == ("ABROAD", "AB")


def test_hello_starts_joining(running_server: RunningServer) -> None:
    [ask] = Phone(running_server, "+14165550221").ask("Hello")
    assert "Which province" in ask


def test_handle_must_be_unique(running_server: RunningServer) -> None:
    first, second = Phone(running_server, "+14165550121"), Phone(running_server, "+14165550122")
    for phone in (first, second):
        phone.ask("JOIN ON")
    first.ask("Pipette1")
    [taken] = second.ask("pipette1")
    assert "is taken" in taken


def test_a_command_word_is_never_a_handle(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550123")
    phone.ask("JOIN ON")
    for word in ("MYDATA", "delete", "Board", "LANG"):
        [refused] = phone.ask(word)
        assert "reserved" in refused, word
    [terms] = phone.ask("DataFan1")
    assert "YES" in terms
    phone.ask("YES")
    assert member_by_handle(running_server, "DataFan1").status == "active"


def test_stop_in_the_middle_of_joining_then_start_resumes(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550131")
    phone.ask("JOIN")
    phone.ask("BC")
    [confirmation] = phone.ask("Stop")
    assert "unsubscribed" in confirmation
    assert phone.ask_expecting_silence("Coastal1") == []  # nothing is ever sent after STOP
    assert phone.ask_expecting_silence("when is the exam?") == []
    [help_text] = phone.ask("HELP")  # but HELP always works (carrier rules)
    assert "STOP" in help_text
    [back] = phone.ask("START")
    assert "Welcome back" in back
    [handle_q] = phone.ask("what now?")  # resumes at the step it stopped at
    assert "nickname" in handle_q


def test_plain_words_stop_and_french_stop(running_server: RunningServer) -> None:
    english, french = Phone(running_server, "+14165550141"), Phone(running_server, "+15145550142")
    assert "unsubscribed" in english.ask("please stop texting me")[0]
    assert "abonnement à Peerline est annulé" in french.ask("arrêtez les messages svp")[0]  # they wrote in French
    with running_server.runtime.session_factory() as session:
        opted = session.scalars(select(Contact.address).where(Contact.opted_out.is_(True))).all()
    assert set(opted) == {"+14165550141", "+15145550142"}


def test_help_and_reminder_toggles(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550151")
    [help_text] = phone.ask("HELP")
    assert "STOP" in help_text and running_server.runtime.network.ask_address in help_text
    assert "Commands: JOIN, NAME, PROVINCE, LANG, MYDATA, DELETE" in help_text and "peer leader" in help_text
    assert count_segments(help_text).segments <= 2
    for text in ("JOIN SK", "Prairie7", "yes"):
        phone.ask(text)
    assert "reminders are off" in phone.ask("REMINDERS OFF")[0]
    assert "digest is off" in phone.ask("stop the digest")[0]
    member = member_by_handle(running_server, "Prairie7")
    assert member.reminders_off and member.digest_off


def test_commands_name_province_lang_mydata(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550161")
    for text in ("JOIN", "Nova Scotia", "Halifax9", "YES"):
        phone.ask(text)
    assert "now Bluenose2" in phone.ask("NAME Bluenose2")[0]
    assert "now NB" in phone.ask("PROVINCE nb")[0]
    assert "francais" in phone.ask("LANG FR")[0]
    [summary] = phone.ask("MYDATA")
    assert "Bluenose2" in summary and "NB" in summary and "MYDATA" in summary
    assert "LINK" in summary  # no e-mail linked yet: how to link one
    assert "l'étranger, vers AB" in phone.ask("PROVINCE ABROAD AB")[0]  # the plan is confirmed, not just ABROAD
    assert "l'étranger, vers AB" in phone.ask("MYDATA")[0]


def test_join_by_email_threads_and_mydata_is_a_file(running_server: RunningServer) -> None:
    box = Mailbox(running_server, "amaka@example.ng")
    welcome = box.ask("Hello, I would like to join.", subject="JOIN")
    assert "Which province" in text_of(welcome)
    handle_q = box.ask("ABROAD", reply_to=welcome)
    assert handle_q["In-Reply-To"] and "nickname" in text_of(handle_q)
    box.ask("Amaka23", reply_to=handle_q)
    joined = box.ask("YES", reply_to=handle_q)
    assert "You're in, Amaka23" in text_of(joined)

    export = box.ask("MYDATA")
    [attachment] = list(export.iter_attachments())
    data = json.loads(attachment.get_content())
    assert data["member"]["handle"] == "Amaka23"
    assert data["contacts"] == [{"channel": "email", "address": "amaka@example.ng", "opted_out": False}]
    assert data["consents"][0]["channel"] == "email"


def test_link_a_phone_and_an_email(running_server: RunningServer) -> None:
    """The code goes to the other channel and is typed back where it was asked for: proof of both."""
    phone, box = Phone(running_server, "+14165550171"), Mailbox(running_server, "ravi@example.in")
    for text in ("JOIN AB", "Calgary5", "YES"):
        phone.ask(text)
    [sent] = phone.ask("LINK ravi@example.in")
    assert "6-digit code" in sent and "type it here" in sent and "ravi@example.in" not in sent
    code_mail = box.received()[-1]
    assert "text conversation where you asked for it, not here" in text_of(code_mail)
    code = re.search(r"\b(\d{6})\b", text_of(code_mail))
    assert code is not None
    # Sent back from the channel that received it, the code links nothing.
    assert "No code is waiting here" in text_of(box.ask(f"LINK {code.group(1)}"))
    [linked] = phone.ask(f"LINK {code.group(1)}")
    assert "Linked" in linked
    member = member_by_handle(running_server, "Calgary5")
    with running_server.runtime.session_factory() as session:
        linked_addresses = session.scalars(select(Contact.address).where(Contact.member_id == member.id)).all()
    assert sorted(linked_addresses) == ["+14165550171", "ravi@example.in"]
    [summary] = phone.ask("MYDATA")
    assert "from your linked address" in summary and "LINK" not in summary


def test_wrong_link_code_is_refused(running_server: RunningServer) -> None:
    phone, box = Phone(running_server, "+14165550181"), Mailbox(running_server, "li@example.cn")
    for text in ("JOIN QC", "Montreal3", "OUI"):
        phone.ask(text)
    phone.ask("LINK li@example.cn")
    assert box.received(), "the code went to the e-mail address"
    assert "wrong or expired" in phone.ask("LINK 000000")[0]
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(Contact.member_id).where(Contact.address == "li@example.cn")) is None


def all_text_in_database(server: RunningServer) -> str:
    """Every text and JSON value in every table, as one string, to search for personal data."""
    from sqlalchemy import inspect, text

    engine = server.runtime.engine
    chunks: list[str] = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


def test_delete_erases_contact_details_everywhere(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550191")
    phone.ask(needs_a_person(running_server, NEEDS_A_PERSON))
    for text in ("ON", "Erasable1", "YES"):
        phone.ask(text)
    assert "+14165550191" in all_text_in_database(running_server)
    [confirm] = phone.ask("DELETE")
    assert "again within 24 hours" in confirm
    [gone] = phone.ask("delete")
    assert "erased" in gone
    running_server.wait_idle()
    deadline = time.monotonic() + 5  # the worker forgets the confirmation's address once it is sent
    while "+14165550191" in (stored := all_text_in_database(running_server)) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert "+14165550191" not in stored and "4165550191" not in stored
    assert "Erasable1" not in stored
    with running_server.runtime.session_factory() as session:
        member = session.scalars(select(Member).where(Member.status == "deleted")).one()
        question = session.scalars(select(Question).where(Question.member_id == member.id)).one()
    assert member.handle is None
    assert "return of service" in question.text  # the anonymised question stays for the board


def test_numbered_choice_reply_is_understood(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550201")
    engine = running_server.runtime.faq_engine()
    suggest_text = None
    for candidate in ("exam", "pla", "license", "credential", "job", "fees"):
        if engine.decide(candidate, channel="sms").decision == "suggest":
            suggest_text = candidate
            break
    assert suggest_text is not None, "a one-word question should get numbered suggestions"
    decision = engine.decide(suggest_text, channel="sms")
    [offer] = phone.ask(suggest_text)
    assert "Reply 1" in offer and "0 to ask a leader" in offer
    [answer] = phone.ask("1")
    first = engine.entry(decision.suggestions[0])
    assert answer.startswith(first.answer_sms[:40])
    [nothing] = phone.ask("2")
    assert "no numbered choices" in nothing


def offered_three(server: RunningServer, province: str | None) -> str:
    """A one-word question the engine answers with three numbered suggestions (the tests below need them)."""
    engine = server.runtime.faq_engine()
    for candidate in ("exam", "pla", "license", "credential", "job", "fees"):
        decision = engine.decide(candidate, province=province, channel="sms")
        if decision.decision == "suggest" and len(decision.suggestions) == 3:
            return candidate
    raise AssertionError("precondition: a one-word question should get three numbered suggestions")


def test_a_number_beyond_the_offer_is_pointed_out_and_the_offer_kept(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550202")
    text = offered_three(running_server, None)
    suggestions = running_server.runtime.faq_engine().decide(text, channel="sms").suggestions
    [offer] = phone.ask(text)
    assert "Reply 1" in offer
    [wrong] = phone.ask("4")
    assert "one of the numbers offered" in wrong
    [answer] = phone.ask("3")  # the offer is still open
    assert answer.startswith(running_server.runtime.faq_engine().entry(suggestions[2]).answer_sms[:40])


def test_reply_zero_sends_the_question_to_a_leader(running_server: RunningServer) -> None:
    with transaction(running_server.runtime.session_factory) as session:
        add_leader(
            session, name="Ana Reyes", emails=["ana@leaders.example"], province="ON", phone=None, now=datetime.now(UTC)
        )
    phone = Phone(running_server, "+14165550203")
    for step in ("JOIN", "ON", "Birch7", "YES"):
        phone.ask(step)
    text = offered_three(running_server, "ON")
    [offer] = phone.ask(text)
    assert "0 to ask a leader" in offer
    [routed] = phone.ask("0")
    assert "peer leader" in routed
    member = member_by_handle(running_server, "Birch7")
    with running_server.runtime.session_factory() as session:
        question = session.scalars(select(Question).where(Question.member_id == member.id)).one()
    assert (question.status, question.text) == ("routed", text)
    deadline = time.monotonic() + 10
    notices: list[EmailMessage] = []
    while not notices and time.monotonic() < deadline:
        notices = [m for m in maildir_messages(running_server.settings.maildir) if "ana@" in str(m["To"])]
        time.sleep(0.03)
    assert notices and "Birch7" in text_of(notices[0])  # the leader got the member's question


def test_stranger_email_answer_carries_invitation_footer(running_server: RunningServer) -> None:
    box = Mailbox(running_server, "stranger@example.org")
    entry = running_server.runtime.faq_engine().entry("cred-who-assesses")
    reply = box.ask(entry.question)
    assert "Reply with JOIN" in text_of(reply)


def test_a_province_named_in_the_question_is_not_asked_again(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+12045550211")
    [first] = phone.ask(needs_a_person(running_server, NEEDS_A_PERSON.replace("job or", "job in Winnipeg or")))
    assert "You mentioned MB" in first and "nickname" in first and "Which province" not in first


def test_board_answers_an_active_member_with_a_sign_in_link_that_works(running_server: RunningServer) -> None:
    running_server.runtime.settings.board_access = "members"
    stranger = Phone(running_server, "+14165550139")
    [refused] = stranger.ask("BOARD")
    assert "JOIN" in refused and "http" not in refused
    phone = Phone(running_server, "+14165550138")
    for text in ("JOIN", "ON", "BoardReader", "YES"):
        phone.ask(text)
    [reply] = phone.ask("BOARD")
    [link] = re.findall(r"https?://\S+", reply)
    assert link.startswith(f"{running_server.settings.public_url}/board/signin/")
    with httpx.Client(base_url=running_server.base_url) as browser:
        assert browser.get("/board", follow_redirects=False).status_code == 403
        signed_in = browser.get(link.removeprefix(running_server.settings.public_url), follow_redirects=True)
        assert signed_in.status_code == 200 and signed_in.url.path == "/board"

