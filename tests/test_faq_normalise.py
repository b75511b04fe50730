"""Each normalisation step of the FAQ engine, with the value it must produce."""

from __future__ import annotations

import pytest

from faq_engine.normalise import (
    CANONICAL,
    QUESTION_WORDS,
    canonical,
    content_tokens,
    expand_contractions,
    expand_shorthand,
    focus,
    fold,
    informative_tokens,
    is_question,
    is_stopword,
    normalise,
    province_token,
    questions,
    rewrite_phrases,
    split_sentences,
    stem,
    strip_email_noise,
    words,
)


def test_fold_lowercases_and_removes_accents_and_typographic_quotes() -> None:
    assert fold("Québec – l’Examen «Français» ÇA") == 'quebec - l\'examen "francais" ca'


def test_words_split_elisions_and_slashes() -> None:
    assert words("l'examen mg/dl b4") == ["l", "examen", "mg", "dl", "b4"]


def test_contractions_expanded() -> None:
    assert expand_contractions("i don't know, can't and won't; i'm here") == (
        "i do not know, can not and will not; i here"
    )


@pytest.mark.parametrize(
    ("shorthand", "expected"),
    [
        (["pls"], ["please"]),
        (["hw"], ["how"]),
        (["exm"], ["exam"]),
        (["u", "r"], ["you", "are"]),
        (["b4"], ["before"]),
        (["wat"], ["what"]),
        (["jion"], ["join"]),
        (["lisence"], ["licence"]),
        (["qs"], ["question"]),
        (["qns"], ["question"]),
    ],
)
def test_sms_shorthand_and_misspellings(shorthand: list[str], expected: list[str]) -> None:
    assert expand_shorthand(shorthand) == expected


def test_licence_and_license_spellings_meet() -> None:
    forms = {"license", "licence", "licensed", "licences", "licensure", "permit", "permis"}
    assert {canonical(f) for f in forms} == {"licence"}


def test_stemmer_is_light() -> None:
    assert stem("volunteering") == stem("volunteer") == "volunteer"
    assert stem("documents") == stem("document")
    assert stem("ielts") == "ielts"  # short domain words keep their form
    assert stem("pla") == "pla"


def test_french_domain_words_map_to_english() -> None:
    assert content_tokens("examen de microbiologie en français") == ["exam", "microbiology", "french"]


def test_phrases_rewritten() -> None:
    assert "pla" in rewrite_phrases("my prior learning assessment").split()
    assert "transfusion" in rewrite_phrases("blood bank").split()
    assert "mlt" in rewrite_phrases("medical lab technologist").split()
    assert "register exam" in " ".join(rewrite_phrases("how to book the exam").split())


def test_places_become_province_tokens_and_bodies_keep_their_name() -> None:
    assert normalise("work in Whitehorse") == f"work in {province_token('YT')}"
    assert normalise("the OQLF exam").split()[1:3] == ["oqlf", province_token("QC")]


def test_stop_words_and_question_words() -> None:
    assert is_stopword("the") and is_stopword("est")
    assert not is_stopword("how") and not is_stopword("celban")
    assert content_tokens("how do I write the CELBAN") == ["how", "writ", "celban"]


def test_email_greeting_signoff_quote_and_signature_removed() -> None:
    body = (
        "Hello,\n\nI arrived last month. How do I book the exam?\n\nThanks so much,\nMaria\n"
        "-- \nMaria Santos | 555-0101\n"
    )
    assert strip_email_noise(body) == "I arrived last month. How do I book the exam?"
    quoted = "Is IELTS General accepted?\n\nOn Mon, 3 Mar 2026, Peerline <ask@x.org> wrote:\n> old text"
    assert strip_email_noise(quoted) == "Is IELTS General accepted?"
    assert strip_email_noise("Hi, do you know the exam dates?") == "do you know the exam dates?"
    assert strip_email_noise("> quoted only\nnew line") == "new line"
    # a one-line message is the message, even when it starts like a sign-off
    assert strip_email_noise("best textbooks for the hematology exam") == "best textbooks for the hematology exam"
    assert strip_email_noise("Thanks for the info") == "Thanks for the info"


