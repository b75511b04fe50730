"""A member's stage: set with STAGE (numbers or words, English or French), shown to leaders and in MYDATA."""

from __future__ import annotations

import json

import pytest

from inbound.stages import parse_stage
from outbound.sms_text import count_segments, to_gsm
from tests.conftest import RunningServer
from tests.members import Mailbox, Phone, text_of
from tests.test_routing_e2e import QUESTION, add_leaders, join, notices_for, wait_for


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("1", "credentials"),
        ("credential review", "credentials"),
        ("Diplômes", "credentials"),
        ("2", "pla"),
        ("PLA", "pla"),
        ("prior learning assessment", "pla"),
        ("évaluation des acquis", "pla"),
        ("3", "exam"),
        ("exam", "exam"),
        ("Examen", "exam"),
        ("4", "licence"),
        ("license", "licence"),
        ("permis", "licence"),
        ("5", "job_search"),
        ("job search", "job_search"),
        ("looking for work", "job_search"),
        ("recherche d'emploi", "job_search"),
        ("6", "working"),
        ("working", "working"),
        ("je travaille", "working"),
        ("none", ""),
        ("aucune", ""),
        ("7", None),
        ("banana", None),
    ],
)
def test_stage_words(typed: str, stage: str | None) -> None:
    assert parse_stage(typed) == stage


def test_stage_messages_fit_two_sms_segments_in_both_languages() -> None:
    from inbound.stages import STAGES, TEXTS

    longest = max((stage.en for stage in STAGES), key=len), max((stage.fr for stage in STAGES), key=len)
    choices = {lang: ", ".join(f"{n} {getattr(s, lang)}" for n, s in enumerate(STAGES, 1)) for lang in ("en", "fr")}
    for lang, label in zip(("en", "fr"), longest, strict=True):
        current = TEXTS["current"][lang].format(label=label)
        for key, text in TEXTS.items():
            worded = text[lang].format(label=label, current=current, choices=choices[lang])
            # As delivered: the shaper folds the French letters GSM-7 lacks (ô, ç...); é è à ù stay.
            count = count_segments(to_gsm(worded))
            assert (count.encoding, count.segments <= 2) == ("GSM-7", True), (key, lang, worded)


def test_stage_by_sms_reaches_the_leader_and_mydata(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", "ana@leaders.example", "ON"))
    phone = Phone(running_server, "+14165550601")
    assert "That works for members" in phone.ask("STAGE 3")[0]
    join(phone, "ON", "Staged1")
    [menu] = phone.ask("STAGE")
    assert "Reply STAGE and a number" in menu and "3 certification exam" in menu and "6 working in a lab" in menu
    [unknown] = phone.ask("stage banana")
    assert "Reply STAGE and a number" in unknown
    [done] = phone.ask("stage 3")
    assert done.startswith("Your stage is now: certification exam.")
    assert "(now: certification exam)" in phone.ask("STAGE")[0]

    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(running_server, "ana@leaders.example"))
    assert "Province: ON\nStage: certification exam\n" in text_of(notice)
    [summary] = phone.ask("MYDATA")
    assert "stage certification exam" in summary

    assert "francais" in phone.ask("LANG FR")[0]
    [french] = phone.ask("ETAPE recherche d'emploi")
    assert french.startswith("Votre étape est maintenant : recherche d'emploi.")
    [cleared] = phone.ask("ÉTAPE aucune")
    assert cleared == "Votre étape est effacée."
    # In French a "stage" is also an internship: a French-speaking member's "stage clinique" is not the command.
    [internship] = phone.ask("stage clinique")
    assert "ÉTAPE" not in internship and "ETAPE" not in internship


def test_no_stage_no_line_and_mydata_file_by_email(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", "ana@leaders.example", "ON"))
    phone = Phone(running_server, "+14165550602")
    join(phone, "ON", "Unstaged1")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(running_server, "ana@leaders.example"))
    assert "Stage:" not in text_of(notice)

    box = Mailbox(running_server, "lena@example.org")
    welcome = box.ask("JOIN", subject="JOIN")
    for text in ("ON", "Lena42", "YES"):
        box.ask(text, reply_to=welcome)
    assert "Your stage is now: PLA (prior learning assessment)." in text_of(box.ask("STAGE 2", subject="STAGE"))
    [attachment] = list(box.ask("MYDATA").iter_attachments())
    assert json.loads(attachment.get_content())["member"]["stage"] == "pla"
