"""Every system message the code sends exists in English and French, and fits an SMS where it is one."""

from __future__ import annotations

import re
from pathlib import Path

from inbound.texts import TEXTS, say
from outbound.sms_text import count_segments

INBOUND = Path(__file__).resolve().parents[1] / "inbound"


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


def test_every_text_has_english_and_french_and_fits_two_segments() -> None:
    values = {
        "network": "Peerline",
        "handle": "CalmPipette42",
        "province": "ON",
        "stage": "PLA (prior learning assessment)",  # the longest stage label
        "terms_url": "https://peerline.example.org/terms",
        "staff": "ask@peerline.example.org",
        "ask": "ask@peerline.example.org",
        "wait": "2 days",
        "reason": "it looks like a phone number",
        "joined": "2026-12-01",
        "questions": 2,
        "target": "r***@example.org",
        "code": "123456",
        "here": "conversation par courriel",
        "link": "https://peerline.example.org/board/signin/abc",
    }
    for key, texts in TEXTS.items():
        assert set(texts) == {"en", "fr"}, key
        for lang in ("en", "fr"):
            assert count_segments(say(key, lang, **values)).segments <= 2, (key, lang)
