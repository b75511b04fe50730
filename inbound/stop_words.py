"""Plain-words requests to stop, in English and French, recognised by kind rather than by exact phrase.

A request to stop is a short message (not a question) that asks us to stop sending, in any of the ways people
say it: a stop verb with what we send ("stop texting me", "arrêtez les messages", "Merci d'arrêter de m'écrire"),
a negated send ("don't text me again", "ne m'envoyez plus de messages"), "no more …" ("no more texts", "plus de
textos svp"), a wish ("I want to stop receiving messages", "je ne veux plus de messages"), a removal ("remove me
from the list", "désabonnez-moi"). Naming reminders or the digest narrows it to that kind: "please stop sending
me reminders" is REMINDERS OFF, not STOP. "How do I stop the texts?" is a question, answered by the FAQ.
"""

from __future__ import annotations

import re
from typing import Literal

from faq_engine.normalise import fold

StopKind = Literal["all", "reminders", "digest"]

_MAX_WORDS = 14
# What we send, in either language (folded: no accents).
_WHAT = (
    r"(texts?|texting|messages?|msgs?|sms|e-?mails?|mails?|notifications?|alerts?|reminders?|digests?|newsletters?|"
    r"textos?|courriels?|rappels?|resumes?|infolettres?)"
)
_SEND_EN = (
    r"(send(ing)?|text(ing)?|messag(e|ing)|e-?mail(ing)?|writ(e|ing)( to)?|contact(ing)?|spam(ming)?|bother(ing)?)"
)
_SEND_FR = r"(envoyer|ecrire|texter|contacter|spammer|deranger|relancer)"
_ME = r"(me|us|to me|this number|this address|my number|my e-?mail)"
_POLITE_END = r"(\s+(again|anymore|any more|ever|ever again|please|pls|plz|thanks|thank you|now|svp|stp|merci))*$"
_REQUESTS = tuple(
    re.compile(pattern)
    for pattern in (
        # English
        rf"\b(stop|quit|cease)\s+{_SEND_EN}(\s+{_ME}\b|{_POLITE_END})",
        rf"\b(stop|end|cancel|pause|halt)\s+((the|your|all|these|those|this|any|sending|sending me)\s+)*{_WHAT}\b",
        rf"\b(do not|don'?t|dont|never)\s+{_SEND_EN}\s+{_ME}{_POLITE_END}",
        rf"\b(do not|don'?t|dont|never)\s+send\s+{_ME}\s+((any( more)?|anymore|more|further|these|those|the|your)\s+)*"
        rf"{_WHAT}\b",
        rf"^(please |pls )?no (more|further)\s+((of )?(your|these|the)\s+)?{_WHAT}\b",
        r"\b(want|would like|'d like|wish|need|have) to (unsubscribe|opt ?out|be removed|stop (receiving|getting)"
        r"|leave (the|this|your) (list|network|group|service))\b",
        rf"\b(don'?t|do not|dont) (want|need|wish to (get|receive)) ((any( more)?|anymore|more|your|these|the|further)"
        rf"\s+)*{_WHAT}\b",
        r"\b(remove|delete|unsubscribe) (me|my (number|e-?mail|address))\b(?! (to|as|for|in|on)\b)",
        r"\b(take|opt) (me|my number|my e-?mail) (off|out)\b",
        r"^(please |pls |kindly )?(unsubscribe|opt ?out)\b",
        r"\bleave me alone\b",
        # French
        rf"\b(arrete[rsz]?|cessez|cesse[rs]?|stoppez)\s+(de |d')(m'|me |nous ){_SEND_FR}\b",
        rf"\b(arrete[rsz]?|cessez|cesse[rs]?|stop|stoppez)\s+(les|vos|ces|tes|tous les|toutes les)\s+{_WHAT}\b",
        r"\b(ne )?(m'|me |nous )(envoyez|envoie[sz]?|ecrivez|ecris|textez|texte[sz]?|contactez|contacte[sz]?|"
        r"relancez|derangez) plus\b",
        rf"^((svp|stp|s'il vous plait|merci)\s+)?(plus|pas) de {_WHAT}{_POLITE_END}",
        rf"\b(ne )?(veux|voudrais|souhaite) (plus|pas) ((de|d'|recevoir|avoir|vos|ces|les|des)\s*)+{_WHAT}\b",
        r"\b(desabonne[rz]?|desinscri(re|vez)|retirez|enlevez|supprimez|rayez)[- ](moi|mon numero|mon courriel)\b",
        r"^((svp|stp|merci de|je veux|je voudrais|je souhaite)\s+)?(me )?(desabonner|desinscrire)\b",
        r"\blaissez[- ]moi tranquille\b",
    )
)
# "Can you stop texting me?" is a request said politely, not a question about stopping.
_POLITE = re.compile(
    r"^((can|could|would|will) (you|u)|(pouvez|pourriez)-vous|(pouvez|pourriez) vous|(peux|pourrais)-tu)"
    r"( please| pls| kindly| svp| s'il vous plait)?\s+"
)
_QUESTION_START = re.compile(
    r"^(how|what|why|when|where|which|can|could|will|would|is|are|does|did|if|comment|pourquoi|quand|est-ce|"
    r"est ce|puis-je|peut-on|pouvez-vous|si)\b"
)
_REMINDERS = re.compile(r"\b(reminders?|rappels?)\b")
_DIGEST = re.compile(r"\b(digests?|newsletters?|summary|summaries|resumes?|infolettres?)\b")


def _plain(text: str) -> str:
    folded = fold(text).replace("’", "'")
    return " ".join(re.sub(r"[^\w'@+-]+", " ", folded).split())


def stop_request(text: str) -> StopKind | None:
    """ "all" for a request to stop every message, "reminders"/"digest" for just that kind, else None."""
    plain = _plain(text)
    polite = _POLITE.match(plain)
    if polite is not None:
        plain = plain[polite.end() :]
    elif "?" in text or _QUESTION_START.match(plain):
        return None  # a question about stopping is answered, not obeyed
    if not plain or len(plain.split()) > _MAX_WORDS:
        return None
    if not any(pattern.search(plain) for pattern in _REQUESTS):
        return None
    if _REMINDERS.search(plain):
        return "reminders"
    if _DIGEST.search(plain):
        return "digest"
    return "all"
