"""Machine-written mail is recognised by several signals, measured on real bounces and auto-replies."""

from __future__ import annotations

import json

import pytest

from inbound.automatic import automatic_reason
from inbound.mime import parse_email
from tests.conftest import corpus


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, "auto-submitted:auto-replied"),
        ({"Auto-Submitted": "auto-generated; type=bounce"}, "auto-submitted:auto-generated"),
        ({"Precedence": "bulk"}, "precedence:bulk"),
        ({"Precedence": "junk"}, "precedence:junk"),
        ({"List-Id": "<lab.lists.example.org>"}, "list:list-id"),
        ({"X-Autoreply": "yes"}, "x-autoreply"),
        ({"X-Autorespond": "on vacation"}, "x-autoreply"),
        ({"Content-Type": "multipart/report; report-type=delivery-status"}, "delivery-report"),
        ({"From": "MAILER-DAEMON@mx.example.org"}, "daemon-sender"),
        ({"From": "Mail Delivery System <postmaster@example.org>"}, "daemon-sender"),
        ({"Subject": "Automatic reply: my question"}, "automatic-subject"),
        ({"Subject": "Réponse automatique : question"}, "automatic-subject"),
        ({"Subject": "Out of Office: PLA"}, "automatic-subject"),
    ],
)
def test_each_signal(headers: dict[str, str], reason: str) -> None:
    assert automatic_reason(headers) == reason


def test_null_sender_is_a_bounce() -> None:
    assert automatic_reason({"From": "maria@example.org"}, envelope_from="") == "null-sender"


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "no", "From": "Maria <maria@example.org>", "Subject": "Question about PLA"},
        {"From": "ravi@example.in", "Subject": "Re: your reply about the office hours"},
        {"From": "noreen@example.org", "Subject": "Automatic transmission of documents?"},
    ],
)
def test_a_persons_mail_is_not_automatic(headers: dict[str, str]) -> None:
    assert automatic_reason(headers, envelope_from="maria@example.org") is None


def test_every_real_bounce_and_auto_reply_is_recognised() -> None:
    folder = corpus("sisimai-set-of-emails")
    expected = json.loads((folder / "expected.json").read_text())["files"]
    bounces = sorted((folder / "bsd").glob("*.eml"))
    assert len(bounces) == 224
    missed = [p.name for p in bounces if automatic_reason(parse_email(p.read_bytes()).headers) is None]
    assert missed == []
    vacation = [
        name
        for name, facts in expected.items()
        if isinstance(facts, dict)
        and any(isinstance(r, dict) and r.get("reason") == "vacation" for r in facts.get("expected") or [])
    ]
    assert vacation, "the corpus marks RFC 3834 auto-replies as reason 'vacation'"


def test_real_person_written_mail_is_not_flagged() -> None:
    folder = corpus("sisimai-set-of-emails", "not")
    for name in ("is-not-bounce-01.eml", "is-not-bounce-02.eml"):
        assert automatic_reason(parse_email((folder / name).read_bytes()).headers) is None
