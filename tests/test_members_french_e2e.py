"""A French-speaking member (or a stranger who writes in French) gets every message fully in French.

Through the real SMTP server and webhook: the e-mail frame (greeting, notes, footer, `<html lang>`) is French;
an FAQ answer keeps the knowledge base's English, introduced as such; a leader's answer is signed
"Un pair (ON) :". By SMS the shaper folds the letters GSM-7 lacks (ê -> e) and keeps é è à ù.
"""

from __future__ import annotations

from email.message import EmailMessage

import httpx
from sqlalchemy import select

from outbound.sms_text import SegmentCount, count_segments
from store.models import Consent, Member, StaffFlag
from tests.conftest import RunningServer
from tests.members import Mailbox, Phone, text_of
from tests.test_routing_choice_e2e import ANA, answer_reaches, notice_about, question_about
from tests.test_routing_e2e import add_leaders, join, reply_as, send_reply, wait_for

# The English frame of our e-mails: none of it may reach a French reader.
ENGLISH_FRAME = (
    "Hello",
    "Rules change often",
    "This answer comes",
    "Useful links",
    "Reply to this e-mail",
    "Reply with",
    "We cannot",
    "We are not sure",
    "answered your question",
    "Your question was",
    "peer support for",
    "is a peer network",
    "Want answers",
)


def html_of(message: EmailMessage) -> str:
    body = message.get_body(("html",))
    assert body is not None
    return str(body.get_content())


def assert_all_french(message: EmailMessage) -> None:
    text, html = text_of(message), html_of(message)
    assert [phrase for phrase in ENGLISH_FRAME if phrase in text or phrase in html] == [], text
    assert '<html lang="fr">' in html
    assert "entraide pour les technologistes de laboratoire médical formés à l'étranger" in html


def join_by_email_in_french(box: Mailbox, handle: str) -> None:
    welcome = box.ask("JOIN", subject="JOIN")
    for text in ("ON", handle, "YES"):
        box.ask(text, reply_to=welcome)
    assert "français" in text_of(box.ask("LANG FR", subject="LANG FR"))


def test_a_french_email_question_answered_from_the_faq_is_framed_in_french(running_server: RunningServer) -> None:
    entry = running_server.runtime.faq_engine().entry("cred-documents")
    assert entry.verify and entry.links  # the frame's note about official sources and its links are shown
    box = Mailbox(running_server, "amelie@example.fr")
    reply = box.ask("Quels documents dois-je envoyer pour l'évaluation de mes diplômes ?", subject="Documents")
    text = text_of(reply)
    assert text.startswith("Bonjour,\n\nRéponse (en anglais) :\n\n" + entry.answer.strip()[:60])
    assert "Liens utiles :\n- https://camlpr.org" in text
    assert "Les règles changent souvent : vérifiez les détails auprès de la source officielle ci-dessus." in text
    assert "Cette réponse vient de la FAQ du réseau." in text
    assert "Répondez JOIN pour rejoindre le réseau." in text  # the stranger's invitation, in French
    assert_all_french(reply)
    assert reply["Subject"] == "Re: Documents"

    english = Mailbox(running_server, "amy@example.org").ask("How do I register for the exam?", subject="Exam")
    assert text_of(english).startswith("Hello,\n\n") and "This answer comes from the network's FAQ." in text_of(english)
    assert '<html lang="en">' in html_of(english)


def test_a_french_exam_refusal_offtopic_and_suggestions_by_email_are_in_french(running_server: RunningServer) -> None:
    stranger = Mailbox(running_server, "luc@example.fr")
    refusal = stranger.ask("Pouvez-vous m'envoyer les questions de l'examen que vous avez ?", subject="Examen")
    assert "Nous ne pouvons ni partager ni commenter le contenu de l'examen de certification" in text_of(refusal)
    assert "Votre message a été transmis à l'équipe du réseau." in text_of(refusal)
    assert_all_french(refusal)

    offtopic = stranger.ask("Quelle est la meilleure recette de gâteau au chocolat ?", subject="Recette")
    assert "réseau d'entraide" in text_of(offtopic) and "Envoyez-nous votre question" in text_of(offtopic)
    assert_all_french(offtopic)

    member = Mailbox(running_server, "chloe@example.fr")
    join_by_email_in_french(member, "Chloe7")
    offer = member.ask("pla", subject="")
    suggestions = running_server.runtime.faq_engine().decide("pla", province="ON", channel="email").suggestions
    assert "Est-ce l'une de celles-ci (en anglais) ?" in text_of(offer)
    assert f"Répondez avec le numéro ({', '.join(str(n) for n in range(1, len(suggestions) + 1))})" in text_of(offer)
    assert offer["Subject"] == "Votre question"
    assert_all_french(offer)

    already = member.ask("JOIN", subject="JOIN")  # a system text by e-mail keeps every accent
    assert text_of(already).startswith("Vous êtes déjà membre, Chloe7.")
    assert_all_french(already)


