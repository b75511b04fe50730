"""Rules that decide before (or instead of) FAQ matching: commands, the exam guard, off-topic messages,
messages that need a person, and province mentions.

Every rule works on kinds of messages (an opt-out, a request for exam recalls, an appeal, a distress call),
never on particular sentences. Patterns run over folded text (lower case, no accents, see ``normalise.fold``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from faq_engine.model import PROVINCES
from faq_engine.normalise import fold
from faq_engine.places import PLACE_PATTERN, PROVINCE_NAMES, place_code

# ----------------------------------------------------------------------------------------------------
# provinces

# Two-letter codes count only when written in capitals (so "on", "ns" in sentences do not), except "bc".
_CODE_PATTERN = re.compile(r"\b(" + "|".join(PROVINCES) + r")\b")
_BC_LOWER = re.compile(r"\bbc\b")


def provinces_mentioned(text: str) -> list[str]:
    """Province codes named in a message (by name, city, regulator or capitalised code), in order."""
    found: list[str] = []
    for match in PLACE_PATTERN.finditer(fold(text)):
        found.append(place_code(match.group(1)))
    for match in _CODE_PATTERN.finditer(text):
        found.append(match.group(1))
    if _BC_LOWER.search(fold(text)):
        found.append("BC")
    seen: list[str] = []
    for code in found:
        if code not in seen:
            seen.append(code)
    return seen


def province_code(value: str) -> str | None:
    """A two-letter code from a code or a province name ("ns", "Nova Scotia" -> "NS"), else None."""
    value = value.strip()
    if value.upper() in PROVINCES:
        return value.upper()
    return PROVINCE_NAMES.get(fold(value)) if fold(value) in PROVINCE_NAMES and len(value) > 3 else None


# ----------------------------------------------------------------------------------------------------
# typos


class GuardSpelling:
    """Misspelt words of a message set to the pattern words they stand for, so a typo does not hide a kind
    of message ("who wrte tooday", "unsubscirbe me", "i dont feel saef").

    A word (4+ letters, not a pattern word) becomes the pattern word with the same first letter that is a
    letter missing, added or two letters swapped away; from ``changed_from`` letters (6), one changed letter too
    (a changed letter in a short word is often another word: "form" is "from" swapped, "farm" is not).
    """

    def __init__(self, *patterns: re.Pattern[str], changed_from: int = 6) -> None:
        self.changed_from = changed_from
        self.words = tuple(
            sorted({w for p in patterns for w in re.findall(r"[a-z]{4,}", re.sub(r"\\[a-z]", " ", p.pattern))})
        )
        self._known = frozenset(self.words)
        self._cache: dict[str, str] = {}

    def word(self, word: str) -> str:
        if len(word) < 4 or word in self._known or not word.isalpha():
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found = word
        for candidate, _, _ in process.extract(word, self.words, scorer=OSA.distance, score_cutoff=1, limit=5):
            candidate = str(candidate)
            if candidate[0] != word[0]:
                continue
            if len(word) >= self.changed_from or len(candidate) != len(word) or sorted(candidate) == sorted(word):
                found = candidate
                break
        if len(self._cache) < 50_000:
            self._cache[word] = found
        return found

    def __call__(self, folded: str) -> str:
        return re.sub(r"[a-z]+", lambda m: self.word(m.group(0)), folded)


# ----------------------------------------------------------------------------------------------------
# commands


@dataclass(frozen=True)
class Command:
    keyword: str
    argument: str | None = None


_KEYWORDS = {
    "STOP": "STOP",
    "STOPALL": "STOP",
    "UNSUBSCRIBE": "STOP",
    "CANCEL": "STOP",
    "END": "STOP",
    "QUIT": "STOP",
    "ARRET": "STOP",
    "ARRETER": "STOP",
    "DESABONNER": "STOP",
    "START": "START",
    "UNSTOP": "START",
    "RESUME": "START",
    "HELP": "HELP",
    "INFO": "HELP",
    "AIDE": "HELP",
    "JOIN": "JOIN",
    "SUBSCRIBE": "JOIN",
    "INSCRIRE": "JOIN",
    "NAME": "NAME",
    "NOM": "NAME",
    "PROVINCE": "PROVINCE",
    "PROV": "PROVINCE",
    "MYDATA": "MYDATA",
    "DELETE": "DELETE",
    "SUPPRIMER": "DELETE",
    "LANG": "LANG",
    "LANGUE": "LANG",
    "LANGUAGE": "LANG",
    "MEETING": "MEETING",
    "MEETINGS": "MEETING",
    "LEADER": "LEADER",
}
COMMAND_WORDS = frozenset(_KEYWORDS)
_ARGUMENT_REQUIRED = {"NAME", "PROVINCE", "LANG"}

_NATURAL_OPT_OUT = re.compile(
    r"^(please\s+|pls\s+|plz\s+|kindly\s+)?(unsubscribe|stop|remove|opt\s*out|cancel|take)\b"
    r"(\s+(me|my|this|these|the|all|sending|texting|messaging|messages|texts|sms|from|of|out|number|list|"
    r"subscription|please|pls|now|thanks?|thank you|asap|off|your|network|group|it|emails?|immediately))*"
    r"[\s.!]*$"
)


def detect_command(text: str) -> Command | None:
    """A command keyword message (STOP, JOIN ON, NAME x, PROV NS, LANG FR, 0-3 ...), or None.

    Commands are whole messages: "how do I stop the texts?" is a question, not STOP.
    """
    stripped = text.strip().strip(".!").strip()
    if not stripped or len(stripped) > 60:
        return None
    if re.fullmatch(r"[0-3]", stripped):
        return Command("CHOICE", stripped)
    parts = stripped.split(None, 1)
    keyword = fold(parts[0]).upper().strip(".!:,")
    argument = parts[1].strip() if len(parts) > 1 else None
    if keyword in _KEYWORDS:
        canonical = _KEYWORDS[keyword]
        if argument is None and canonical not in _ARGUMENT_REQUIRED:
            return Command(canonical)
        if argument is not None:
            if canonical == "NAME" and re.fullmatch(r"[\w.\-]{2,30}", argument):
                return Command("NAME", argument)
            if canonical in ("PROVINCE", "JOIN", "START") and (code := province_code(argument)):
                return Command(canonical, code)
            if canonical == "LANG" and fold(argument).upper() in (
                "FR",
                "EN",
                "FRENCH",
                "ENGLISH",
                "FRANCAIS",
                "ANGLAIS",
            ):
                return Command("LANG", "FR" if fold(argument).upper().startswith("F") else "EN")
            if canonical == "STOP" and fold(argument) in ("all", "please", "pls", "now"):
                return Command("STOP")
    if _NATURAL_OPT_OUT.match(fold(stripped)) and len(stripped.split()) <= 8:
        return Command("STOP")
    # an opt-out must be honoured even misspelt ("unsubscirbe me pls", "STOPAL")
    corrected = _OPT_OUT_SPELLING(fold(stripped))
    if corrected != fold(stripped) and len(stripped.split()) <= 8:
        first, _, rest = corrected.partition(" ")
        if first in _OPT_OUT_WORDS and rest.strip(" .!") in ("", "all", "please", "pls", "now"):
            return Command("STOP")
        if _NATURAL_OPT_OUT.match(corrected):
            return Command("STOP")
    return None


_OPT_OUT_WORDS = ("unsubscribe", "stopall", "desabonner", "arreter")
# a changed letter counts only from 7 letters: "cancer" is not "cancel"
_OPT_OUT_SPELLING = GuardSpelling(_NATURAL_OPT_OUT, re.compile("|".join(_OPT_OUT_WORDS)), changed_from=7)


# ----------------------------------------------------------------------------------------------------
# exam guard
#
# A request for (or an offer of) exam content has a shape: a verb of sharing (share, send, forward, post, give me
# ...) or of having or remembering, whose object is the exam's own questions or answers ("the exam answers",
# "the questions from the exam"), or a reference to a sitting that happened ("what came in heme", "questions
# on yesterday's exam", "the questions that came up"). Asking ABOUT the exam (how many questions, their format,
# scoring, language, registration) has none of these, even when it says "questions on the exam". French and SMS
# shorthand are first written the English way (``exam_view``), so one set of patterns reads all three.

_EXAM_WORD = (
    r"(exam|examen|test|paper|sitting|window|heme|hematology|chem|chemistry|micro|microbiology|"
    r"transfusion|blood bank|histo|histology|camlpr|csmls|field)"
)
# "recall" the noun ("exam recalls", "any recall for heme?"), not the verb ("I don't recall when I applied"); French
# "rappel" is a recall only beside an exam word (else it is a reminder: "les rappels des rencontres")
_CONTENT_ALWAYS = re.compile(
    r"\b(recalls|(any|some|the|an?|exam|test|your|these|those|has|have|got|send|share|post|sell|buy) recall|"
    r"rappels? (de |d'|des |du )(l'|la |le )?(examen|exam|test|chimie|hemato\w*|micro\w*|histo\w*)|"
    r"(examen|exam|test)s? \w* ?rappels?|question\s*banks?|banque de questions|answer\s*keys?|corrige|braindumps?|"
    r"dumps?|leaked|leaks?|real (exam )?questions|actual (exam )?questions|past (exam )?papers?|"
    r"past questions|exam pdf|exam papers?|memorized questions|questions? (pdf|file|dump))\b"
)

_MOIS = r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
# participles of having kept or received ("quelqu'un a garde les questions", "j'ai recu les reponses")
_HAD = r"gardee?s?|conservee?s?|sauvegardee?s?|recue?s?|obtenue?s?|eue?s?"
_PERSON = {"qui": "who", "il": "he", "elle": "she", "on": "we", "ils": "they", "elles": "they", "vous": "you",
           "tu": "you"}  # fmt: skip
# French phrases and elisions first, then words (folded text: no accents).
_VIEW_PHRASES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\b(qu'est-ce |qu'est ce |ce )qui (est|sont|etait|etaient|a ete|ont ete) tombee?s?\b", " what came "),
        (r"\bqui (est|sont|etait|etaient|a ete|ont ete) tombee?s?\b", " that came "),
        (r"\b(est|sont|etait|etaient) tombee?s?\b", " came "),
        (r"\baujourd'hui\b", " today "),
        (r"\bce matin\b", " this morning "),
        (r"\b(la )?semaine (derniere|passee)\b", " last week "),
        (r"\b(la )?(derniere|precedente) (session|fois)\b|\b(la )?session (derniere|passee|precedente)\b",
         " last sitting "),
        (r"\b(de )?l'(an|annee) (derniere?|passee?)\b", " last year "),
        (r"\b(le |du )?mois (dernier|passe)\b", " last month "),
        (r"\b(" + _MOIS + r") (dernier|passe)\b", r" last \1 "),
        # the real (leaked) questions: "les vraies questions", "les questions reelles"
        (r"\b(vraie?s?|reelle?s?|veritables?|authentiques?) (questions?|examens?)\b", r" real \2 "),
        (r"\b(questions?|examens?) (reelle?s?|veritables?|authentiques?)\b", r" real \1 "),
        # a rumour about what the exam asks: "c'est vrai que ... beaucoup de questions sur les parasites"
        (r"\b(c'est|est-ce|est-il) (vrai|exact) que\b", " is it true that "),
        (r"\b(j'ai entendu( dire)?|on (m'a|nous a) dit|il parait|on dit) que?\b", " i heard that "),
        (r"\bbeaucoup de questions (sur|en) (les |la |le |l')?(?!examen|test)", " lots of questions on "),
        (r"\b(quelqu'(un|1)|qq(un|n|1)|l'une? |une? personne) ?(d'entre vous|parmi vous|ici|dans le (reseau|groupe))\b",
         " any of you "),
        (r"\bquelqu'(un|1)\b|\bqq(un|n|1)\b", " someone "),
        (r"\bj'ai\b", " i have "),
        (r"\b(avez-vous|avez vous|as-tu|as tu)\b", " have you "),
        (r"\b(vous avez|tu as)\b", " do you have "),
        # avoir after a person is having ("quelqu'un a les questions", "qui aurait les reponses"); after the exam
        # or a question it is not ("combien de questions a l'examen", "l'examen a-t-il", "quand a lieu")
        (r"\b(someone|any of you|qui|il|elle|on|ils|elles|vous|tu)(\s+n'|\s+ne)?\s+(a|as|avez|ont|avait|avais|aviez|"
         r"avaient|aurait|aurais|auriez|auraient|aura|auras|aurez|auront|possede|possedes|possedez|possedent|"
         r"a-t-(il|elle|on))\b(?=\s+(" + _HAD + r"|encore|toujours|deja|les|des|la|le|l'|un|une|ces|vos|tes|mes|ses|"
         r"leurs?|quelques|de|d'|du)\b)",
         lambda m: " " + _PERSON.get(m.group(1), m.group(1)) + " has "),
        (r"\b(" + _HAD + r")\b", lambda m: " got " if m.group(1)[:1] in "reo" else " kept "),
        # "souvenirs" of an exam are its recalls ("vos souvenirs d'examen"), other memories are not ("mes bons
        # souvenirs du stage"); the verb is remembering ("je me souviens des questions")
        (r"\b((?:bons|beaux|mauvais|tristes|pires|meilleurs) )?souvenirs?\b(?! (?:flous|vagues|douloureux|"
         r"terribles|horribles|stressants))(?=.*\b(?:examens?|exam|test|session|chimie|hemato\w*|micro\w*|histo\w*|"
         r"transfusion|camlpr|optmq|scslm|csmls)\b)",
         lambda m: m.group(0) if m.group(1) else " recalls "),
        (r"\b((se|me|te|vous|nous) )?souv(ien|en(?!irs?\b))\w*", " remember "),
        (r"\ba (?=l'|la\b|le\b|les\b)|\bau\b", " on "),  # "tombe a l'examen", "au test"
        (r"\b([lmdt])'(?=[a-z])", r" \1' "),
    )
)
_VIEW_WORDS = {
    # French
    "l'": "the", "m'": "me", "d'": "of", "t'": "you", "le": "the", "la": "the", "les": "the", "des": "some",
    "de": "of", "du": "of the", "dans": "in", "sur": "about", "pour": "for", "avec": "with", "moi": "me",
    "nous": "us", "qui": "that", "quoi": "what", "quel": "which", "quelle": "which", "quels": "which",
    "quelles": "which", "et": "and", "hier": "yesterday", "examen": "exam", "examens": "exam",
    "reponse": "answer", "reponses": "answers", "sujets": "topics", "chimie": "chemistry",
    "hematologie": "hematology", "microbiologie": "microbiology", "histologie": "histology",
    "partager": "share", "partagez": "share", "partage": "share", "partages": "share", "partagent": "share",
    "partagerait": "share", "partageriez": "share", "envoyer": "send", "envoyez": "send", "envoie": "send",
    "envoies": "send", "envoyes": "send", "envoyez-moi": "send me", "envoie-moi": "send me",
    "transferer": "forward", "transferez": "forward", "transfere": "forward", "donner": "give",
    "donnez": "give", "donne": "give", "publier": "post", "publiez": "post", "peut": "can", "peux": "can",
    "pouvez": "can", "pourrait": "can", "pourriez": "can", "svp": "please", "stp": "please", "pourquoi": "why",
    "pas": "not", "encore": "still", "toujours": "still", "scslm": "csmls", "janvier": "january",
    "fevrier": "february", "mars": "march", "avril": "april", "mai": "may", "juin": "june", "juillet": "july",
    "aout": "august", "septembre": "september", "octobre": "october", "novembre": "november",
    "decembre": "december",
    # SMS shorthand and misspellings
    "q": "question", "q's": "questions", "qs": "questions", "qns": "questions", "qstn": "question",
    "qstns": "questions", "ques": "questions", "qus": "questions", "questn": "question",
    "questns": "questions", "ans": "answers", "answ": "answers", "answrs": "answers", "wat": "what",
    "wht": "what", "wut": "what", "wot": "what", "pls": "please", "plz": "please", "plss": "please",
    "u": "you", "ur": "your", "ppl": "people", "sb": "someone", "some1": "someone", "sum1": "someone",
    "any1": "anyone", "fwd": "forward", "dm": "send", "exm": "exam", "xam": "exam", "exma": "exam",
    "exams": "exam", "2day": "today", "tdy": "today", "yday": "yesterday", "ystrdy": "yesterday",
    "hv": "have", "frm": "from", "abt": "about", "r": "are", "da": "the", "d": "the", "4": "for", "2": "to",
}  # fmt: skip


def exam_view(folded: str) -> str:
    """Folded text with French and SMS shorthand written the English way, for the exam guard only:
    "quelqu'un peut m'envoyer les questions de l'examen" -> "someone can me send the questions of the exam"."""
    for pattern, replacement in _VIEW_PHRASES:
        folded = pattern.sub(replacement, folded)
    folded = re.sub(r"[a-z0-9]+(?:['-][a-z0-9]+)*'?", lambda m: _VIEW_WORDS.get(m.group(0), m.group(0)), folded)
    return re.sub(r"[ \t]+", " ", folded).strip()


_MONTH_NAMES = r"(?:jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
_EXAM_HEAD = (
    r"(?:exam|test|paper|sitting|window|session|heme|hematology|chem|chemistry|micro|microbiology|"
    r"transfusion|blood bank|bb|histo|histology|camlpr|csmls|fields?|sections?|modules?|certification)"
)
# the sitting the questions belong to, and words between a verb and its object ("send me all the exam answers")
_PAST = (
    r"(?:today|yesterday|this morning|earlier today|the other day|last (?:week|month|year|window|sitting|session|"
    r"time))(?:'s)?"
)
_FILL = (
    r"(?:me|us|them|you|him|her|it|the|a|an|some|any|all|of|those|these|that|this|your|my|our|his|their|few|"
    r"couple|real|actual|exact|same|whole|entire|full|complete|remaining|past|previous|recent|still|\d{4}|"
    + _MONTH_NAMES + "|" + _PAST + "|" + _EXAM_HEAD + r")(?:'s)?"
)
_NOT_A_MEETING = r"(?!(?:'s)?\s+(?:meeting|webinar|call|zoom|class|chat|workshop|info|orientation|discussion|lecture))"
_ITEMS = r"(?:questions?|answers?|items?|cases?)"  # the exam's content (topics are how it is described)
# verbs of passing content on; "give" and "tell" ask for it only with a receiver ("give me the answers")
_SHARING = (
    r"(?<!\bthey )(?<!\bcamlpr )(?<!\bcsmls )\b(?:share|shares|sharing|shared|send|sends|sending|sent|forward|"
    r"forwards|forwarding|forwarded|post|posting|upload|leak|sell|selling|email|drop|pass (?:on|along)|"
    r"(?:give|tell|show) (?:me|us|everyone|others|the group))\b"
)
_OF_THE_EXAM = r"\s+(?:from|of|in|on|for|to|at|during)\s+(?:" + _FILL + r"\s+){0,4}" + _EXAM_HEAD + r"\b"
_EXAMS_ITEMS = _EXAM_HEAD + r"(?:'s)?\s+" + _ITEMS + r"\b"  # "the exam answers", "heme questions"
# what someone has: the exam's questions ("the exam questions", "questions from the exam"), its answers ("the
# answers for the exam"); "questions for the exam" could be practice questions
_THE_EXAMS_OWN = (
    r"(?:" + _EXAMS_ITEMS + r"|(?:questions?|items?|cases?)\s+(?:from|of)\s+(?:" + _FILL + r"\s+){0,4}" + _EXAM_HEAD
    + r"\b|answers?\s+(?:from|of|for|to)\s+(?:" + _FILL + r"\s+){0,4}" + _EXAM_HEAD + r"\b)"
)
_CONTENT_REQUEST = (
    # share / send / forward ... the exam's questions or answers
    re.compile(_SHARING + r"(?:\s+" + _FILL + r"){0,5}\s+(?:" + _EXAMS_ITEMS + "|" + _ITEMS + _OF_THE_EXAM + ")"),
    # someone who has them, or I have them
    re.compile(
        r"\b(?:anyone|anybody|someone|somebody|who|people|any of you|(?:do|does|did) (?:you|u)|have (?:you|u))\s+"
        r"(?:still\s+)?(?:(?:has|have|had)\s+)?(?:have|has|got|get|kept|keep|saved|save|received)(?:\s+" + _FILL
        + r"){0,4}\s+" + _THE_EXAMS_OWN
    ),
    re.compile(
        r"\b(?:i|we|he|she)\s+(?:still\s+)?(?:(?:has|have|had)\s+)?(?:have|has|got|kept|saved|bought|received)\s+(?:all\s+|most\s+of\s+)?(?:the|"
        r"those|these)\s+(?:" + _FILL + r"\s+){0,3}" + _THE_EXAMS_OWN
    ),
    re.compile(r"\b(remember|recall|souvien\w*|rappell?\w*)\b(?:(?!how many|number of).){0,40}\bquestions?\b"),
    # a sitting that happened: what came, questions on yesterday's exam, which questions did you get
    re.compile(
        r"\bwhat (came|was asked|were asked|did they ask|they asked|was on|came out|came up|appeared|"
        r"showed up)\b"
    ),
    re.compile(r"\bwhat (comes?|comes? up) (in|on) (" + _FILL + r"\s+){0,3}" + _EXAM_HEAD + r"\b"),
    re.compile(
        r"\b(questions?|answers?|topics?|cases?|items?) (that |which )?(came|came up|came out|come up|were asked|"
        r"was asked|appeared|showed up|they asked)\b"
    ),
    re.compile(r"\b(questions?|topics?|cases?) (i|we|they|you|he|she) (got|had|saw|wrote|remember)\b"),
    re.compile(r"\bwhich (questions?|topics?|cases?) (did )?(you|they|people) (get|got|had|see|saw)\b"),
    re.compile(
        _ITEMS + r"\s+(?:from|of|in|on|at|for)\s+(?:" + _FILL + r"\s+){0,4}?" + _PAST + r"\b" + _NOT_A_MEETING
        + r"|\b" + _PAST + r"\s+(?:" + _EXAM_HEAD + r"\s+){1,2}" + _ITEMS + r"\b"
    ),
    re.compile(r"\bwhat was the answer\b|\bthe answer (to|for) (the|that) question\b"),
    re.compile(
        r"\b(who|anyone|someone|somebody|people|those) (who )?(wrote|took|did|had|sat|passed)\b.{0,40}"
        r"\b(today|yesterday|this (morning|week|window)|last (week|window|month|sitting)|already)\b"
    ),
    # "did the chem exam have ...?" (past: a sitting; "does the exam have a calculator?" asks about the format)
    re.compile(
        r"\b(did|was|were) (the )?(\w+ ){0,2}" + _EXAM_WORD + r"\b.{0,30}\b(have|had|include|included|"
        r"ask about|cover)\b.{0,40}\?"
    ),
    # what the real exam asks most, or a rumour about which topics it asks
    re.compile(r"\b(most|frequently|often|commonly) (tested|asked|came|comes|appear\w*)\b"),
    re.compile(r"\b(which|what) (topics?|questions?|cases?)\b.{0,40}\b(on|in) the (real|actual) exam\b"),
    re.compile(
        # (not the member's own questions: "I have lots of questions about the PLA")
        r"(?<!\bhow )(?<!\bi have )(?<!\bwe have )(?<!\bi had )(?<!\bi got )(?<!\bwe got )(?<!\bi've got )"
        r"\b(lots of|a lot of|many|mostly|so many|tons of|plenty of) questions (on|about|from) "
        r"(?!(the|this|that|each|every|all|a|an|my|your)\b|" + _EXAM_HEAD + r"\b)"
    ),
    re.compile(
        r"\b(is it true|true that|someone said|i heard|heard that|rumou?rs?)\b.{0,60}\bquestions? "
        r"(are |were |is )?(on|about|from) (?!(the|this|that|each|every|all|a|an|my|your)\b|" + _EXAM_HEAD
        + r"\b)\w{3,}"
    ),
    # an offer to write them out
    re.compile(r"\b(type|write) (them|the questions|the answers|it all) (out|up)\b"),
)
# "I wrote histo yesterday, I can send the questions": the questions are the sitting's when the message says one
# was sat
_SHARE_THE_ITEMS = re.compile(
    _SHARING + r"(?:\s+(?:me|us|you|all|of))*\s+(?:the|those|these|my|her|his|their|our)\s+" + _ITEMS
    + r"\b(?!\s+(?:to|about|for|regarding|on)\s+(?:my|our|his|her|these|this|your)\b)"
)
_SAT_AN_EXAM = re.compile(
    r"\b(wrote|took|sat|did|finished|written|taken|done with)\s+(?:(?:" + _FILL + r"|in|on)\s+){0,3}(?:" + _EXAM_HEAD
    + r"|" + _PAST + r"|" + _MONTH_NAMES + r")\b"
)
_POLICY_QUESTION = re.compile(
    r"\b(why (ca?n'?t|cannot|can not|won'?t|will not|not|no|don'?t|do not)|is it (ok|okay|fine|allowed|legal|"
    r"illegal|wrong|against)|am i allowed|are we allowed|allowed to|against the rules|policy|illegal|"
    r"what happens if|is sharing|allowed|permitted|permis|interdit|le droit|why\b.{0,25}\bnot)\b"
)
_DIRECT_REQUEST = re.compile(
    r"\b(send me|pls send|please send|plz send|anyone (have|has|got)|who (has|have)|"
    r"share (them |it )?with me|give me|(send|forward|email) (it |them )?to me|"
    r"(can|could|would|will) (someone|somebody|anyone|you) (please )?(send|share|forward|tell|give|email)|"
    r"where (can|do|should) i (get|find|buy|download|send)|can someone (send|share|tell)|svp partag)\b"
)

_EXAM_SPELLING = GuardSpelling(
    _CONTENT_ALWAYS, *_CONTENT_REQUEST, _SHARE_THE_ITEMS, _SAT_AN_EXAM, _POLICY_QUESTION, _DIRECT_REQUEST
)


def exam_content(text: str) -> str | None:
    """ "request" for a message that asks for (or offers) actual certification-exam content, "policy" for a
    question about the sharing policy itself ("why can't we share recalls?", "is it ok to tell the topics I
    got?"), else None. Dates, format, fees, reference lists, weighting or prep groups are neither.
    """
    folded = fold(text)
    view = exam_view(folded)  # French and SMS shorthand the English way
    corrected = _EXAM_SPELLING(view)  # "who wrte tooday" is "who wrote today"
    readings = dict.fromkeys((folded, view, corrected))
    if not any(_asks_content(reading) for reading in readings):
        return None
    policy = any(_POLICY_QUESTION.search(reading) for reading in readings)
    if policy and not any(_DIRECT_REQUEST.search(reading) for reading in readings):
        return "policy"
    return "request"


def _asks_content(folded: str) -> bool:
    if _CONTENT_ALWAYS.search(folded) or any(p.search(folded) for p in _CONTENT_REQUEST):
        return True
    return bool(_SHARE_THE_ITEMS.search(folded) and _SAT_AN_EXAM.search(folded))


def is_exam_content_request(text: str) -> bool:
    """True for messages that ask for (or offer) actual certification-exam content (see exam_content)."""
    return exam_content(text) == "request"


# ----------------------------------------------------------------------------------------------------
# off-topic

_GREETING_ONLY = re.compile(
    r"^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening|day)|bonjour|bonsoir|salut|allo|hola|salam|"
    r"test|testing|ping)( (there|all|everyone|team|guys|again))?[\s.!?]*$"
)
_PLEASANTRY = re.compile(
    r"^(thank|thanks|thx|ty|tnx|merci|i passed|passed|we passed|congrat|yay|yeah|great|awesome|amazing|"
    r"ok|okay|k|got it|noted|cool|nice|lol|haha|god bless|bless|perfect|wonderful|good news|finally)\b"
)
_SPAM = re.compile(
    r"\b(you'?ve won|you have won|winner|won a|gift card|prize|claim (now|your)|free money|bitcoin|crypto|"
    r"investment opportunity|click (here|the link)|earn \$?\d+ (a|per) (day|week)|work from home and earn)\b"
)
_MARKETPLACE = re.compile(
    r"\b(selling|for sale|to sell|sell my|buy my|anyone (want|interested) to buy|"
    r"garage sale|giving away|rent(ing)? out|room for rent)\b"
)
_OUT_OF_SCOPE = re.compile(
    r"\b(daycare|day care|childcare|child care|babysitt?\w*|garderies?|gardiennes?|service de garde|cpe|"
    r"weather|snow|restaurant|recipe|immigration (consultant|"
    r"lawyer|agent)|visa (consultant|agent)|apartment|roommate|rent an?|car insurance|driving test|"
    r"driver'?s licen[cs]e|tax return|dating|movie|football|cricket|soccer|hockey)\b"
)
_DOMAIN = re.compile(
    r"\b(mlt|mla|lab|labs|laboratory|labo|exam|examen|pla|camlpr|csmls|licen[cs]\w*|permit|permis|regist\w*|"
    r"certif\w*|assess\w*|bridging|ielts|celban|celpip|toefl|regulator|college|hospital|job|work|resume|cv|"
    r"interview|network|leader|meeting|transcript\w*|document\w*|diploma|degree|course|study|studying|"
    r"hematology|heme|chemistry|chem|micro\w*|transfusion|histology|sara|optmq|cmlto|noc|salary|shadow\w*|"
    r"volunteer\w*|prometric|eligib\w*|apply|application|canada|canadian|results?|fields?|portal|"
    r"fail\w*|pass(ed)?|window|ielts|celpip|province|licen[cs]\w*|clinical|placement|practicum|internship|"
    r"observership|shifts?|supervisor|specimens?|phlebotom\w*|scslm|"
    # French: the profession, its places and its process
    r"laboratoires?|labos?|hopital|hopitaux|stages?|stagiaires?|technologistes?|technologues?|techniciens?|"
    r"technicienne?s?|biologie medicale|examens?|permis|ordre|optmq|emplois?|travail|travaille\w*|travailler|"
    r"postes?|quart|quarts|garde de nuit|superviseure?|diplomes?|formation|evaluation|acquis|competences|"
    r"equivalence|reseau|rencontres?|chimie|hematologie|microbiologie|histologie|prelevements?|echantillons?|"
    r"entrevue|entretien d'embauche|salaire|inscri\w*|dossier|titres|langue|francais|anglais|canadienne?s?)\b"
)


# The member's own working life: lab work, shifts, placement, the exam. A service question beside it ("daycare
# for my kids while I work rotating shifts in the hospital lab") is a life-in-Canada question a leader answers.
_WORKING_LIFE = re.compile(
    r"\b(mlts?|mlas?|labs?|laboratory|laboratories|shifts?|rotating|night (work|duty)|nights|on call|placement|"
    r"practicum|clinical|exams?|pla|csmls|camlpr|supervisor|technologists?|bench|phlebotom\w*|"
    r"labos?|laboratoires?|quarts?|de nuit|de soir|de garde|stages?|stagiaires?|examens?|superviseure?|"
    r"technologistes?|hospital|hopital|hopitaux)\b"
)
# ... but an advertisement for the service stays off-topic, whatever it names (spots, prices, a number to call).
_ADVERT = re.compile(
    r"(\b(spots?|spaces?|openings?|places?|vacanc\w*) (are )?(available|open|left|disponibles?|libres?)\b|"
    r"\b(now|currently) (enrolling|accepting|hiring)\b|\binscriptions? ouvertes?\b|\$ ?\d|\d ?\$|"
    r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b(dm|text|call|message|contact|appelez|ecrivez)[- ](me|us|now|moi|nous)\b|"
    r"\b(babysitting|daycare|garderie) (services? )?available\b|https?:|www\.)"
)


def life_beside_work(text: str) -> bool:
    """An out-of-scope service (daycare, babysitting ...) asked about beside the member's lab work, shifts,
    placement or exam, and not an advertisement: a question of life in Canada for a leader, not off-topic."""
    folded = fold(text)
    return bool(_OUT_OF_SCOPE.search(folded) and _WORKING_LIFE.search(folded) and not _ADVERT.search(folded))


def offtopic_kind(text: str) -> str | None:
    """Why a message is off-topic (greeting, pleasantry, spam, marketplace, out-of-scope), or None."""
    folded = fold(text).strip()
    plain = re.sub(r"[^\w\s'$%/.:?!]", " ", folded).strip()
    if not plain or _GREETING_ONLY.match(plain):
        return "greeting"
    if _SPAM.search(folded) and ("http" in folded or "bit.ly" in folded or "www." in folded or "$" in folded):
        return "spam"
    asks = "?" in folded or bool(re.search(r"\b(how|what|when|where|which|can i|do i|should i)\b", folded))
    if _PLEASANTRY.match(plain) and not asks and len(plain.split()) <= 20:
        return "pleasantry"
    if _MARKETPLACE.search(folded) and not is_exam_content_request(folded):
        return "marketplace"
    if _OUT_OF_SCOPE.search(folded) and not life_beside_work(folded):
        return "out_of_scope"
    return None


def has_domain_words(text: str) -> bool:
    """Does the message speak about the profession, the process or the network at all?"""
    return bool(_DOMAIN.search(fold(text)))


# ----------------------------------------------------------------------------------------------------
# messages that need a person

_MONTHS = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_NEEDS_PERSON: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "safety",
        re.compile(
            r"\b((not|never|\w+n'?t) (feel|felt|be) safe|(am|feel|felt|i'?m) (not|never) safe|feel unsafe|"
            r"unsafe at home|abus(e|ed|ive)|violen(t|ce)|threaten\w*|"
            r"controls? my|hits? me|hurt(s|ing)? me|(afraid|scared) of (my|him|her)|"
            r"suicid\w*|kill myself|end my life|self[- ]harm)\b"
        ),
    ),
    (
        "distress",
        re.compile(
            r"\b(depress\w*|hopeless|discouraged|desperate|can'?t cope|cannot cope|breaking down|give up on|"
            r"giving up|my savings are|no money left|"
            r"(can|could) (someone|somebody|anyone) (please )?talk to me|"
            r"need (someone|somebody) to talk)\b"
        ),
    ),
    (
        "appeal",
        re.compile(
            r"\b(appeal\w*|contest\w*|dispute|complain\w*|unfair|(is|was) (that|this|it) fair|not fair|"
            r"reconsider\w*|"
            r"ask for a (rewrite|retake|re-?evaluation)|request a (rewrite|retake|review))\b"
        ),
    ),
    (
        "rejected",
        re.compile(
            r"\b((rejected|refused|denied|declined) (me|my)|"
            r"(application|file|result|results|documents?|score|scores) (is|are|was|were) "
            r"(incomplete|insufficient|not enough|rejected|refused)|says? my \w+ (is|are|was|"
            r"were) (incomplete|insufficient)|insufficient)\b"
        ),
    ),
    (
        "personal_decision",
        re.compile(
            r"\b(should i\b.{1,80}\bor\b|(accept|take) (it |the offer |the job )?or wait\b|what would you do)"
        ),
    ),
    (
        "review_request",
        re.compile(
            r"\b(check|review|look at|read|correct|proofread|edit|fix)\s+(over\s+)?(my|our)\s+(resume|cover "
            r"letter|letter|essay|cv|draft)\b"
        ),
    ),
    (
        "availability",
        re.compile(
            r"\b(no (seats?|spots?|availability|dates? available|slots?)|fully booked|"
            r"(seats?|spots?|slots?) (are )?"
            r"(full|gone|taken))\b"
        ),
    ),
    (
        "gone",
        re.compile(
            r"\b(destroyed|closed down|shut down|no longer exists?|doesn'?t exist (any ?more)?|went bankrupt|"
            r"no one left|nobody left|passed away)\b"
        ),
    ),
    ("validity", re.compile(r"\b(still (valid|count|counts|good|accepted|recogni[sz]ed))\b")),
    # what happened to other members: a peer (a leader) answers that, not the FAQ ("which labs took you for a
    # placement, and did you have to pay?", "has anyone here done ...", "qui dans le reseau a vecu ca ?")
    (
        "experience",
        re.compile(
            r"\b((took|accepted|hired|placed|trained|supervised|sponsored) (you|u|any of you)\b|"
            # (a bare "did you do it …?" is a follow-up to a conversation with a leader: inbound/followups.py)
            r"(did|were|had) (you|u|any of you)( ever| also| all| personally)? (have to|had to|need to|needed to|pay|"
            r"manage|(get |got )?(hired|accepted|placed)|land|apply|face|prepare|study|deal|cope)\b|"
            r"how did (you|u|any of you|others|people) (find|manage|get|do|prepare|pass|study|cope|deal|handle|"
            r"arrange)\b|"
            r"(has|have) (anyone|anybody|someone|somebody|any of you|others|other members)( here| else| in (this|the) "
            r"(network|group))? (ever |already |actually )?(done|been|gone|worked|tried|had|used|taken|applied|"
            r"experienced|faced|lived|dealt)\b|"
            r"(anyone|anybody|someone|somebody) (here |else )?(who|that) (has|have|had|did|went|worked|was|were)\b|"
            r"(what (was|is)|share|tell (me|us) about) (your|their) (own )?experiences?\b|"
            r"(qui|quelqu'un|qqn|personne|vous|tu)( (ici|parmi vous|d'entre vous|dans le (reseau|groupe)))?"
            r"( (a|avez|as|ont|aurait|auriez)(-t-(il|elle|on))?| avez-vous| as-tu) (deja |aussi |personnellement )?"
            r"(vecu|fait|eu|connu|travaille|passe par|ete|essaye|suivi)\b|"
            r"(avez-vous|avez vous|as-tu|as tu) (deja |aussi |personnellement )?(vecu|fait|eu|connu|travaille|"
            r"passe par|ete|essaye|suivi)\b|"
            r"(votre|vos|ton|tes|leur|leurs) experiences?\b)"
        ),
    ),
    (
        "stuck",
        re.compile(
            r"\bstill (nothing|not|no|empty|waiting|haven'?t|hasn'?t)\b.{0,120}"
            r"(\b(\d+|two|three|four|five|six|several|many) months?\b|\bnow (it'?s|its|it is) "
            + _MONTHS
            + r"|\bcalled\b.{0,20}\bno (answer|response|reply)|\bwho (do|should|can) i contact\b)"
            r"|(\b(\d+|two|three|four|five|six|several|many) months?\b|\bin "
            + _MONTHS
            + r"\b).{0,120}\bstill "
            r"(nothing|not|no|empty|waiting)\b.{0,60}"
            r"\b(no (answer|response|reply)|who (do|should|can) i contact)"
        ),
    ),
)


def needs_person(text: str) -> str | None:
    """The kind of message a leader must handle (safety, distress, appeal ...), or None."""
    folded = fold(text)
    if life_beside_work(folded):
        return "life_in_canada"
    for kind, pattern in _NEEDS_PERSON:
        if pattern.search(folded):
            return kind
    corrected = _PERSON_SPELLING(folded)  # "i dont feel saef", "rejceted me"
    if corrected != folded:
        for kind, pattern in _NEEDS_PERSON:
            if pattern.search(corrected):
                return kind
    return None


_PERSON_SPELLING = GuardSpelling(*(pattern for _, pattern in _NEEDS_PERSON))
