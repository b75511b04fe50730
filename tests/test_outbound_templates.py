"""Every template a member gets renders fully in their language; every SMS one is GSM-7 once shaped.

Leaders' templates (leader_notice, leader_question, leader_reminder) are in English: leaders work in English.
"""

from __future__ import annotations

import re

import pytest

from outbound.render import TEMPLATE_DIR, render_email, render_sms
from outbound.sms_text import count_segments, to_gsm

LEADERS_ONLY = {"leader_notice", "leader_question", "leader_reminder"}
EMAIL = sorted(
    p.name.removesuffix(".subject.txt")
    for p in TEMPLATE_DIR.glob("*.subject.txt")
    if p.name.removesuffix(".subject.txt") not in LEADERS_ONLY
)
SMS = sorted(p.name.removesuffix(".sms.txt") for p in TEMPLATE_DIR.glob("*.sms.txt"))
# Content that is not ours to translate: the knowledge base is in English, and so are its questions.
CONTEXT = {
    "network_name": "Peerline",
    "ask_address": "ask@peerline.example.org",
    "public_url": "https://peerline.example.org",
    "reply_subject": "Re: Examen",
    "footer": "",
    "answer": "KB-ANSWER",
    "answer_sms": "KB-ANSWER-SMS",
    "links": ["https://camlpr.org"],
    "verify": True,
    "suggestions": ["KB-QUESTION-1", "KB-QUESTION-2", "KB-QUESTION-3"],
    "message": "Vous êtes déjà membre.",
    "handle": "CalmPipette42",
    "attribution": "Un pair (ON)",
    "named": False,
    "question": "MEMBER-QUESTION",
}
# Words of our English frame; a French rendering must contain none of them.
ENGLISH = re.compile(
    r"\b(Hello|Reply|reply|Your|your|We|we|please|Please|answer(ed|s)?|question was|links|Rules|This|"
    r"peer support|peer network|ask a|Sorry|Did you mean|Staff|staff|instead|or 0)\b"
)


def test_the_scan_finds_the_member_templates() -> None:
    assert {"faq_answer", "suggest", "exam_refusal", "offtopic", "help", "leader_answer", "notice"} <= set(EMAIL)
    assert {"faq_answer", "suggest", "exam_refusal", "offtopic", "help", "leader_answer"} <= set(SMS)


@pytest.mark.parametrize("name", EMAIL)
def test_email_templates_render_fully_in_french(name: str) -> None:
    rendered = render_email(name, **{**CONTEXT, "lang": "fr"})
    for part in (rendered.subject, rendered.text, re.sub(r"<[^>]+>", " ", rendered.html)):
        assert ENGLISH.findall(part.replace("KB-ANSWER", "")) == [], (name, part)
    assert '<html lang="fr">' in rendered.html
    english = render_email(name, **{**CONTEXT, "lang": "en"})
    assert '<html lang="en">' in english.html
    assert english.text != rendered.text or name == "notice"  # a notice is the text we were given, nothing more


@pytest.mark.parametrize("name", SMS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sms_templates_are_gsm7_once_shaped_and_in_the_language(name: str, lang: str) -> None:
    text = render_sms(name, **{**CONTEXT, "lang": lang})
    count = count_segments(to_gsm(text))
    assert count.encoding == "GSM-7", (name, lang, text)
    if name not in ("faq_answer", "suggest", "leader_answer"):  # ours alone, not carrying someone's text
        assert count.segments <= 2, (name, lang, text)
    if lang == "fr":
        assert ENGLISH.findall(text) == [], (name, text)
