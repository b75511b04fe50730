"""Every system message the code sends exists in English and French, and fits an SMS where it is one.

French is written with its accents (e-mail keeps them all); an SMS goes through the shaper, which keeps é è à ù
and folds the letters GSM-7 lacks (ê â î ô û ç ë ï œ), so every text must be GSM-7 once shaped, within 2 segments.
"""

from __future__ import annotations

import re
from pathlib import Path

from inbound.context import duration_words
from inbound.handles import handle_problem
from inbound.stages import STAGES
from inbound.stages import TEXTS as STAGE_TEXTS
from inbound.texts import TEXTS, say
from outbound.sms_text import count_segments, to_gsm

INBOUND = Path(__file__).resolve().parents[1] / "inbound"

# The longest value each placeholder takes, in each language.
VALUES = {
    "en": {
        "network": "Peerline",
        "handle": "CalmPipette42",
        "province": "abroad, moving to NL",  # the longest a province reads
        "planned": "NL",
        "stage": max((s.en for s in STAGES), key=len),
        "terms_url": "https://peerline.example.org/terms",
        "staff": "ask@peerline.example.org",
        "ask": "ask@peerline.example.org",
        "wait": duration_words(48, "en"),
        "reason": "it looks like a phone number",
        "joined": "2026-12-01",
        "questions": 2,
        "target": "r***@example.org",
        "code": "123456",
        "here": "e-mail conversation",
        "link": "https://peerline.example.org/board/signin/abc",
    },
    "fr": {
        "network": "Peerline",
        "handle": "CalmPipette42",
        "province": "à l'étranger, vers NL",
        "planned": "NL",
        "stage": max((s.fr for s in STAGES), key=len),
        "terms_url": "https://peerline.example.org/terms/fr",
        "staff": "ask@peerline.example.org",
        "ask": "ask@peerline.example.org",
        "wait": duration_words(48, "fr"),
        "reason": "il ressemble à un numéro de téléphone",
        "joined": "2026-12-01",
        "questions": 2,
        "target": "r***@example.org",
        "code": "123456",
        "here": "conversation par courriel",
        "link": "https://peerline.example.org/board/signin/abc",
    },
}

# French words that are always written with an accent: their bare form in a French text is a typo.
UNACCENTED = re.compile(
    r"\b(reseau|etes|deja|donnees|repondez|repondre|reponse|etape|etapes|derniere|desole|desabonnee?|numeros?|"
    r"prevenue|gardee|ete|effacees?|francais|reservee?|probleme|desactivee?s?|activee?s?|resume|piece|prevu|"
    r"confiee|numerote|proposes|meme|liee?|expiree?|reactiver|mentionne|note|etranger|formes|equipe|complete|"
    r"envoye|demande|publies|anonymises|erronee?|facons|terminee|telephone|commencant|reserve|apres|tres|"
    r"parametres|desormais)\b",
    re.IGNORECASE,
)


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in INBOUND.glob("*.py"):
        source = path.read_text()
        for call in re.finditer(r"send_text\(\s*ctx,\s*msg,((?:\s*\"[a-z_]+\",?)+)", source):
            keys |= set(re.findall(r"\"([a-z_]+)\"", call.group(1)))
        keys |= set(re.findall(r"\bsay\(\s*\"([a-z_]+)\"", source))
    return keys


def test_every_key_the_code_uses_exists() -> None:
    used = used_keys()
    assert len(used) > 30, "the scan should find the keys the code uses"
    assert sorted(used - TEXTS.keys()) == []


def every_text() -> list[tuple[str, str, str]]:
    """(name, language, text) of every system text with its longest values filled in."""
    texts: list[tuple[str, str, str]] = []
    for key, by_lang in TEXTS.items():
        assert set(by_lang) == {"en", "fr"}, key
        texts += [(key, lang, say(key, lang, **VALUES[lang])) for lang in ("en", "fr")]
    for key, by_lang in STAGE_TEXTS.items():
        assert set(by_lang) == {"en", "fr"}, key
        for lang in ("en", "fr"):
            labels = [s.fr if lang == "fr" else s.en for s in STAGES]
            choices = ", ".join(f"{n} {label}" for n, label in enumerate(labels, 1))
            current = by_lang.get("current", "").format(label=VALUES[lang]["stage"])
            text = by_lang[lang].format(label=max(labels, key=len), current=current, choices=choices)
            texts.append((f"stage {key}", lang, text))
    return texts


def test_every_text_is_gsm7_once_shaped_and_fits_two_segments() -> None:
    for name, lang, text in every_text():
        count = count_segments(to_gsm(text))
        assert (count.encoding, count.segments <= 2) == ("GSM-7", True), (name, lang, to_gsm(text), count)


def test_french_texts_are_written_with_their_accents() -> None:
    bare = [(name, m.group(0)) for name, lang, text in every_text() if lang == "fr" for m in UNACCENTED.finditer(text)]
    assert bare == []


def test_french_texts_space_their_high_punctuation() -> None:
    """French puts a space before : ; ! ? (a plain one: a non-breaking space is not GSM-7)."""
    for name, lang, text in every_text():
        if lang == "fr":
            no_url = re.sub(r"\S+://\S+|\S+@\S+", "", text)
            assert not re.search(r"\w[:;!?]", no_url), (name, text)
            assert "\u00a0" not in text and "\u202f" not in text, name


def test_handle_problems_are_explained_in_the_members_language() -> None:
    for handle in ("4165550101x", "me@example.org", "Maria Santos", "x", "admin"):
        english, french = handle_problem(handle, "en"), handle_problem(handle, "fr")
        assert english and french and english != french, handle
        assert UNACCENTED.search(french) is None, french
        for lang, reason in (("en", english), ("fr", french)):
            for key in ("handle_bad", "name_bad"):
                count = count_segments(to_gsm(say(key, lang, reason=reason)))
                assert (count.encoding, count.segments <= 2) == ("GSM-7", True), (key, lang, reason)