def test_question_found_in_a_long_email() -> None:
    text = (
        "I am a technologist from Lagos with seven years in haematology and chemistry, and we plan to move "
        "next year through Express Entry with my husband and two children. Who assesses my education now?"
    )
    parts = focus(text)
    assert parts[-1] == ("Who assesses my education now?", 1.0)
    assert parts[0][1] < 1.0
    assert focus("short sms. two bits") == [("short sms.", 1.0), ("two bits", 1.0)]


def test_sentences_and_questions() -> None:
    assert split_sentences("One. Two?\nThree") == ["One.", "Two?", "Three"]
    assert is_question("when is the exam")
    assert is_question("the exam is when?")
    assert not is_question("I passed.")


def test_stemmer_takes_the_ly_of_ally() -> None:
    assert stem("legally") == stem("legal") == "legal"
    assert stem("officially") == "official"
    assert stem("family") == "family"  # not an -ally word
    assert stem("really") == "really"  # too short to touch


def test_next_is_not_a_stop_word() -> None:
    assert content_tokens("when is the next exam") == ["when", "next", "exam"]


def test_exam_blueprint_words_meet() -> None:
    assert {canonical(w) for w in ("weighting", "weight", "weights", "blueprint")} == {"blueprint"}


def test_request_that_the_bot_check_a_file() -> None:
    assert "botcheck" in content_tokens("can u check if camlpr got my papers")
    assert "botcheck" in content_tokens("Could you please confirm my application status?")
    assert "botcheck" not in content_tokens("how do I check my exam results")


def test_limit_on_tries() -> None:
    assert "attempt" in content_tokens("how many times can I write it")
    assert "attempt" in content_tokens("how many chances do we get")
    assert "attempt" not in content_tokens("how many times a year is the exam")


def test_identity_documents_are_id() -> None:
    assert content_tokens("only my PR card and an expired passport") == ["id", "expir", "id"]
    assert "id" in content_tokens("is my permanent resident card enough")


def test_message_scaffolding_dropped() -> None:
    text = "I have two questions. First, exam fees? Second, exam dates?"
    assert content_tokens(text) == ["exam", "fee", "exam", "date"]


def test_informative_tokens_leave_out_question_and_everyday_words() -> None:
    assert informative_tokens("How do I ask for this?") == []
    assert informative_tokens("Do I need insurance?") == ["insuranc"]


def test_questions_of_a_message() -> None:
    # two questions joined in one sentence are two questions
    assert questions("I am in Manila. Can I start my PLA from here, and can I also write the exam there?") == [
        "Can I start my PLA from here",
        "can I also write the exam there?",
    ]
    # a bare follow-up carries the sentence before it
    assert questions("I want to shadow an MLT in a hospital. How do I ask for this? Do I need insurance?") == [
        "I want to shadow an MLT in a hospital. How do I ask for this?",
        "Do I need insurance?",
    ]
    assert questions("I passed.") == []


@pytest.mark.parametrize(
    ("french", "tokens"),
    [
        ("Quand est le prochain examen?", ["when", "next", "exam"]),
        ("la prochaine date d'examen", ["next", "date", "exam"]),
        ("Quel est le prix de l'examen?", ["quel", "fee", "exam"]),
        ("C'est combien l'examen?", ["fee", "how", "exam"]),
        ("les frais et le coût", ["fee", "fee"]),
        ("Combien de questions y a-t-il?", ["how", "many", "question"]),
        ("Combien de temps dure le processus?", ["how", "long", "dure", "process"]),
        ("Combien de questions il y a?", ["how", "many", "question"]),
        ("Combien de fois peut-on reprendre l'examen?", ["attempt", "how", "many", "time", "retak", "exam"]),
        ("je suis technologiste formé à l'étranger, par où commencer?", ["mlt", "international", "educat",
                                                                         "where", "start"]),
        ("technicienne en biologie médicale", ["mlt"]),
        ("Combien gagne un technologiste?", ["salary", "mlt"]),
        ("examen en ligne", ["exam", "remot"]),
    ],
)
def test_french_questions_meet_the_english_tokens(french: str, tokens: list[str]) -> None:
    assert content_tokens(french) == tokens


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("Dois-je passer l'examen au Québec?", "Do I have to take the exam in Quebec?"),
        ("Puis-je écrire l'examen à distance?", "Can I write the exam remotely?"),
        ("Combien de fois puis-je repasser l'examen?", "How many times can I retake the exam?"),
        ("examen en ligne", "online exam"),
    ],
)
def test_french_exam_verbs_are_the_english_ones(french: str, english: str) -> None:
    """"passer / écrire / repasser l'examen" read as take / write / retake the exam; "passer par" is going through."""
    assert sorted(t for t in content_tokens(french) if t not in QUESTION_WORDS) == sorted(
        t for t in content_tokens(english) if t not in QUESTION_WORDS
    )


