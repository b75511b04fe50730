"""Text normalisation for member messages and knowledge-base phrasings.

Each step is a small pure function so it can be tested on its own:

- ``strip_email_noise``: quoted history, signatures, greetings and sign-offs removed from an e-mail body;
- ``fold``: lower case, accents and typographic punctuation folded to ASCII;
- ``split_sentences`` / ``focus``: the question sentences of a long message weigh more than its context;
- ``words``: folded text to word tokens;
- ``expand_shorthand``: SMS shorthand and common misspellings (pls, hw, exm, u, b4, jion ...) to words;
- ``stem``: a light suffix stripper so "licensed", "licence" and "license" meet;
- ``canonical``: synonyms and French domain words mapped onto one English token;
- ``is_stopword``: function words in English and French that carry little weight.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from faq_engine.model import PROVINCES
from faq_engine.places import BODIES, PLACE_PATTERN, place_code


def _wordlist(text: str) -> list[str]:
    return text.split()


# ----------------------------------------------------------------------------------------------------
# e-mail noise

_QUOTE_HEADER = re.compile(
    r"^\s*(on\s.{0,200}\swrote:?|le\s.{0,200}\sa\s+[ée]crit\s*:?|-{2,}\s*original message\s*-{2,}|"
    r"-{2,}\s*message d'origine\s*-{2,}|_{5,}|from:\s.+|de\s*:\s.+@.+|"
    r"sent from my .+|envoy[ée] de mon .+)\s*$",
    re.IGNORECASE,
)
_SIGNATURE_MARK = re.compile(r"^\s*(--|—|__)\s*$")
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|dear|good\s+(morning|afternoon|evening|day)|greetings|bonjour|bonsoir|salut|"
    r"allo|all[ôo]|hola|salam|assalam\w*|namaste)\b[^.!?\n]{0,40}?([,:!.\n]|$)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(thanks?|thank\s+you|thx|ty|regards|best|cheers|sincerely|cordially|respectfully|yours|warm(est)?|"
    r"kind(est)?|many\s+thanks|god\s+bless|blessings|merci|cordialement|salutations|bien\s+[àa]\s+vous|"
    r"amiti[ée]s|take\s+care|with\s+gratitude|gratefully|-\s*\w+)\b",
    re.IGNORECASE,
)


def strip_quoted(text: str) -> str:
    """Remove quoted history ("On ... wrote:", "> ...") and the signature ("-- " and below)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for line in lines:
        if _QUOTE_HEADER.match(line) or _SIGNATURE_MARK.match(line):
            break  # everything below is history or a signature
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def strip_email_noise(text: str) -> str:
    """Remove quoted history, signature, greeting line and sign-off from a message body.

    Works for SMS too (a leading "hi" is removed; nothing else usually matches).
    """
    kept = strip_quoted(text).split("\n")
    # sign-off: drop trailing short lines (a closing formula, a name), from the bottom up
    while kept:
        last = kept[-1].strip()
        words_ = last.split()
        if not last:
            kept.pop()
            continue
        if last.endswith("?") or sum(1 for line in kept if line.strip()) == 1:
            break  # a question, or the message itself ("best books for micro" is no sign-off)
        if (len(words_) <= 8 and _SIGN_OFF.match(last)) or (
            len(words_) <= 5 and (last.endswith(",") or _looks_like_name(last))
        ):
            kept.pop()
            continue
        break
    body = "\n".join(kept).strip()
    # greeting: a leading "Hello," / "Dear Sir/Madam," / "Bonjour," (on its own line or before the text)
    match = _GREETING.match(body)
    if match and (match.end() < len(body) or len(body.split()) <= 6):
        head = body[: match.end()]
        rest = body[match.end() :]
        if "\n" in head or head.rstrip().endswith((",", ":", "!", ".")) or not rest.strip():
            body = rest.strip()
    return body


def _looks_like_name(line: str) -> bool:
    words_ = line.replace(".", " ").split()
    if not 1 <= len(words_) <= 3:
        return False
    return all(w[:1].isupper() for w in words_ if w.isalpha()) and not any(ch in line for ch in "?!")


# ----------------------------------------------------------------------------------------------------
# folding and sentences

_TYPOGRAPHIC = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
    }
)


def fold(text: str) -> str:
    """Lower case, typographic quotes and dashes to ASCII, accents removed (é -> e, ç -> c)."""
    text = text.translate(_TYPOGRAPHIC)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_SENTENCE = re.compile(r"[^.?!\n]+[.?!]*|\n", re.UNICODE)
