"""Which e-mail replies to an FAQ answer say it did not help (and what the member added), and which are questions."""

from __future__ import annotations

import pytest

from inbound.followups import turned_down


@pytest.mark.parametrize(
    "reply",
    [
        "No",
        "It did not answer my question.",
        "That doesn't help.",
        "Wrong answer",
        "No, that is not what I asked",
        "Ce n'est pas ce que je cherchais.",
        "Non, ça ne répond pas à ma question.",
    ],
)
def test_a_plain_turn_down_adds_nothing(reply: str) -> None:
    assert turned_down(reply) == ""


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        ("That's not my question. I asked about Alberta.", "I asked about Alberta."),
        ("not what i meant, i need the fee for BC", "not what i meant, i need the fee for BC"),
        ("Non, ça ne répond pas à ma question. Je suis en Alberta.", "Je suis en Alberta."),
    ],
)
def test_what_the_member_adds_is_kept_for_the_leader(reply: str, detail: str) -> None:
    assert turned_down(reply) == detail


@pytest.mark.parametrize(
    "reply",
    ["How do I book the exam?", "Not sure when the exam is?", "Is it not the same for Alberta?", "Thanks, it helped!"],
)
def test_a_new_question_or_thanks_is_no_turn_down(reply: str) -> None:
    assert turned_down(reply) is None
