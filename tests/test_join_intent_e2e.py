"""Joining however people ask for it: a JOIN subject with the answer in the body, and a wish to join in plain
words (English and French), which is never a question for a leader."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import Contact, Member, Outbound, Question
from tests.conftest import RunningServer
from tests.members import Mailbox, Phone, text_of
from tests.test_routing_e2e import add_leaders


def test_a_join_subject_with_the_province_in_the_body_continues_joining(running_server: RunningServer) -> None:
    """What `peerline simulate email --subject join` sends: every message has the subject "join"."""
    box = Mailbox(running_server, "tomas@example.net")
    first = text_of(box.ask("JOIN ON", subject="join"))
    assert "nickname" in first and "Which province" not in first
    # The body answers the step the member is on (here a nickname the handle rules refuse), never the province.
    refused = text_of(box.ask("Tomas_Lab", subject="join"))
    assert "nickname" in refused and "province" not in refused
    terms = text_of(box.ask("TomasLab", subject="join"))
    assert "Last step" in terms
    joined = text_of(box.ask("I agree", subject="join"))
    assert "You're in, TomasLab" in joined
    with running_server.runtime.session_factory() as session:
        member = session.scalars(select(Member)).one()
        assert (member.status, member.province, member.handle) == ("active", "ON", "TomasLab")
        assert session.scalar(select(func.count()).select_from(Question)) == 0


def test_a_join_subject_never_restarts_a_joining_under_way(running_server: RunningServer) -> None:
    box = Mailbox(running_server, "lea@example.fr")
    assert "Which province" in text_of(box.ask("JOIN", subject="join"))
    # "I agree" is no province: the step is asked again; the subject does not start joining over, nor make
    # the body a question about joining.
    again = text_of(box.ask("I agree", subject="join"))
    assert again.startswith("Sorry, I did not understand the province"), again
    assert "nickname" in text_of(box.ask("Saskatchewan", subject="Re: join"))
    with running_server.runtime.session_factory() as session:
        member = session.scalars(select(Member)).one()
        assert (member.status, member.join_step, member.province) == ("joining", "handle", "SK")
        assert session.scalar(select(func.count()).select_from(Question)) == 0


def _joining_member(server: RunningServer, address: str) -> Member | None:
    with server.runtime.session_factory() as session:
        contact = session.scalars(select(Contact).where(Contact.address == address)).one()
        member = session.get(Member, contact.member_id) if contact.member_id is not None else None
        if member is not None:
            session.expunge(member)
        return member


def test_a_wish_to_join_in_plain_words_starts_joining_and_is_no_question(running_server: RunningServer) -> None:
    server = running_server
    add_leaders(server.runtime, ("Staff Pool", "staff@society.example", "national"))
    cases = {
        "+14165550701": ("Bonjour, je veux rejoindre le réseau", "fr"),
        "+14165550702": ("Je souhaite m'inscrire", "fr"),
        "+14165550703": ("inscrivez-moi svp", "fr"),
        "+14165550704": ("I want to join", "en"),
        "+14165550705": ("Hi! Sign me up please", "en"),
        "+14165550706": ("can I become a member?", "en"),
        "+14165550707": ("I'd like to join the network", "en"),
    }
    for number, (text, lang) in cases.items():
        [reply] = Phone(server, number).ask(text)
        member = _joining_member(server, number)
        assert member is not None, f"{text!r} did not start joining: {reply!r}"
        assert (member.status, member.join_step, member.lang) == ("joining", "province", lang), text
        assert "ON" in reply and ("Which province" in reply) == (lang == "en"), (text, reply)
        with server.runtime.session_factory() as session:
            kept = session.scalars(select(Question.text).where(Question.member_id == member.id)).all()
        assert kept == [], f"{text!r} was kept as a question"
    server.wait_idle()
    with server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 0
        assert session.scalar(select(func.count()).select_from(Outbound).where(Outbound.kind == "leader")) == 0
    # The trial's member goes on joining in French from there.
    assert "pseudo" in Phone(server, "+14165550701").ask("QC")[0]

    # By e-mail too: the wish on the line after the greeting, a signature below.
    box = Mailbox(server, "joelle@example.ca")
    welcome = text_of(box.ask("Hello,\nI would like to join the network.\n\nThanks,\nJoelle", subject="Hi"))
    assert "Which province" in welcome
    assert _joining_member(server, "joelle@example.ca") is not None
    # A question after the wish is no wish alone: it is kept for a leader, as before joining, never dropped.
    other = Mailbox(server, "kofi@example.gh")
    other.ask("Hi,\nI want to join.\nShould I take a lab assistant job in Sudbury or wait for one in Toronto?")
    with server.runtime.session_factory() as session:
        kept = session.scalars(select(Question.text)).all()
    assert len(kept) == 1 and "Sudbury" in kept[0]
    assert _joining_member(server, "kofi@example.gh") is not None


def test_a_question_about_joining_is_answered_not_obeyed(running_server: RunningServer) -> None:
    for number, text in (
        ("+14165550711", "how do I join?"),
        ("+14165550712", "Comment m'inscrire au réseau par texto?"),
        ("+14165550713", "Can I join if I am not in Canada yet?"),
    ):
        [answer] = Phone(running_server, number).ask(text)
        assert "JOIN" in answer, (text, answer)
        assert _joining_member(running_server, number) is None, text
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 0