_QUESTION_START = re.compile(
    r"^\s*(how|what|whats|wat|when|where|which|who|whom|whose|why|can|could|may|do|does|did|is|are|am|was|"
    r"were|will|would|should|shall|any|anyone|is there|are there|est-ce|est ce|comment|quand|quel|quelle|"
    r"quels|quelles|ou|pourquoi|combien|puis-je|peut-on|dois-je|faut-il|y a-t-il|pls|please|hw)\b",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    """Sentences (or lines) of a message, stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def is_question(sentence: str) -> bool:
    """A sentence that asks something: ends with '?' or starts like a question or request."""
    return sentence.rstrip().endswith("?") or bool(_QUESTION_START.match(fold(sentence)))


_COMPOUND = re.compile(
    r",?\s+(?:and|or|also|and also)\s+(?=(?:can|could|do|does|is|are|will|should|how|what|when|where|which|who)"
    r"\s+(?:i|we|you|u|it|they|there|the|my|much|long|many)\b)",
    re.IGNORECASE,
)


def questions(text: str) -> list[str]:
    """The questions a message asks, each with what it needs to be understood.

    A sentence joining two questions ("Can I start from here, and can I also write the exam there?") is two
    questions; a question too short to say what it is about ("How do I ask for this?", "Any tips?") carries
    the sentence before it.
    """
    sentences = split_sentences(text)
    out: list[str] = []
    for position, sentence in enumerate(sentences):
        if not is_question(sentence):
            continue
        for part in _COMPOUND.split(sentence):
            part = part.strip(" ,")
            if not informative_tokens(part) and position > 0:
                part = f"{sentences[position - 1]} {part}"
            if part:
                out.append(part)
    return out


def focus(text: str, *, context_weight: float = 0.45, long_words: int = 30) -> list[tuple[str, float]]:
    """Sentences with a weight: in a long message the question sentences weigh 1, the context less.

    Short messages (SMS) keep every sentence at weight 1: their context is usually the question. When the
    questions themselves say little ("Any tips?"), the context is what they are about and weighs more.
    """
    sentences = split_sentences(text)
    if len(text.split()) < long_words:
        return [(s, 1.0) for s in sentences]
    questions = [is_question(s) for s in sentences]
    if not any(questions):
        return [(s, 1.0) for s in sentences]
    asked = sum(len(content_tokens(s)) for s, q in zip(sentences, questions, strict=True) if q)
    if asked < 4:
        context_weight = max(context_weight, 0.8)
    return [(s, 1.0 if q else context_weight) for s, q in zip(sentences, questions, strict=True)]


# ----------------------------------------------------------------------------------------------------
# words

_WORD = re.compile(r"[a-z0-9]+(?:[/'][a-z0-9]+)*")


_NEGATED = {
    "can": "can", "won": "will", "don": "do", "doesn": "does", "didn": "did", "isn": "is", "aren": "are",
    "wasn": "was", "weren": "were", "haven": "have", "hasn": "has", "couldn": "could", "shouldn": "should",
    "wouldn": "would",
}  # fmt: skip
_NEGATION = re.compile(r"\b(" + "|".join(_NEGATED) + r")'?t\b")
_CONTRACTED = re.compile(r"'(m|re|ve|ll|d|s)\b")


def expand_contractions(folded: str) -> str:
    """don't -> do not, can't -> can not, I'm -> I (the rest of a contraction carries no meaning)."""
    return _CONTRACTED.sub("", _NEGATION.sub(lambda m: _NEGATED[m.group(1)] + " not", folded))


def words(folded: str) -> list[str]:
    """Word tokens of folded text; contractions expanded, elisions split (l'examen -> l, examen)."""
    out: list[str] = []
    for token in _WORD.findall(expand_contractions(folded)):
        out.extend(p for p in re.split(r"[/']", token) if p)
    return out


SHORTHAND: dict[str, tuple[str, ...]] = {
    # SMS shorthand
    "pls": ("please",),
    "plz": ("please",),
    "plss": ("please",),
    "pl": ("please",),
    "hw": ("how",),
    "u": ("you",),
    "ur": ("your",),
    "r": ("are",),
    "y": ("why",),
    "wat": ("what",),
    "wht": ("what",),
    "wut": ("what",),
    "whats": ("what", "is"),
    "thru": ("through",),
    "tho": ("though",),
    "b4": ("before",),
    "bfr": ("before",),
    "abt": ("about",),
    "coz": ("because",),
    "cuz": ("because",),
    "bcoz": ("because",),
    "bcz": ("because",),
    "govt": ("government",),
    "gov": ("government",),
    "info": ("information",),
    "req": ("requirement",),
    "reqs": ("requirement",),
    "lic": ("licence",),
    "reg": ("registration",),
    "hosp": ("hospital",),
    "yr": ("year",),
    "yrs": ("year",),
    "mo": ("month",),
    "mos": ("month",),
    "mnth": ("month",),
    "wk": ("week",),
    "wks": ("week",),
    "tmrw": ("tomorrow",),
    "tmr": ("tomorrow",),
    "msg": ("message",),
    "msgs": ("message",),
    "txt": ("text",),
    "txts": ("text",),
    "nxt": ("next",),
    "mtg": ("meeting",),
    "mtgs": ("meeting",),
    "w": ("with",),
    "wo": ("without",),
    "n": ("and",),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "cannot": ("can", "not"),
    "wont": ("will", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "havent": ("have", "not"),
    "thx": ("thanks",),
    "tnx": ("thanks",),
    "ty": ("thanks",),
    "tq": ("thanks",),
    "thanx": ("thanks",),
    "ppl": ("people",),
    "sb": ("somebody",),
    "sth": ("something",),
    "smth": ("something",),
    "diff": ("difference",),
    "dif": ("difference",),
    "vs": ("versus",),
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
    "gotta": ("have", "to"),
    "pic": ("photo",),
    "ya": ("you",),
    "k": ("ok",),
    "okay": ("ok",),
    "asap": ("soon",),
    "approx": ("about",),
    "tmrow": ("tomorrow",),
    "2day": ("today",),
    "2moro": ("tomorrow",),
    "2": ("to",),
    "4": ("for",),
    # French "s'inscrire": joining the network or registering for an exam
    "inscrire": ("join", "register"),
    "inscris": ("join", "register"),
    "inscrit": ("join", "register"),
    "inscrite": ("join", "register"),
    "inscription": ("join", "register"),
    "signup": ("join",),
    # domain shorthand
    "q": ("question",),
    "qs": ("question",),
    "qns": ("question",),
    "qstn": ("question",),
    "qstns": ("question",),
    "ques": ("question",),
    "mcq": ("multiple", "choice"),
    "mcqs": ("multiple", "choice"),
    "exm": ("exam",),
    "exms": ("exam",),
    "xam": ("exam",),
    "examz": ("exam",),
    "heme": ("hematology",),
    "hemat": ("hematology",),
    "haem": ("hematology",),
    "chem": ("chemistry",),
    "biochem": ("chemistry",),
    "micro": ("microbiology",),
    "histo": ("histology",),
    "bb": ("transfusion",),
    "mlts": ("mlt",),
    "iemlt": ("internationally", "educated", "mlt"),
    "iemlts": ("internationally", "educated", "mlt"),
    "ien": ("internationally", "educated"),
    "cv": ("resume",),
    "doc": ("document",),
    "docs": ("document",),
    "prc": ("licence",),
    "mls": ("mlt",),
    "medtech": ("mlt",),
    "lab tech": ("mlt",),
    # misspellings common enough to fix before fuzzy correction
    "recal": ("recall",),
    "recals": ("recall",),
    "jion": ("join",),
    "emial": ("email",),
    "recieve": ("receive",),
    "recieved": ("received",),
    "lisence": ("licence",),
    "liscence": ("licence",),
    "licience": ("licence",),
    "lience": ("licence",),
    "licesnse": ("licence",),
    "exma": ("exam",),
    "quebc": ("quebec",),
    "provnce": ("province",),
    "anonymus": ("anonymous",),
    "polcy": ("policy",),
    "wich": ("which",),
    "regulater": ("regulator",),
    "proces": ("process",),
    "asessment": ("assessment",),
}


def province_token(code: str) -> str:
    """The token that stands for a province in matching (so "In Yukon, ..." meets a Yukon member)."""
    return "prov" + code.lower()


PROVINCE_TOKENS = frozenset(province_token(code) for code in PROVINCES)


def rewrite_places(folded: str) -> str:
    """Province, city and regulator names to one province token each (whitehorse -> provyt)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        token = province_token(place_code(name))
        return f" {name} {token} " if name in BODIES else f" {token} "

    return PLACE_PATTERN.sub(replace, folded)


# Multi-word phrases rewritten before word splitting (folded text).
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\be-?mails?\b", " email "),
        (r"\bblood\s*bank(ing)?\b", " transfusion "),
        (r"\bprior\s+learning\s+assess?ments?\b", " pla "),
        (r"\bmed(ical)?\s+lab(oratory)?\s+(tech(nologist|nician)?s?|scientists?)\b", " mlt "),
        (r"\blab(oratory)?\s+tech(nologist|nician)?s?\b", " mlt "),
        (r"\bmed(ical)?\s+tech(nologist|nician)?s?\b", " mlt "),
        (r"\bmedical\s+laboratory\s+assistants?\b", " mla "),
        (r"\blab(oratory)?\s+assistants?\b", " mla "),
        (r"\bpermanent\s+residen(ce|t|cy)\b", " pr "),
        (r"\bjob\s+shadow(ing)?\b", " shadowing "),
        (r"\bp\.?\s*e\.?\s*i\.?\b", " pei "),
        (r"\bcv\b", " resume "),
        (r"\bt[ée]l[ée]travail\b", " remote "),
        (r"\bfields?[- ]of[- ]practice\b", " field practice "),
        (r"\bquestion\s*banks?\b", " questionbank "),
        # "book the exam" is registering for it, not a textbook
        (
            r"\bbook(ing|ed|s)?\s+(the|my|an|a|your)?\s*(exam|exm|xam|seat|test|spot|date|sitting)\b",
            r" register \3",
        ),
        (r"\bbook(ing|ed)\s+(for|at|with|on)\b", r" register \2"),
        # the verb: "how do I book?", "can I book for June" (not "a good book for hematology")
        (r"\b(to|i|we|u|you|please|pls|plz|can|where|when|how) book\b(?!s)", r"\1 register "),
        # asking how many, or what kind of questions, is asking about the exam's format
        (r"\b(the )?(number|no\.|nbr|#) of\b", " how many "),
        (r"\b(what|which) (types?|kinds?|sorts?|formats?|styles?) of (questions?|items?|exam)\b", r" format \3 "),
        (r"\bterritor(y|ies|ial)\b", " territory "),
        # French "passer par" is going through (a body, a step), not "passer l'examen" (taking it)
        (r"\bpasser par\b", " through "),
        (r"\bsign(ing|ed)?[\s-]*up\b", " join "),
        # being outside Canada: "from here" said from abroad, a home country named, "before I land"
        (
            r"\b(outside|out of) canada\b"
            r"|\bfrom (here|my country|my home country|back home|overseas|abroad)\b"
            r"|\b(back home|home country|overseas|pre[- ]arrival)\b"
            r"|\bbefore (i|we) (arrive|land|come|move|immigrate)\b",
            " abroad ",
        ),
        (
            r"\b(philippines|india|nigeria|pakistan|iran|egypt|kenya|ghana|morocco|algeria|tunisia|lebanon|syria|"
            r"bangladesh|nepal|sri lanka|china|vietnam|brazil|mexico|colombia|jamaica|cameroon|ethiopia|"
            r"zimbabwe|south africa|uk|usa|dubai|uae|saudi|qatar|kerala|manila|cebu|lagos|nairobi|tehran|"
            r"shiraz|cairo|karachi|lahore|dhaka|mumbai|delhi)\b",
            " abroad ",
        ),
        (r"\banswer\s*keys?\b", " answerkey "),
        # French turns of phrase (folded: no accents): trained abroad is internationally educated (not being
        # abroad now), "c'est combien" asks a price, "combien de" counts, "par ou commencer" asks where to start
        (r"\b(form|diplom|eduqu|instruit)\w* (a|de|en) ?l'? ?etranger\b", " internationally educated "),
        (r"\bdiplomes? etrangers?\b", " foreign diploma "),
        (
            r"\b((technicien|technologue|technologiste)\w* (en |de |d')?)?(biologie medicale|analyses? medicales?)\b"
            r"|\b(technicien|technologue)\w* (en |de |d')?laboratoire( medical)?\b",
            " mlt ",
        ),
        (
            r"\bc'est combien\b|\b(ca|cela) coute combien\b|\bcombien (ca |cela )?(coute|coutent|faut-il payer|"
            r"dois-je payer|je dois payer|je vais payer|on paie|on paye)\b|\bcombien pour\b",
            " fee how much ",
        ),
        (r"\b(il )?y a-t-il\b|\by-a-t-il\b|\bil y a\b|\by'a\b", " "),  # "there is": not the "y" of "why"
        (r"\bcombien de (fois|tentatives|essais|chances)\b", " attempt how many times "),
        (r"\bcombien de temps\b", " how long "),
        (r"\bcombien d'|\bcombien de\b", " how many "),
        (r"\bpar ou (je |on |dois-je |doit-on )?(commenc|debut|demarr)\w*", " where start "),
        (r"\ben ligne\b", " online "),
        # "recall" the verb is remembering ("I don't recall when I applied"), not exam recalls
        (r"(\b(?:i|we|you|not|dont|cannot)|n't) recall\b", r"\1 remember "),
        (r"\ben attendant\b", " while waiting "),
        # French credential assessment: "demande d'evaluation" is an application for assessment, "evaluation des
        # titres / competences" the credential assessment, "reconnaissance / evaluation des acquis" the PLA; the
        # French word for an assessment is "evaluation" ("l'evaluation", "mon evaluation"), English "credential
        # evaluation" (WES) stays what it is. "la demande de technologistes" is the labour demand.
        (r"\bje me demande\b", " "),
        # "l'Ordre" is the regulator (in Quebec the OPTMQ); "dans quel ordre" asks for an order of steps
        (r"\bl'ordre\b(?! (des|de|d') ?(etapes|choses|demarches|priorite))|\bordre (professionnel|des technolog\w*)\b",
         " regulator "),
        # "qui" opening a question asks who ("Qui fait l'evaluation ?", "A qui dois-je ecrire ?"); elsewhere it is
        # the relative pronoun, a stop word
        (r"(^|(?<=[.?!:\n]))\s*(a |pour |avec |chez )?qui\b(?! que\b)|\b(a|aupres de|chez) qui\b(?=[^.?!]*\?)",
         " who "),
        (
            r"\b(forte |grande |haute |de la |la |une )*demande (pour|de|des|en) (technologistes?|mlts?|personnel|"
            r"main)\w*|\ben demande\b|\b(forte|grande|haute) demande\b",
            " demand ",
        ),
        (r"\b(reconnaissance|evaluation)s? (des|de mes|de ses|de vos|de tes|de leurs) acquis( et des competences)?\b",
         " pla "),
        (
            r"\b(evaluation|reconnaissance)s? (des|de mes|de ses|de vos|de tes|de leurs|de mon|de ma) "
            r"(titres|competences)( de competences?)?\b",
            " credential assess ",
        ),
        (r"\btitres? de competences?\b", " credential "),
        (r"\bdemandes? (d'|de |du )(evaluation|equivalence|reconnaissance)\b", " apply assess "),
        (
            r"\b(ma|ta|sa|une|la|votre|leur|cette|mes|vos|les|nos|notre|mon|ton|son) demandes?\b"
            r"|\bdemandes? (d'|de |du )(?=admission|inscription|permis|licence|examen|admissibilite|equivalence)",
            " apply ",
        ),
        (r"\b(l'|d'|une |mon |ma |son |sa |votre |vos |leur |cette |les |des |mes |ses |nos |notre |la )evaluations?\b",
         " assess "),
        # paying for something is a cost ("did you have to pay for it?", "how much do I pay for the PLA"), not
        # the pay of a job ("how much do MLTs get paid", "the pay for night shifts")
        (
            r"\b((?:i|we|you|u|one)\s+(?:(?:have|had|need|needed|will have|would have)\s+to\s+)?|"
            r"(?:have|has|had|need|needs|needed)\s+to\s+)(pay|paid)\b",
            r"\1 fee ",
        ),
        (r"\b(get|gets|getting|got|are|is|be|being|were|was) paid\b", r"\1 salary "),  # not "paid work", a job
        # a credential review is an assessment ("the credential review", "review of my credentials")
        # ("credential recognition" stays: the knowledge base's loans for it are funding, not the assessment)
        (r"\bcredentials? review\b|\breview(ing)? (of )?(my |your |our |the )?credentials?\b", " credential assess "),
        (r"\blettre de (motivation|presentation)\b", " cover letter "),
        # the scaffolding of a long message says nothing about what is asked
        (
            r"\b(i|we) (have|had|got) (a|one|two|three|2|3|a few|some|several|a couple of|many|few) "
            r"(more |other |quick |small )?(questions?|queries|doubts?)\b"
            r"|(^|(?<=[.?!:\n]))\s*(first|firstly|second|secondly|third|thirdly|finally|lastly|also|"
            r"additionally|another thing)\s*[,:]",
            " ",
        ),
        # identity documents shown on exam day
        (r"\b(pr|permanent resident|citizenship|health)\s+card\b|\bpassports?\b|\bidentification\b", " id "),
        # a limit on tries: "how many times can I fail", "how many chances do we get"
        (
            r"\bhow many (times|chances|tries|attempts|trials)\s+(can|could|may|do|does|will|would)\s+"
            r"(i|we|you|u|one|they|a candidate)\b",
            r" attempt \g<0>",
        ),
        # asking the bot (or the network) to look into the member's own file: what the bot cannot do
        (
            r"\b(can|could|would|will) (you|u|someone|somebody|the bot) (please |pls |plz )?"
            r"(check|confirm|verify|look up|look into|track|find out)\b",
            r" botcheck \g<0>",
        ),
    )
)

# Synonyms and French domain words onto one English token (applied to folded, shorthand-expanded words).
CANONICAL: dict[str, str] = {
    # licence family
    "license": "licence",
    "licenses": "licence",
    "licensed": "licence",
    "licence": "licence",
    "licences": "licence",
    "licenced": "licence",
    "licensure": "licence",
    "licensing": "licence",
    "licencing": "licence",
    "permit": "licence",
    "permits": "licence",
    "permis": "licence",
    # registration family
    "register": "regist",
    "registered": "regist",
    "registering": "regist",
    "registration": "regist",
    "registrations": "regist",
    "registrant": "regist",
    "enregistrer": "regist",
    # certification
    "certification": "certif",
    "certified": "certif",
    "certificate": "certif",
    "certificates": "certif",
    "certify": "certif",
    "certifications": "certif",
    "certifie": "certif",
    "certifiee": "certif",
    # assessment
    "assess": "assess",
    "assessed": "assess",
    "assesses": "assess",
    "assessment": "assess",
    "assessments": "assess",
    "assessor": "assess",
    "assessors": "assess",
    "evaluation": "evaluat",
    "evaluate": "evaluat",
    "evaluated": "evaluat",
    "evaluations": "evaluat",
    # eligibility
    "eligible": "eligib",
    "eligibility": "eligib",
    "ineligible": "eligib",
    # application
    "apply": "apply",
    "applied": "apply",
    "applying": "apply",
    "application": "apply",
    "applications": "apply",
    "applicant": "apply",
    "applicants": "apply",
    # recognition, requirements, verification, accommodation, qualification
    "recognized": "recogn",
    "recognised": "recogn",
    "recognize": "recogn",
    "recognise": "recogn",
    "recognition": "recogn",
    "reconnaissance": "recogn",
    "reconnu": "recogn",
    "require": "requir",
    "required": "requir",
    "requirement": "requir",
    "requirements": "requir",
    "requires": "requir",
    "exigence": "requir",
    "exigences": "requir",
    "obligatoire": "requir",
    "compulsory": "requir",
    "mandatory": "requir",
    "verification": "verif",
    "verify": "verif",
    "verified": "verif",
    "accommodation": "accommod",
    "accommodations": "accommod",
    "accommodate": "accommod",
    "qualification": "qualif",
    "qualifications": "qualif",
    "qualify": "qualif",
    "qualified": "qualif",
    # lab, exam, email, job
    "laboratory": "lab",
    "laboratories": "lab",
    "labs": "lab",
    "labo": "lab",
    "laboratoire": "lab",
    "examination": "exam",
    "examinations": "exam",
    "exams": "exam",
    "examen": "exam",
    "examens": "exam",
    "courriel": "email",
    "mail": "email",
    "mails": "email",
    "jobs": "job",
    "employment": "job",
    "emploi": "job",
    "emplois": "job",
    "poste": "job",
    "vacancy": "job",
    "vacancies": "job",
    "travail": "work",
    "travailler": "work",
    "working": "work",
    "worked": "work",
    "works": "work",
    # disciplines
    "haematology": "hematology",
    "hematologie": "hematology",
    "hemato": "hematology",
    "chimie": "chemistry",
    "biochemistry": "chemistry",
    "biochimie": "chemistry",
    "microbiologie": "microbiology",
    "histologie": "histology",
    "histotechnology": "histology",
    # money
    "salary": "salary",
    "salaries": "salary",
    "wage": "salary",
    "wages": "salary",
    "pay": "salary",
    "payed": "salary",
    "earn": "salary",
    "earns": "salary",
    "earning": "salary",
    "hourly": "salary",
    "salaire": "salary",
    "fee": "fee",
    "fees": "fee",
    "cost": "fee",
    "costs": "fee",
    "frais": "fee",
    "cout": "fee",
    "coute": "fee",
    "price": "fee",
    "charge": "fee",
    "charges": "fee",
    # identity / network
    "nickname": "nickname",
    "handle": "nickname",
    "alias": "nickname",
    "pseudonym": "nickname",
    "username": "nickname",
    "pseudo": "nickname",
    "resume": "resume",
    "resumes": "resume",
    "unsubscribe": "unsubscribe",
    "unsubscibe": "unsubscribe",
    "optout": "unsubscribe",
    "reseau": "network",
    "group": "network",
    "groupe": "network",
    "rencontre": "meeting",
    "rencontres": "meeting",
    "reunion": "meeting",
    "reunions": "meeting",
    "meetings": "meeting",
    "meetup": "meeting",
    "meet": "meeting",
    "meets": "meeting",
    # French question and process words
    "francais": "french",
    "anglais": "english",
    "langue": "language",
    "avant": "before",
    "apres": "after",
    "demarche": "step",
    "demarches": "step",
    "etape": "step",
    "etapes": "step",
    "souvient": "remember",
    "souvenir": "remember",
    "souviens": "remember",
    "rappel": "reminder",  # French: a reminder ("les rappels des rencontres"); exam recalls are the guard's
    "rappels": "reminder",
    "partager": "share",
    "partagez": "share",
    "partage": "share",
    "offert": "offer",
    "offerte": "offer",
    "resultat": "result",
    "resultats": "result",
    "quand": "when",
    "combien": "much",
    "niveau": "level",
    "technologiste": "mlt",
    "obtenir": "get",
    "equivalence": "assess",
    "evalue": "assess",
    "evaluer": "assess",
    "evaluee": "assess",
    "evalues": "assess",
    "evaluees": "assess",
    "evaluent": "assess",
    "scslm": "csmls",  # the CSMLS in French
    # French "demande" is an application or a request (the phrases above), never English "demand"
    "demande": "ask",
    "demandes": "ask",
    "demander": "ask",
    "demandent": "ask",
    "demandez": "ask",
    "foreign": "international",  # foreign-trained is internationally educated
    "education": "educat",
    "paperwork": "document",
    "papers": "document",
    "documentation": "document",
    "formation": "training",
    "stage": "internship",
    "superviseur": "supervisor",
    "aide": "help",
    "gratuit": "free",
    "gratuits": "free",
    "gratuite": "free",
    "cours": "course",
    "livre": "book",
    "livres": "book",
    "manuel": "book",
    "date": "date",
    "dates": "date",
    "horaire": "schedule",
    "reprendre": "retake",
    "echoue": "fail",
    "echec": "fail",
    "reussi": "pass",
    "malade": "sick",
    "ordinateur": "computer",
    "maison": "home",
    "distance": "remote",
    "pays": "country",
    "etranger": "abroad",
    "prochain": "next",
    "prochaine": "next",
    "prochains": "next",
    "prochaines": "next",
    "prix": "fee",
    "tarif": "fee",
    "tarifs": "fee",
    "couts": "fee",
    "coutent": "fee",
    "coutera": "fee",
    "payer": "fee",
    "commencer": "start",
    "commence": "start",
    "debuter": "start",
    "demarrer": "start",
    "technologistes": "mlt",
    "gagne": "salary",
    "gagner": "salary",
    "gagnent": "salary",
    "attendre": "wait",
    "attends": "wait",
    "attente": "wait",
    "entrevue": "interview",
    "entretien": "interview",
    "benevolat": "volunteer",
    "benevole": "volunteer",
    "assurance": "insurance",
    "hopital": "hospital",
    "hopitaux": "hospital",
    "canadien": "canadian",
    "canadienne": "canadian",
    "canadiens": "canadian",
    "canadiennes": "canadian",
    "mois": "month",
    "semaine": "week",
    "semaines": "week",
    "annee": "year",
    "annees": "year",
    "reussir": "pass",
    "reprise": "retake",
    # French verbs of sitting an exam are the English ones ("passer / ecrire l'examen" = take / write the exam):
    # left as they are, they are rare words only the French alternates share, and pull whichever entry has one
    "passer": "take",
    "ecrire": "write",
    "repasser": "retake",
    "diplome": "diploma",
    "etudier": "study",
    "processus": "process",
    "salaire horaire": "salary",
    # the exam blueprint: how much each field or topic weighs
    "weight": "blueprint",
    "weights": "blueprint",
    "weighting": "blueprint",
    "weightings": "blueprint",
    "weighted": "blueprint",
    "blueprints": "blueprint",
    # misc synonyms
    "covid": "ill",
    "flu": "ill",
    "fever": "ill",
    "hospitalized": "ill",
    "hospitalised": "ill",
    "emergency": "ill",
    "textbook": "book",
    "textbooks": "book",
    "books": "book",
    "nurse": "nursing",
    "online": "remote",
    "remotely": "remote",
    "sick": "ill",
    "illness": "ill",
    "wes": "wes",
    "ices": "wes",
    "resit": "retake",
    "rewrite": "retake",
    "redo": "retake",
    "shadow": "shadowing",
    "observership": "shadowing",
    "observe": "shadowing",
    "observation": "shadowing",
    "transfusion": "transfusion",
    "volunteering": "volunteer",
    "volunteers": "volunteer",
    "bursary": "funding",
    "bursaries": "funding",
    "grant": "funding",
    "grants": "funding",
    "loan": "funding",
    "loans": "funding",
    "financial": "funding",
    "finance": "funding",
    "afford": "funding",
    "immigration": "immigration",
    "immigrate": "immigration",
    "discipline": "field",
    "disciplines": "field",
    "subject": "field",
    "subjects": "field",
    "specialty": "field",
    "specialties": "field",
    "section": "field",
    "sections": "field",
}

STOPWORDS = frozenset(
    _wordlist(
        """
        a about above again all also am an and any anyone are as at be because been being
        between both but by can could did do does doing done during each either else even ever every few for
        from get getting got had has have having he her here hers him his i if in into is it its just know
        like me might more most much must my myself need needs no nor not now of off ok on once one only or
        other our out over own please really same she should so some someone something still such than
        thanks that the their them then there these they thing things this those though through to too under
        up us very want was we were while will with would yes yet you your yours hi hello dear sir
        madam regards thank going tell told say said let lot lots maybe sure already last new old right
        now today currently these days really actually anyway also ai au aux avec ce ces cette dans de des
        du elle en est et etre eux il ils je la le les leur lui ma mais me meme mes moi mon ne nos notre
        nous on ou par pas peut peux pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre
        vous c d j l m n s t y est-ce puis dois faut merci bonjour oui non suis es sommes etes sont as avons
        avez ont avoir ete etais etait fait faire pouvez pourrais pourriez veux voudrais comme aussi tres plus
        bien tout tous toute toutes deja encore si alors donc car cela ca ici quelqu'un aupres
        """
    )
)

_UNSTEMMED = frozenset(("ielts", "csmls", "ices", "sars", "always", "series", "basis"))
_SUFFIXES = ("ingly", "edly", "ies", "ing", "ed", "es", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, conservative stemmer: plurals, -ing, -ed and the -ly of -ally removed, a final 'e' dropped.

    Only words of five or more letters are touched, so short domain words (pla, mlt, ielts) keep their form.
    """
    if len(word) < 5 or not word.isalpha() or word in _UNSTEMMED:
        return word
    if word.endswith("ally") and len(word) >= 7:
        return word[:-2]  # legally -> legal, officially -> official
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "ies":
                return word[:-3] + "y"
            if suffix == "s" and word.endswith(("ss", "us", "is", "ys")):
                break
            if suffix == "es" and not word.endswith(("sses", "xes", "ches", "shes")):
                continue  # "licences" -> "licence" through the "s" rule below
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def expand_shorthand(tokens: list[str]) -> list[str]:
    """SMS shorthand and common misspellings to plain words (pls -> please, hw -> how, exm -> exam)."""
    out: list[str] = []
    for token in tokens:
        out.extend(SHORTHAND.get(token, (token,)))
    return out


def rewrite_phrases(folded: str) -> str:
    """Multi-word expressions to one token (prior learning assessment -> pla, blood bank -> transfusion)."""
    for pattern, replacement in PHRASES:
        folded = pattern.sub(replacement, folded)
    return rewrite_places(folded)


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """One token per concept: synonyms and French domain words mapped, then stemmed."""
    mapped = CANONICAL.get(word)
    if mapped is not None:
        # the target is canonical too: "online" -> "remote" meets the English "remote" (-> "remot")
        return mapped if mapped == word else canonical(mapped)
    if word in PROVINCE_TOKENS or word in QUESTION_WORDS or word in STOPWORDS:
        return word
    stemmed = stem(word)
    return CANONICAL.get(stemmed, stemmed)


# Question words are not stop words ("when is the exam" and "how do I book the exam" differ), but they weigh
# less than content words.
QUESTION_WORDS = frozenset(
    _wordlist(
        """
        how what when where which who whom whose why comment quand quel quelle quels quelles pourquoi
        combien
        """
    )
)


def is_stopword(word: str) -> bool:
    return word in STOPWORDS


def normalise(text: str) -> str:
    """Folded text with phrases rewritten, shorthand expanded and each word in canonical form."""
    return " ".join(canonical(w) for w in expand_shorthand(words(rewrite_phrases(fold(text)))))


def analyse_words(text: str) -> list[tuple[str, bool]]:
    """(canonical token, is a stop word) for each word of a text, in order."""
    out = []
    for word in expand_shorthand(words(rewrite_phrases(fold(text)))):
        token = canonical(word)
        out.append((token, word in STOPWORDS or token in STOPWORDS))
    return out


def informative_tokens(text: str) -> list[str]:
    """Content tokens that say what a text is about: not question words, not everyday words."""
    return [t for t in content_tokens(text) if t not in QUESTION_WORDS and t not in GENERIC_WORDS]


def content_tokens(text: str) -> list[str]:
    """Canonical tokens of a text without stop words (the tokens that carry meaning)."""
    return [t for t, stop in analyse_words(text) if not stop]


# Everyday words that a small knowledge base makes look rare (its IDF would weigh "find" like "CELBAN"):
# they count, but little.
_GENERIC = _wordlist(
    """
    find get see know make take go use help ask give send look start move come put keep try leave call show turn
    tell seem feel become becom think mean happen happens happen work way time people person thing part place
    case point fact day week month year good bad best better great big small long short high low able possible
    sure true real many much more most less few lot well also even still just really quite very kind type sort
    idea question questions answer answers problem issue information info something anything everything
    nothing someone anyone everyone new old first last next other another same different own right wrong easy
    hard important useful normal usual usually again already soon later early late ago since yet ever never
    always often sometimes maybe please thanks hi hello dear want need like love hope wish worry worried
    confused confuse stuck lost understand explain advice advise suggest suggestion recommend tip tips guide
    one two three four five six seven eight nine ten twice once times
    """
)
GENERIC_WORDS = frozenset(canonical(w) for w in _GENERIC)
