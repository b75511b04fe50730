"""Each decision kind of the FAQ engine, on small hand-made knowledge bases and on the bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_engine import Decision, Entry, FaqEngine, load_knowledge_base
from faq_engine.engine import Match
from faq_engine.guards import (
    detect_command,
    exam_content,
    exam_view,
    needs_person,
    offtopic_kind,
    provinces_mentioned,
)
from faq_engine.index import kb_spelling

BUNDLED = Path(__file__).resolve().parents[1] / "peerline" / "data" / "knowledge_base.yaml"


def entry(id_: str, question: str, *alternates: str, province: str = "national") -> Entry:
    return Entry(id_, "credentialing", province, question, alternates, f"sms answer {id_}", f"answer {id_}")


@pytest.fixture(scope="module")
def bundled() -> FaqEngine:
    return FaqEngine(load_knowledge_base(BUNDLED))


@pytest.fixture(scope="module")
def small() -> FaqEngine:
    return FaqEngine(
        [
            entry("exam-book", "How do I register and schedule my exam?", "how to book exam seat prometric"),
            entry("lang-celban", "Can I use CELBAN or TOEFL for MLT registration?", "is celban accepted"),
            entry("bridging", "Which bridging programs exist for internationally educated MLTs?"),
            entry("work-on", "In Ontario, what work can I do before I am registered?", province="ON"),
            entry("work-ab", "In Alberta, can I work before I pass the exam?", province="AB"),
            entry("work-national", "Can I work before I am registered or licensed?"),
            entry("only-qc", "In Quebec, how do I get the OPTMQ permit?", province="QC"),
            entry("only-nb", "In New Brunswick, how do I get the permit?", province="NB"),
        ]
    )


def test_answer_for_a_plain_question(small: FaqEngine) -> None:
    decision = small.decide("is CELBAN accepted for registration?")
    assert decision.decision == "answer"
    assert decision.faq_id == "lang-celban"
    assert 0 <= decision.score <= 100


def test_shorthand_and_misspelling_still_answer(small: FaqEngine) -> None:
    decision = small.decide("hw do i book the exm pls")
    assert (decision.decision, decision.faq_id) == ("answer", "exam-book")


def test_province_entry_beats_another_province(small: FaqEngine) -> None:
    assert small.decide("can i work before i pass the exam?", province="AB").faq_id == "work-ab"
    assert small.decide("what work can i do before i am registered?", province="ON").faq_id == "work-on"
    # the Ontario entry is never the answer for an Alberta member
    assert small.decide("what work can i do before i am registered?", province="AB").faq_id != "work-on"


def test_unknown_province_gets_the_national_entry(small: FaqEngine) -> None:
    decision = small.decide("can i work before i am registered?", province=None)
    assert decision.faq_id == "work-national"


def test_named_province_counts_like_the_profile(small: FaqEngine) -> None:
    assert small.decide("in alberta can i work before i pass the exam?").faq_id == "work-ab"


def test_province_needed_when_only_provincial_entries_answer(small: FaqEngine) -> None:
    decision = small.decide("how do i get the permit?", province=None)
    assert decision.decision == "route"
    assert decision.faq_id is None


def test_route_when_nothing_matches_a_domain_question(small: FaqEngine) -> None:
    decision = small.decide("my hospital lab wants a police check from my home town, what now?")
    assert decision.decision == "route"


def test_suggest_between_thresholds() -> None:
    engine = FaqEngine(
        [entry("a", "What are the bridging programs in Canada?"), entry("b", "How much does the exam cost?")],
        answer_threshold=100.0,
        suggest_threshold=10.0,
    )
    decision = engine.decide("which bridging courses?")
    assert decision.decision == "suggest"
    assert decision.suggestions[0] == "a"
    assert len(decision.suggestions) <= 3


@pytest.mark.parametrize(
    ("text", "keyword", "argument"),
    [
        ("STOP", "STOP", None),
        ("stop", "STOP", None),
        ("Unsubscribe me please", "STOP", None),
        ("START", "START", None),
        ("HELP", "HELP", None),
        ("JOIN", "JOIN", None),
        ("join ON", "JOIN", "ON"),
        ("NAME HemeQueen", "NAME", "HemeQueen"),
        ("PROVINCE ns", "PROVINCE", "NS"),
        ("PROV Nova Scotia", "PROVINCE", "NS"),
        ("MYDATA", "MYDATA", None),
        ("DELETE", "DELETE", None),
        ("LANG FR", "LANG", "FR"),
        ("2", "CHOICE", "2"),
        ("0", "CHOICE", "0"),
        # an opt-out is honoured misspelt too
        ("Unsubscirbe me please", "STOP", None),
        ("unsubscibe", "STOP", None),
        ("STOPAL", "STOP", None),
        ("remove me form the list", "STOP", None),
    ],
)
def test_commands(small: FaqEngine, text: str, keyword: str, argument: str | None) -> None:
    decision = small.decide(text)
    assert decision.decision == "command"
    assert (decision.command, decision.argument) == (keyword, argument)


@pytest.mark.parametrize(
    "text",
    [
        "how do i stop these messages?",
        "4",
        "NAME",
        "join the network how?",
        "stop sending exam recalls",
        "cancer",  # one changed letter in a short word is another word, not "cancel"
        "quiet please",
    ],
)
def test_not_commands(text: str) -> None:
    assert detect_command(text) is None


def test_email_whose_body_is_only_a_keyword(small: FaqEngine) -> None:
    assert small.decide("MEETING\n\n-- \nsent from phone", channel="email").command == "MEETING"


@pytest.mark.parametrize(
    "text",
    [
        "anyone have recalls from the march exam? pls send",
        "pls send me the csmls exam pdf",
        "what came in the hematology exam yesterday?",
        "Quelqu'un se souvient des questions de l'examen? svp partagez",
        "selling a question bank with real questions, DM me",
        "can someone who wrote today tell me if chem had many calculation questions?",
        "I remember most of the questions, where should I send them for the study group?",
        # typos do not hide a request: letters missing, doubled or swapped in the guard's own words
        "anyone haave reclals from the march exam? pls send",
        "can someone who wrote tooday tell me if chem had many calculation qeustions?",
        "pls seend me the csmls eaxm pdf",
    ],
)
def test_exam_content_requests_are_flagged(small: FaqEngine, text: str) -> None:
    decision = small.decide(text)
    assert decision.decision == "exam_flag"
    assert decision.faq_id is None


@pytest.mark.parametrize(
    "text",
    [
        "when are the exam dates?",
        "what is the exam format and how many questions?",
        "how much is the exam fee?",
        "is there a reference book list for the exam?",
        "is there a study group for the june exam?",
        "what is the weighting of each topic on the blueprint?",
        "which form do I fill to register for the exam?",  # read as "from": still no request
        "is there a farm near the test centre?",
    ],
)
def test_legitimate_exam_questions_are_not_flagged(text: str) -> None:
    assert exam_content(text) is None


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("a sharing verb and the exam's answers", "can someone send me the exam answers?"),
        ("shorthand for the questions", "plz share exam q's"),
        ("the questions of the exam after the verb", "can we forward the questions from the chem exam?"),
        ("a verb of having, someone else", "does anyone still have the questions from the micro exam"),
        ("a verb of having, an offer", "i got the exam questions from a friend, want me to forward?"),
        ("a sitting that happened", "what came in heme this morning"),
        ("a past sitting named", "anyone got yesterday's chem questions?"),
        ("questions that came", "can someone list the questions that came up?"),
        ("an offer after a sitting", "i wrote histo yesterday, i can send the questions to anyone who wants"),
        ("French, a sharing verb", "Pouvez-vous m'envoyer les réponses de l'examen?"),
        ("French, having, a past sitting", "Quelqu'un a des questions de l'examen d'hier?"),
        ("French, what came", "Qu'est-ce qui est tombé à l'examen de microbiologie?"),
        ("recall the noun", "any exam recall for heme?"),
        ("French rappel beside the exam", "des rappels de l'examen de chimie svp"),
    ],
)
def test_kinds_of_exam_content_requests(kind: str, text: str) -> None:
    assert exam_content(text) == "request", kind


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("how many questions", "how many questions does the exam have?"),
        ("questions in the exam: their format", "are the questions in the exam multiple choice?"),
        ("questions on the exam: their language", "are questions on the exam in english and french?"),
        ("answers on the exam: scoring", "how are answers on the exam scored?"),
        ("having questions ABOUT the exam", "I have a few questions about the CAMLPR exam. When is it?"),
        ("a quick question on the exam", "quick question on the exam: when can I register?"),
        ("cases per field", "how many cases in the histology exam?"),
        ("questions per field", "how many questions from each field are on the exam?"),
        ("the format of the exam", "does the exam have a calculator?"),
        ("sharing something else", "can you send me the exam dates?"),
        ("a meeting's questions", "can you send me the questions from this morning's meeting"),
        ("a rumour about the format", "i heard the exam has 100 questions, is that true?"),
        ("French: how many", "Combien de questions y a-t-il à l'examen?"),
        ("French: questions about", "J'ai des questions sur l'inscription à l'examen."),
        ("recall the verb", "I don't recall when I applied, can I check?"),
        ("French rappel is a reminder", "Je ne reçois pas les rappels des rencontres"),
    ],
)
def test_questions_about_the_exam_are_not_requests(kind: str, text: str) -> None:
    assert exam_content(text) is None, kind


def test_exam_view_writes_french_and_shorthand_the_english_way() -> None:
    assert exam_view("quelqu'un peut m'envoyer les questions de l'examen d'hier?") == (
        "someone can me send the questions of the exam of yesterday?"
    )
    assert exam_view("plz share wat came in heme") == "please share what came in heme"
    assert exam_view("qu'est-ce qui est tombe a l'examen") == "what came on the exam"
    # avoir after a person is having; after the exam or its questions it is not
    assert exam_view("quelqu'un a les questions de l'examen de novembre") == (
        "someone has the questions of the exam of november"
    )
    assert exam_view("qui aurait encore les reponses") == "who has still the answers"
    assert exam_view("quelqu'un d'entre vous a recu les reponses") == "any of you has got the answers"
    assert exam_view("combien de questions a l'examen") == "combien of questions on the exam"
    assert exam_view("l'examen a-t-il des questions") == "the exam a-t-il some questions"
    # souvenirs of an exam are recalls, other memories are not; real questions; a past sitting
    assert exam_view("vos souvenirs d'examen") == "vos recalls of exam"
    assert exam_view("mes bons souvenirs du stage") == "mes bons souvenirs of the stage"
    assert exam_view("les vraies questions de l'an dernier") == "the real questions last year"


def test_french_policy_question_is_not_a_request() -> None:
    assert exam_content("Pourquoi ne peut-on pas partager les questions d'examen?") == "policy"
    assert exam_content("exam recalls allowed in this group?") == "policy"


def test_safe_in_a_question_about_the_exam_is_no_safety_concern() -> None:
    assert needs_person("is it safe to write the exam while pregnant?") is None
    assert needs_person("i am scared of the exam") is None


def test_policy_question_is_not_a_request() -> None:
    assert exam_content("why can't we share recalls here?") == "policy"
    assert exam_content("anyone have recalls?") == "request"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hi", "greeting"),
        ("thank you so much!!", "pleasantry"),
        ("You've won a $500 gift card, claim now at bit.ly/x", "spam"),
        ("selling my old hematology atlas cheap", "marketplace"),
        ("any good daycare near brampton?", "out_of_scope"),
    ],
)
def test_offtopic_kinds(small: FaqEngine, text: str, kind: str) -> None:
    assert offtopic_kind(text) == kind
    assert small.decide(text).decision == "offtopic"


@pytest.mark.parametrize(
    "text",
    [
        "I work night shifts in the lab and need a babysitter for my kids, any ideas?",
        "We both do rotating shifts at the hospital, is there daycare open on weekends?",
        "Je travaille de nuit au labo, y a-t-il une garderie ouverte le soir ?",
        "Mon stage à l'hôpital finit à 18h, la garderie ferme à 17h30. Que faire ?",
    ],
)
def test_a_service_beside_the_lab_work_is_life_in_canada(small: FaqEngine, text: str) -> None:
    assert offtopic_kind(text) is None
    assert needs_person(text) == "life_in_canada"
    assert small.decide(text, channel="email").decision == "route"


@pytest.mark.parametrize(
    "text",
    [
        "Daycare for hospital and lab shift workers, 3 spots available! Call 587-555-0123",
        "Babysitting services available for night shift nurses and lab techs, DM me",
        "Garderie pour parents qui travaillent de nuit à l'hôpital, places disponibles, 60 $ par jour",
        "Is the weather bad in Winnipeg in January?",
    ],
)
def test_service_ads_and_questions_without_the_work_stay_out_of_scope(small: FaqEngine, text: str) -> None:
    assert offtopic_kind(text) == "out_of_scope"
    assert small.decide(text).decision == "offtopic"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i do not feel safe at home, he keeps my documents", "safety"),
        ("i failed three times and feel hopeless", "distress"),
        ("my PLA says not eligible, can i appeal?", "appeal"),
        ("should i accept the MLA job or wait for an MLT job?", "personal_decision"),
        ("can you check my resume if i send it", "review_request"),
        ("the lab where i worked closed down, who signs my form?", "gone"),
        ("i don't feel safe at home", "safety"),
        ("im not safe, he took my passport", "safety"),
        ("i am scared of my husband", "safety"),
        # what happened to other members is for a peer to tell
        ("which labs took you for a placement?", "experience"),
        ("did you have to pay for your observership?", "experience"),
        ("has anyone here done the Michener bridging?", "experience"),
        ("Qui dans le réseau a vécu ça ?", "experience"),
        ("Avez-vous déjà fait un stage de nuit ?", "experience"),
        # typos do not hide the kind of message
        ("i dont feel saef", "safety"),
        ("the bursary office rejceted me because of my work permit", "rejected"),
        ("prometric shows no seast in winnipeg", "availability"),
    ],
)
def test_messages_that_need_a_person_are_routed(small: FaqEngine, text: str, kind: str) -> None:
    assert needs_person(text) == kind
    assert small.decide(text).decision == "route"


def test_provinces_mentioned() -> None:
    assert provinces_mentioned("moving from Winnipeg to Regina, on the way") == ["MB", "SK"]
    assert provinces_mentioned("I am in ON now") == ["ON"]
    assert provinces_mentioned("bc has no college") == ["BC"]


def test_decision_as_dict_is_the_contract() -> None:
    decision = Decision("suggest", "a", 71.234, ("a", "b"), "ON")
    assert decision.as_dict("m1") == {
        "id": "m1",
        "decision": "suggest",
        "faq_id": "a",
        "score": 71.2,
        "suggestions": ["a", "b"],
        "province": "ON",
    }


def test_engine_basics(bundled: FaqEngine) -> None:
    assert len(bundled) >= 90
    assert bundled.entry("exam-dates").id == "exam-dates"
    with pytest.raises(KeyError):
        bundled.entry("no-such-id")
    with pytest.raises(ValueError, match="suggest_threshold"):
        FaqEngine([], answer_threshold=50, suggest_threshold=60)


def test_bundled_knowledge_base_answers_its_own_questions(bundled: FaqEngine) -> None:
    """Every canonical question, asked as written from its own province, gets its own entry."""
    wrong = []
    for item in bundled.entries:
        province = None if item.is_national else item.province
        decision = bundled.decide(item.question, province=province)
        if decision.faq_id != item.id:
            wrong.append((item.id, decision.decision, decision.faq_id))
    assert len(wrong) <= len(bundled) // 20, wrong


def test_french_question_is_answered(bundled: FaqEngine) -> None:
    decision = bundled.decide("Est-ce que je peux écrire l'examen en français?")
    assert decision.faq_id == "exam-french"


def test_empty_message_is_offtopic(small: FaqEngine) -> None:
    assert small.decide("   ").decision == "offtopic"


# ----------------------------------------------------------------------------------------------------
# the confidence model: which runner-up counts against the best entry, and the views of a message


def test_own_province_variant_is_preferred_and_its_national_sibling_is_no_rival() -> None:
    engine = FaqEngine(
        [
            entry("work-national", "Can I work in a lab before I am licensed?"),
            entry("work-mb", "In Manitoba, can I work in a lab before I am licensed?", province="MB"),
            entry("fees", "How much does the exam cost?"),
        ]
    )
    decision = engine.decide("can i work in a lab before my licence?", province="MB")
    assert (decision.decision, decision.faq_id) == ("answer", "work-mb")
    # without a province the national entry answers
    assert engine.decide("can i work in a lab before my licence?").faq_id == "work-national"


def test_rival_skips_other_provinces_national_sibling_and_other_questions() -> None:
    national = entry("n", "Can I work before I am licensed?")
    own = entry("on", "In Ontario, can I work before I am licensed?", province="ON")
    other = entry("ab", "In Alberta, can I work before I am licensed?", province="AB")
    unrelated = Entry("f", "exam", "national", "How much is the exam?", (), "x", "y")

    def m(e: Entry, score: float, other_province: bool = False) -> Match:
        return Match(e, score, score, other_province)

    matches = [m(own, 80), m(other, 79, True), m(national, 78), m(unrelated, 50)]
    assert FaqEngine._rival(matches, matches[0], {"ON"}, []) is matches[3]
    # a national best: the national entry of the same topic is a rival again for another province's variant
    matches = [m(national, 80), m(unrelated, 70)]
    assert FaqEngine._rival(matches, matches[0], set(), []) is matches[1]
    # in a message asking two questions, the best entry of the other question is no rival
    assert FaqEngine._rival(matches, matches[0], set(), ["n", "f"]) is None


def test_two_questions_answered_with_confidence(bundled: FaqEngine) -> None:
    text = (
        "Hello,\n\nI would like to shadow an MLT in a hospital lab for a few days before my exam. "
        "How do I arrange an observership? Do I need liability insurance for it?\n\nThanks,\nLea"
    )
    decision = bundled.decide(text, province="ON", channel="email")
    assert decision.decision == "answer"
    assert decision.faq_id in {"cexp-job-shadowing", "cexp-liability"}
    assert set(decision.suggestions) & {"cexp-job-shadowing", "cexp-liability"}


def test_channel_is_implied_context() -> None:
    engine = FaqEngine(
        [
            entry("join-sms", "How do I join the network by text message?"),
            entry("join-email", "How do I join the network by email?"),
            entry("fees", "Does it cost anything to join the network?"),
        ]
    )
    assert engine.decide("how do I join?", channel="sms").faq_id == "join-sms"
    assert engine.decide("how do I join?", channel="email").faq_id == "join-email"


def test_views_of_a_long_message(bundled: FaqEngine) -> None:
    agree = (
        "I arrived in Canada last spring with my family and I have been working in a warehouse since then, "
        "while I try to understand the system here. When are the CAMLPR exams offered?"
    )
    matches = bundled.matches(agree)
    merged, disagree = bundled._with_question_view(matches, agree, None, "email")
    assert not disagree
    assert merged[0].entry.id == "exam-dates" and merged[0].score >= matches[0].score
    # the context says what the bare question is about: the views disagree, which lowers confidence
    differ = "My CELBAN is from 2022 and I failed my PLA. When are the exams offered?"
    _, disagree = bundled._with_question_view(bundled.matches(differ), differ, None, "sms")
    assert disagree


def test_typos_in_the_knowledge_base_meet_the_right_spelling() -> None:
    assert kb_spelling(["prometric", "prometric", "prometric", "prometic", "expect"] * 1 + ["expert"]) == {
        "prometic": "prometric"
    }
    engine = FaqEngine(
        [
            entry("book", "How do I book my seat?", "book seat at prometic", "prometric seat booking"),
            entry("day", "What happens on exam day?", "prometric rules exam day", "prometric day id"),
            entry("fees", "How much is the exam?"),
        ]
    )
    assert engine._index.entry_tokens[0] >= {"prometric"}
    assert "prometic" not in engine._index.postings
