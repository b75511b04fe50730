"""Plain-words wishes to join, in English and French, recognised by kind rather than by exact phrase.

A wish to join is a short message whose whole point is joining us, in any of the ways people say it (greetings
and "please"/"merci" around it do not count): a wish ("I want to join", "I'd like to become a member of the
network", "je veux rejoindre le réseau", "je souhaite m'inscrire"), a request ("sign me up", "count me in",
"inscrivez-moi", "add me to the group"), or asking leave ("can I become a member", "puis-je m'inscrire ?").
What is joined must be us, or nothing: "I want to join CSMLS" or "je veux m'inscrire à l'examen" are
questions. So is anything about joining rather than a wish to: "How do I join?", "Can I join if I am abroad?"
— the FAQ answers those.
"""

from __future__ import annotations

import re

from faq_engine.normalise import fold

_MAX_WORDS = 16

# What someone joins: us (folded, no accents).
_OURS_EN = (
    r"((the|your|this|our|ur) )?((peer|support|mlt|iemlt|lab|mentoring|mentorship) )*"
    r"(network|group|community|service|list|program|programme|club|platform|peerline)"
)
_OBJECT_EN = rf"( ((of|for|to|with|in|on|into) )?({_OURS_EN}|you|you guys|u|us|peerline))?"
_OURS_FR = (
    r"((le|la|l'|votre|vos|ce|cette|les|du|de|de la|de l'|des|au|aux|a|a la|a l'|dans|dans le|dans la|dans votre"
    r"|parmi) ?)?(reseau|groupe|communaute|service|liste|programme|club|plateforme|peerline|vous)"
)
_OBJECT_FR = rf"( {_OURS_FR})?"

_JOIN_EN = r"(join|join up|join in|sign up|signup|subscribe|enrol|enroll|become a member|be a member|get involved)"
_JOIN_FR = (
    r"(rejoindre|m'inscrire|m inscrire|minscrire|inscrire|adherer|devenir membre|devenir un membre|etre membre"
    r"|faire partie|participer)"
)
_WISHES = tuple(
    re.compile(pattern)
    for pattern in (
        # English: a wish, a request, asking leave
        rf"(i ?)?(really |also |would )?(want|wanna|would like|'d like|d like|wish|would love|'d love|d love|hope|"
        rf"am hoping|plan|am planning|am looking|am keen|would be glad|'m keen|m keen) to {_JOIN_EN}{_OBJECT_EN}",
        rf"(i'm|im|i am) (interested in|keen on) (joining|signing up|becoming a member){_OBJECT_EN}",
        rf"(sign|count|add|put|enrol|enroll|register) me( up| in| on)?{_OBJECT_EN}",
        rf"(can|could|may) i (please )?{_JOIN_EN}{_OBJECT_EN}",
        rf"let me {_JOIN_EN}{_OBJECT_EN}",
        r"i want in",
        rf"(new member|joining|join request|request to join|membership request){_OBJECT_EN}",
        # French
        rf"(je |j'|j )?(veux|voudrais|souhaite|souhaiterais|aimerais|desire|voudrai|compte|tiens a) (bien )?"
        rf"(vous )?{_JOIN_FR}{_OBJECT_FR}",
        rf"(inscrivez|inscris|ajoutez|ajoute|inscrire|ajouter)[- ]?(moi|nous){_OBJECT_FR}",
        rf"(est-ce que |est ce que )?(je peux|puis-je|puis je|pourrais-je|pourrais je|je pourrais|est-il possible de"
        rf"|est il possible de|c'est possible de) (vous )?{_JOIN_FR}{_OBJECT_FR}",
        rf"(je suis )?(interesse|interessee|interesse\(e\)) (a|par) ({_JOIN_FR}|l'adhesion|une adhesion){_OBJECT_FR}",
    )
)
# Said around the wish, not part of it.
_GREETING = re.compile(
    r"^((hi|hello|hey|hiya|greetings|good (morning|afternoon|evening|day)|dear (team|sir|madam|all)|bonjour|bonsoir"
    r"|salut|allo|coucou|cher|chere|madame|monsieur)( there| all| everyone| team| tout le monde| a tous"
    r"| a toutes)?|yes|oui|ok|okay) "
)
_POLITE_START = re.compile(r"^(please|pls|plz|kindly|svp|stp|s'il vous plait|s'il te plait|merci de) ")
_POLITE_END = re.compile(
    r" (please|pls|plz|thanks|thank you|thank you so much|thx|merci|merci beaucoup|svp|stp|s'il vous plait"
    r"|s'il te plait|now|today|asap|too|also|aussi|maintenant|aujourd'hui)$"
)


def _plain(text: str) -> str:
    folded = fold(text).replace("’", "'")
    return " ".join(re.sub(r"[^\w'-]+", " ", folded).split())


def _core(text: str) -> str:
    """The message without the greetings and the please/thanks around the wish."""
    plain = _plain(text)
    while True:
        before = plain
        for pattern in (_GREETING, _POLITE_START):
            plain = pattern.sub("", plain + " ", count=1).strip()
        plain = _POLITE_END.sub("", " " + plain).strip()
        if plain == before:
            return plain


def join_request(text: str) -> bool:
    """True for a plain-words wish to join ("I want to join", "je veux m'inscrire"), never a question about it."""
    if not text.strip() or len(text.split()) > _MAX_WORDS:
        return False
    core = _core(text)
    return bool(core) and any(pattern.fullmatch(core) for pattern in _WISHES)
