"""A wish to join in plain words is recognised by kind; a question about joining, or joining something else, is not."""

from __future__ import annotations

import pytest

from inbound.join_words import join_request

WISHES = [
    "Bonjour, je veux rejoindre le réseau",
    "I want to join",
    "sign me up",
    "can I become a member",
    "Can I become a member?",
    "je veux m'inscrire",
    "Je souhaite m’inscrire au réseau",
    "inscrivez-moi",
    "Inscrivez-moi svp",
    "Hi! I'd like to join the network please",
    "Hello. I would like to join.",
    "Sign me up for the network!",
    "count me in",
    "Could I please sign up?",
    "I'm interested in joining",
    "je voudrais devenir membre du réseau",
    "Bonjour, j'aimerais faire partie du réseau",
    "puis-je m'inscrire ?",
    "est-ce que je peux rejoindre le réseau?",
    "add me to the group",
    "Hi there, I want to join your peer support network, thanks",
]
NOT_WISHES = [
    "how do I join?",
    "How can I join the network?",
    "Can I join if I am abroad?",
    "Is it free to join?",
    "What happens when I join?",
    "comment m'inscrire?",
    "comment rejoindre le réseau ?",
    "I don't want to join",
    "je ne veux pas m'inscrire",
    "I want to join CSMLS",
    "I want to join a study group",
    "je veux m'inscrire à l'examen",
    "I want to register for the exam",
    "I want to register",
    "sign up for the exam",
    "I want to leave the network",
    "remove me from the list",
    "join",
]


@pytest.mark.parametrize("text", WISHES)
def test_a_wish_to_join(text: str) -> None:
    assert join_request(text)


@pytest.mark.parametrize("text", NOT_WISHES)
def test_not_a_wish_to_join(text: str) -> None:
    assert not join_request(text)
