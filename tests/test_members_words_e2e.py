"""Plain-words stop, one confirmation only, and French system texts for French writers: real webhook and SMTP."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import Contact, Member, Outbound
from tests.conftest import RunningServer
from tests.members import Mailbox, Phone, text_of
from tests.test_members_e2e import member_by_handle


def _contact(server: RunningServer, address: str) -> Contact:
    with server.runtime.session_factory() as session:
        contact = session.scalars(select(Contact).where(Contact.address == address)).one()
        session.expunge(contact)
        return contact


def test_plain_words_stop_is_recognised_by_kind(running_server: RunningServer) -> None:
    cases = {
        "+14165550401": ("ne m'envoyez plus de messages", "Votre abonnement à Peerline est annulé"),
        "+14165550402": ("Merci d'arrêter de m'écrire", "Votre abonnement à Peerline est annulé"),
        "+14165550403": ("no more texts", "You are unsubscribed"),
        "+14165550404": ("Can you stop texting me?", "You are unsubscribed"),
        "+14165550405": ("I don't want any more messages", "You are unsubscribed"),
    }
    for number, (text, expected) in cases.items():
        [reply] = Phone(running_server, number).ask(text)
        assert reply.startswith(expected), (text, reply)
        contact = _contact(running_server, number)
        assert contact.opted_out, text
        assert contact.member_id is None, f"{text!r} must not start joining"
    # A question about stopping is answered, not obeyed.
    asker = Phone(running_server, "+14165550406")
    [answer] = asker.ask("How do I stop the texts?")
    assert "STOP" in answer and not _contact(running_server, "+14165550406").opted_out


def test_plain_words_about_reminders_turn_off_only_reminders(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550411")
    for text in ("JOIN ON", "Reminder5", "YES"):
        phone.ask(text)
    [reply] = phone.ask("please stop sending me reminders")
    assert reply.startswith("Meeting reminders are off")
    [reply] = phone.ask("plus de résumés svp")
    assert reply.startswith("The digest is off")
    member = member_by_handle(running_server, "Reminder5")
    assert (member.reminders_off, member.digest_off) == (True, True)
    assert not _contact(running_server, "+14165550411").opted_out


def test_a_second_stop_gets_nothing(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550421")
    [confirmation] = phone.ask("STOP")
    assert "unsubscribed" in confirmation
    for again in ("STOP", "stop", "please stop texting me", "ARRET", "UNSUBSCRIBE"):
        assert phone.ask_expecting_silence(again) == [], again
    box = Mailbox(running_server, "twice@example.org")
    assert "unsubscribed" in text_of(box.ask("STOP", subject="STOP"))
    box.send("STOP", subject="STOP")
    running_server.wait_idle()
    with running_server.runtime.session_factory() as session:
        confirmations = session.scalars(
            select(Outbound.to_address).where(Outbound.kind == "optout_confirm").order_by(Outbound.id)
        ).all()
    assert confirmations == ["+14165550421", "twice@example.org"]


def test_french_keywords_and_messages_from_strangers_get_french(running_server: RunningServer) -> None:
    [stopped] = Phone(running_server, "+15145550431").ask("ARRET")
    assert stopped.startswith("Votre abonnement à Peerline est annulé")
    [aide] = Phone(running_server, "+15145550432").ask("AIDE")
    assert "entraide" in aide and "STOP" in aide
    [arretez] = Phone(running_server, "+15145550433").ask("arrêtez les messages")
    assert arretez.startswith("Votre abonnement à Peerline est annulé")
    replies = Phone(running_server, "+15145550434").ask("Qu'est-ce que le CELBAN?")
    assert "Envoyez JOIN pour rejoindre le réseau." in replies[-1]
    assert "Text JOIN" not in " ".join(replies)
    # Someone who starts in French joins in French.
    [ask] = Phone(running_server, "+15145550435").ask("Bonjour")
    assert ask.startswith("Bienvenue à Peerline !")
    with running_server.runtime.session_factory() as session:
        lang = session.scalar(
            select(Member.lang).join(Contact, Contact.member_id == Member.id).where(Contact.address == "+15145550435")
        )
        assert lang == "fr"
        assert session.scalar(select(func.count()).select_from(Member).where(Member.lang == "fr")) == 1
    # English stays English.
    [help_text] = Phone(running_server, "+14165550436").ask("HELP")
    assert "peer help" in help_text


def test_thanks_get_a_warm_word_and_a_greeting_what_the_service_is(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550441")
    assert phone.ask("thanks!!") == ["Thank you for your message! Send another question any time."]
    [about] = phone.ask("good morning")
    assert "answers questions from lab technologists" in about and "HELP" in about
    french = Phone(running_server, "+15145550442")
    assert french.ask("merci beaucoup !") == ["Merci de votre message ! Envoyez une autre question quand vous voulez."]
    box = Mailbox(running_server, "thankful@example.org")
    assert "Thank you for your message!" in text_of(box.ask("Thank you so much, that helped.", subject="Thanks"))