def test_passer_par_is_going_through_not_taking_an_exam() -> None:
    assert content_tokens("Ma demande doit passer par la CAMLPR?") == ["apply", "doit", "camlpr"]


def test_a_synonym_maps_to_the_canonical_form_of_its_target() -> None:
    """A mapped word meets the word it maps to: "distance" and "online" are "remote" as "remote" itself is."""
    for word, target in CANONICAL.items():
        if " " not in word:
            assert canonical(word) == canonical(target), (word, target)


def test_trained_abroad_is_not_being_abroad() -> None:
    assert "abroad" not in content_tokens("je suis formée à l'étranger")
    assert "abroad" in content_tokens("Puis-je passer l'examen à l'étranger?")


def test_french_verbs_of_being_and_having_are_stop_words() -> None:
    assert content_tokens("je suis, nous sommes, ils ont, vous avez") == []


def test_asking_how_many_or_what_kind_of_questions_is_asking_the_format() -> None:
    assert content_tokens("number of questions in the exam?") == content_tokens("how many questions in the exam?")
    assert content_tokens("what kind of questions are on the exam?")[:2] == ["format", "question"]
    assert expand_shorthand(["mcq"]) == ["multiple", "choice"]


def test_book_the_verb_is_registering_and_the_noun_a_book() -> None:
    assert "regist" in content_tokens("When is it and how do I book?")
    assert "book" in content_tokens("is there a good book for hematology?")


def test_recall_the_verb_and_rappel_the_reminder() -> None:
    assert "recall" not in content_tokens("I don't recall when I applied")
    assert content_tokens("les rappels des rencontres") == ["reminder", "meeting"]
    assert "recall" in content_tokens("why can't we share recalls?")


def test_french_credential_assessment_words() -> None:
    # an application for assessment, the PLA, the credential assessment; "la demande de technologistes" is demand
    assert content_tokens("ma demande d'évaluation auprès de la SCSLM") == ["apply", "assess", "csmls"]
    assert "pla" in normalise("la reconnaissance des acquis et des compétences").split()
    assert "credential assess" in normalise("l'évaluation des titres de compétences")
    assert "assess" in normalise("Qui évalue mon diplôme?").split()
    assert normalise("une forte demande pour les technologistes").split()[:2] == ["une", "demand"]
    assert "demand" not in normalise("mon superviseur me demande de rester").split()
    # "qui" opening a question asks who; elsewhere it is the relative pronoun
    assert normalise("Qui fait l'évaluation?").split()[0] == "who"
    assert "who" not in normalise("le leader qui répond").split()
    # l'Ordre is the regulator, "dans quel ordre" an order
    assert "regulator" in normalise("l'Ordre m'a écrit").split()
    assert "regulator" not in normalise("dans quel ordre faire les étapes").split()


def test_credential_review_and_paperwork() -> None:
    assert "credential assess" in normalise("the credential review")
    assert canonical("paperwork") == canonical("papers") == canonical("documents")
    assert canonical("foreign") == canonical("international")


def test_paying_for_something_is_a_cost_not_a_salary() -> None:
    assert "fee" in normalise("did you have to pay for it?").split()
    assert "fee" in normalise("how much do I pay for the PLA").split()
    assert "salary" in normalise("how much do MLTs get paid per hour").split()
    assert "salary" in normalise("what do they pay MLAs").split()
