"""Which language a message is in, for someone who has not chosen one: French or English system texts."""

from __future__ import annotations

import re

from faq_engine.normalise import fold


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Keywords that only a French speaker sends (folded: no accents).
_FRENCH_KEYWORDS = _word_set("arret aide bonjour salut allo supprimer inscrire desabonner oui")
# Short function words, the cheapest reliable signal in short messages (folded, apostrophes split).
_FRENCH = _word_set(
    "je j tu vous nous il elle les des est suis sommes etes comment pourquoi quand quel quelle quels quelles ou "
    "pour une le la du au aux mon ma mes votre vos notre nos pas plus svp stp merci bonjour avec dans sur qui "
    "que quoi c l d m n qu s y ai avez faut dois peux puis veux voudrais arretez arreter envoyez ecrire "
    "messages courriel examen rien ne ce cette ces et mais donc car aussi tres deja encore"
)
_ENGLISH = _word_set(
    "i you we he she they the a an is are am was how what why when where which my me your do does did can "
    "could to for of and in on with please thanks thank hello hi want need have has should would will it "
    "this that be not no more stop send sending texts messages email exam get"
)
_WORD = re.compile(r"[a-z]+")


def guess_language(text: str) -> str | None:
    """ "fr" or "en" when the words say so, else None (a code, a number, a name)."""
    words = _WORD.findall(fold(text))
    if not words:
        return None
    if len(words) == 1 and words[0] in _FRENCH_KEYWORDS:
        return "fr"
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if french > english:
        return "fr"
    if english > french:
        return "en"
    return None