def test_a_french_member_gets_the_offer_by_sms_in_french(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+15145550901")
    join(phone, "QC", "Remi5")
    assert "francais" in phone.ask("LANG FR")[0]  # ç folded by the shaper
    [offer] = phone.ask("pla")
    assert offer.startswith("Vouliez-vous dire : 1) ")
    assert "ou 0 pour demander à un pair." in offer and "Reply" not in offer
    [already] = phone.ask("JOIN")
    assert already == "Vous etes déjà membre, Remi5. Envoyez simplement votre question."  # ê folded, é à kept


def test_a_leaders_answer_reaches_a_french_member_in_french_with_the_province(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", ANA, "ON"))
    phone = Phone(running_server, "+14165550902")
    join(phone, "ON", "Sophie3")
    phone.ask("LANG FR")
    phone.ask(question_about("Sudbury"))
    notice = notice_about(running_server, ANA, "Sudbury")
    assert answer_reaches(running_server, phone, reply_as("gmail", notice, "Bonne chance !", sender=ANA), ANA) == (
        "Un pair (ON) : Bonne chance !"
    )

    box = Mailbox(running_server, "sophie@example.fr")
    join_by_email_in_french(box, "SophieMail")
    box.send(question_about("Kingston"), subject="Kingston ou Toronto")
    notice = notice_about(running_server, ANA, "Kingston")
    send_reply(running_server, reply_as("gmail", notice, "Bonne chance !", sender=ANA), envelope_from=ANA)
    answer = wait_for(lambda: [m for m in box.received() if "Bonne chance" in text_of(m)])[0]
    text = text_of(answer)
    assert text.startswith("Bonjour SophieMail,\n\nUn pair (ON) a répondu à votre question :\n\nBonne chance !")
    assert "Votre question était :\n> Should I accept" in text
    assert "Répondez à ce courriel pour poser une question de suivi." in text
    assert answer["Subject"] == "Re: Kingston ou Toronto"
    assert_all_french(answer)


def test_an_exam_content_request_by_sms_is_refused_saying_staff_were_told(running_server: RunningServer) -> None:
    [english] = Phone(running_server, "+14165550903").ask("can you send me the exam recalls you have?")
    [french] = Phone(running_server, "+15145550904").ask("Pouvez-vous m'envoyer les questions de l'examen ?")
    assert english == (
        "Sorry, we can't share exam content (questions, recalls, answers): it breaks exam rules. Our staff have "
        "been told. Ask us about exam dates, format, fees or study groups instead."
    )
    assert french == (  # as delivered: ô folded, é à kept
        "Désolé, nous ne pouvons pas partager le contenu de l'examen (questions, souvenirs, réponses) : c'est "
        "contraire aux règles. L'équipe a été prévenue. Demandez-nous plutot les dates, le format, les frais ou les "
        "groupes d'étude."
    )
    for text in (english, french):
        assert count_segments(text) == SegmentCount(segments=2, encoding="GSM-7", units=len(text))
    with running_server.runtime.session_factory() as session:
        assert session.scalars(select(StaffFlag.kind)).all() == ["exam_content", "exam_content"]


def test_a_french_joiner_gets_the_french_terms_and_consents_to_the_same_version(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+15145550905")
    assert phone.ask("Bonjour")[0].startswith("Bienvenue à Peerline !")
    phone.ask("QC")
    [refused] = phone.ask("5145550905")
    assert refused.startswith("Ce pseudo n'est pas possible : il ressemble à un numéro de téléphone.")
    [terms] = phone.ask("Lucie9")
    url = f"{running_server.settings.public_url}/terms/fr"
    assert terms.startswith(f"Dernière étape : nos conditions sont à {url} .")
    assert "Bienvenue, Lucie9 !" in phone.ask("OUI")[0]
    with running_server.runtime.session_factory() as session:
        member = session.scalars(select(Member).where(Member.handle == "Lucie9")).one()
        consent = session.scalars(select(Consent).where(Consent.member_id == member.id)).one()
    assert consent.terms_version == running_server.runtime.network.terms_version  # the same terms in French
    assert f"{url} ." in consent.wording and consent.wording.startswith("Dernière étape")
    page = httpx.get(running_server.base_url + "/terms/fr", timeout=10)
    assert page.status_code == 200 and f"Version {consent.terms_version}" in page.text
