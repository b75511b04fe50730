"""A held-out probe set for the FAQ engine, with the bundled knowledge base.

Written the way members write (SMS shorthand, French, long e-mails), never copied from the development set: the
sentences an audit found wrong, and more of each kind. Three groups, each with the value it must produce:

- questions ABOUT the exam (count, format, scoring, language, registration, materials): never ``exam_flag``;
- requests for, or offers of, the exam's content (its questions or answers, what came, recalls): ``exam_flag``;
- French questions (and two English ones the audit found answered wrong): the right entry, answered;
- questions about what happened to other members: routed to a leader;
- French messages about the profession: never off-topic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_engine import FaqEngine, load_knowledge_base
from faq_engine.guards import exam_content, has_domain_words

BUNDLED = Path(__file__).resolve().parents[1] / "peerline" / "data" / "knowledge_base.yaml"
ENGINE = FaqEngine(load_knowledge_base(BUNDLED))

ABOUT_THE_EXAM = [
    # found flagged by the audit
    "how many questions on the exam",
    "how many questions does the exam have?",
    "number of questions in the exam?",
    "I have some questions about the exam registration",
    "I have a few questions about the CAMLPR exam. When is it and how do I book?",
    "quick question on the exam: when can I register?",
    "are the questions in the exam multiple choice?",
    "are questions on the exam in english and french?",
    "how are answers on the exam scored?",
    "how many cases in the histology exam?",
    # more of the kind
    "hw many qs in the exm?",
    "pls how many qns in micro section",
    "exam has how many questions in total?",
    "how many questions from each field are on the exam?",
    "how many questions about transfusion are there on the exam",
    "hi, how many questions per field on the camlpr exam? and is there a time limit per section?",
    "r the exam questions all MCQ or are there case studies?",
    "what kind of questions are on the exam?",
    "what type of questions come in the exam, mcq or written?",
    "are the questions on the histo exam image based?",
    "do we lose marks for wrong answers on the exam?",
    "is there negative marking for wrong answers in the exam",
    "how long do we have per question on the exam",
    "can i go back and change my answers during the exam?",
    "Do they tell you which answers you got wrong after the exam?",
    "Can we see our answers after the exam or only the score?",
    "do they give the questions in french too?",
    "what is the pass mark for the exam? how many answers do i need right",
    "is there a practice exam with sample questions from csmls?",
    "where can i find official sample questions for the exam",
    "when do they release the answers of the practice test on the csmls site?",
    "does the exam have a calculator?",
    "i heard the exam has 100 questions, is that true?",
    "is it true the exam is 4 hours long and has 120 questions?",
    "from your experience, how hard is the exam?",
    "what comes after the PLA, the exam?",
    "i don't remember how many questions the exam has",
    "I don't recall when I applied, can I check?",
    "who can i ask questions about the exam?",
    "i have questions on my exam results",
    "can you send me the exam dates?",
    "please send me the link to register for the exam",
    "can someone share tips on managing time on the exam?",
    "Is there a study group where we practise questions for the exam?",
    "Is it ok to bring my own calculator to answer the calculation questions on the exam?",
    "Combien de questions y a-t-il à l'examen?",
    "Est-ce que les questions de l'examen sont à choix multiples?",
    "Est-ce qu'il y a des questions à développement dans l'examen?",
    "J'ai des questions sur l'inscription à l'examen.",
    "J'ai quelques questions concernant l'examen de la CAMLPR",
    "Les réponses de l'examen sont-elles corrigées par ordinateur?",
    "Je ne reçois pas les rappels des rencontres",
    "Hello, I have two questions about the exam. First, when are the next dates? Second, how much does it cost? "
    "Thank you, Priya",
    "Good morning, I hope you are well. I am writing because I have some questions regarding the certification "
    "exam. I arrived from Nigeria last year and I am preparing. Could you tell me how the exam is scored and how "
    "many questions there are in each section? Kind regards, Ngozi",
    "Dear team, I would like to know the number of questions and the duration of the CAMLPR exam. I have my "
    "eligibility letter. Regards, Tomasz",
    # French: "a" is the exam's own verb, or the member's questions, not someone having the content
    "Combien de questions a l'examen ?",
    "Quand a lieu l'examen ?",
    "L'examen a-t-il des questions à choix multiples ?",
    "Est-ce que l'examen a des questions sur l'histologie ?",
    "Quelqu'un a des conseils pour préparer l'examen de chimie ?",
    "Quelqu'un a la liste des livres de référence pour l'examen ?",
    "Qui a passé l'examen en novembre et peut me dire combien de temps on attend les résultats ?",
    "Vous avez des questions sur l'examen ? Écrivez au leader.",
    "Avez-vous des exemples de questions pour l'examen ?",
    "Quelqu'un a le lien pour s'inscrire à l'examen de novembre ?",
    "J'ai beaucoup de questions sur l'inscription à l'examen",
    "i have lots of questions about registration for the exam",
    "J'ai de mauvais souvenirs de l'examen, comment gérer le stress la prochaine fois ?",
    "J'ai des souvenirs flous de mon stage, est-ce que mon expérience compte ?",
    "C'est vrai que l'examen dure 4 heures ?",
    "J'ai entendu dire que l'examen a 100 questions, c'est vrai ?",
    "Quelqu'un a des trucs pour gérer le stress le jour de l'examen ?",
    "Est-ce que l'examen de juin a des questions en français ?",
    "Qui a des infos sur les dates d'examen de l'an prochain ?",
]

CONTENT_REQUESTS = [
    # missed by the audit
    "can someone send me the exam answers?",
    "plz share exam q's",
    "anyone can share the questions that came on the exam?",
    "Quelqu'un peut partager les questions qui sont tombées à l'examen?",
    "pls share wat came in heme section",
    "i got the exam questions from a friend, want me to forward?",
    "Pouvez-vous m'envoyer les réponses de l'examen?",
    "Quelqu'un a des questions de l'examen d'hier?",
    "Quelqu'un peut m'envoyer les questions de l'examen?",
    # more of the kind
    "can u send me da exam qs",
    "pls fwd the chem exam answers",
    "any1 got d answers 4 the chem exam?",
    "do u have da heme exam qs from june",
    "who has the questions from the march exam?",
    "who has last week's exam questions? will pay",
    "anyone got yesterday's heme questions?",
    "what came in micro today?",
    "wat came in bb this morning",
    "guys what came in transfusion today",
    "which questions did you get in chem?",
    "what were the questions on yesterday's exam?",
    "what was asked in the histo exam today",
    "sum1 pls send the questions from last week's exam",
    "can someone tell me the answers of the transfusion exam",
    "give me the answers for the heme exam plz",
    "share the chem exam questions in the group pls",
    "send the histo exam answers in the whatsapp group pls",
    "can anyone email me the questions from the csmls exam?",
    "can someone pls post the questions they got in micro this morning",
    "plz post the questions that came up in the last sitting",
    "anyone remember the questions from the morning sitting?",
    "any exam recall for heme?",
    "i wrote histo yesterday, i can send the questions to anyone who wants",
    "my cousin wrote it in may, she can forward her questions to whoever needs them",
    "I still have all the exam questions, dm me",
    "i can share all the exam questions i saved, just reply",
    "my friend sent me the exam answers, should i share with the group?",
    "Hi all, I wrote the exam on Monday. I remember a lot of the questions and can share them with the next batch. "
    "Who should I send them to? Thanks",
    "Hi everyone, I sat the CAMLPR exam yesterday. Would anyone like me to send the questions I remember? I wrote "
    "most of them down.",
    "Bonjour, est-ce que quelqu'un pourrait m'envoyer les questions de l'examen de chimie? Merci",
    "Est-ce que quelqu'un peut me transférer les questions de l'examen d'hème?",
    "Qu'est-ce qui est tombé à l'examen de microbiologie hier?",
    "Vous avez les réponses de l'examen de la semaine dernière?",
    "j'ai les questions de l'examen, je peux les partager",
    "des rappels de l'examen de chimie svp",
    # French having (a, as, avez, aurait ... after a person), souvenirs, vraies questions, a past sitting: missed
    # by the audit
    "Quelqu'un a les questions de l'examen de novembre ?",
    "Quelqu'un a les questions de l'examen de l'OPTMQ de l'an dernier ? Je cherche les vraies questions.",
    "Qui a des souvenirs de l'examen de la SCSLM à partager ?",
    "Pouvez-vous partager vos souvenirs d'examen ?",
    # more of the kind
    "Quelqu'un a encore les questions de l'examen de septembre ?",
    "Est-ce que quelqu'un d'entre vous a les réponses de l'examen de chimie ?",
    "Vous avez gardé les questions de l'examen de la dernière session ?",
    "Qui a les vraies questions de l'examen CAMLPR ?",
    "Tu as les questions de l'examen d'hémato de l'an dernier ?",
    "Quelqu'un aurait les questions de l'examen de juin svp",
    "Je cherche les vraies questions de l'examen, quelqu'un peut m'aider ?",
    "Partagez vos souvenirs de l'examen de l'OPTMQ svp",
    "Des souvenirs de l'examen d'hier ? Qu'est-ce qu'ils demandaient en chimie ?",
    "Elle a les questions réelles de l'examen de novembre, je peux vous les envoyer",
    "qqn a les qs de l'exam de l'an passé?",
    "Quelqu'un a-t-il les réponses de l'examen de la SCSLM ?",
    "Quelqu'un a reçu les réponses de l'examen de la semaine dernière ?",
    "Vous vous souvenez des questions de chimie ?",
    "C'est vrai que l'examen de micro a beaucoup de questions sur les parasites ?",
    "J'ai entendu dire qu'il y a beaucoup de questions sur la coagulation à l'examen d'hémato",
    "anyone has got the questions from the november exam?",
    # a second batch, written before its results were seen (4/4 flagged)
    "Est-ce que quelqu'un aurait gardé les réponses de l'examen de micro de l'automne dernier ?",
    "Vous avez encore vos souvenirs de l'examen d'histologie ? Ça m'aiderait beaucoup",
    "Qqn a les vraies questions d'examen de la CAMLPR svp",
    "Il a les réponses de l'examen du mois dernier, il peut les partager",
]

# (message, member's province, the entry that answers it)
RIGHT_ENTRY = [
    # found answered wrong by the audit
    ("Quand est le prochain examen?", None, "exam-dates"),
    ("quand est la prochaine date d'examen", None, "exam-dates"),
    ("Quelle est la date du prochain examen?", None, "exam-dates"),
    ("Quel est le prix de l'examen?", None, "cred-fees"),
    ("C'est combien l'examen?", "NB", "cred-fees"),
    ("can I work before registration?", None, "cexp-before-licence"),
    ("je suis technologiste formé à l'étranger, par où commencer?", "ON", "cred-pla-steps"),
    ("je suis technologiste formé à l'étranger, par où commencer?", "NB", "cred-pla-steps"),
    ("can i work in a lab while waiting for my exam results", "ON", "cexp-on"),
    # more French
    ("c quand le prochain exam?", None, "exam-dates"),
    ("c'est quand les prochains examens de la CAMLPR?", None, "exam-dates"),
    ("Quelles sont les prochaines dates de l'examen CAMLPR?", None, "exam-dates"),
    ("combien coûte l'examen de certification?", None, "cred-fees"),
    ("combien ça coûte la PLA et l'examen?", None, "cred-fees"),
    ("Quels sont les frais pour l'évaluation et l'examen?", None, "cred-fees"),
    ("C'est combien l'évaluation?", None, "cred-fees"),
    ("Combien de fois peut-on reprendre l'examen?", None, "exam-attempts"),
    ("Quand est-ce que je vais avoir mes résultats d'examen?", None, "exam-results"),
    ("je viens de passer l'examen, combien de temps pour les résultats?", None, "exam-results"),
    ("Est-ce que je peux faire l'examen en français?", None, "exam-french"),
    ("Comment je m'inscris à l'examen?", None, "exam-register"),
    ("Je suis diplômée à l'étranger en biologie médicale, par où je commence?", "NB", "cred-pla-steps"),
    ("Combien gagne un technologiste médical au Canada?", None, "jobs-salary"),
    ("Combien de questions y a-t-il à l'examen?", None, "exam-format"),
    ("Peut-on passer l'examen en ligne à la maison?", None, "exam-remote"),
    ("Quand est la prochaine rencontre du réseau?", None, "net-meetings"),
    ("Je suis malade le jour de l'examen, que faire?", None, "exam-missed-ill"),
    ("Quels tests de langue sont acceptés?", None, "lang-which-test"),
    ("Combien de temps dure tout le processus?", None, "cred-timeline"),
    ("Puis-je passer l'examen depuis l'étranger?", None, "exam-outside-canada"),
    ("Qu'est-ce que je dois apporter le jour de l'examen?", None, "exam-day"),
    ("Est-ce que le CELBAN est accepté?", None, "lang-celban"),
    ("Puis-je travailler dans un labo avant d'avoir mon permis de l'OPTMQ?", "QC", "cexp-qc"),
    ("Comment rejoindre le réseau par texto?", None, "net-join-sms"),
    ("Où chercher un emploi en laboratoire?", None, "jobs-where-to-look"),
    ("Existe-t-il des programmes de transition pour les technologistes?", None, "cred-bridging-programs"),
    ("Comment demander des accommodements pour l'examen?", None, "exam-accommodations"),
    ("Je ne reçois pas les rappels des rencontres", None, "net-meetings"),
    # French credential-assessment words (demande d'evaluation, aupres de, evaluation des titres, reconnaissance des
    # acquis) and the topic a "which ..." question asks for: answered wrong with confidence before
    ("Est-ce que je dois encore faire ma demande d'évaluation auprès de la SCSLM ?", None, "cred-who-assesses"),
    ("which documents do I need to send for the credential review?", None, "cred-documents"),
    ("À qui dois-je envoyer ma demande d'évaluation des compétences maintenant ?", None, "cred-who-assesses"),
    ("Qui fait l'évaluation des titres pour les technologistes formés à l'étranger ?", None, "cred-who-assesses"),
    ("Est-ce que la SCSLM fait encore les évaluations ?", None, "cred-who-assesses"),
    ("Est-ce que ma demande d'équivalence doit passer par la CAMLPR ou la SCSLM ?", None, "cred-who-assesses"),
    ("Quels documents faut-il pour la demande d'évaluation de mes titres ?", None, "cred-documents"),
    ("Combien coûte la reconnaissance des acquis ?", None, "cred-fees"),
    ("C'est quoi la reconnaissance des acquis et des compétences ?", None, "cred-pla-what"),
    ("Combien de temps prend l'évaluation de mon dossier par la CAMLPR ?", None, "cred-timeline"),
    ("Ai-je besoin de WES pour l'évaluation de mes diplômes ?", None, "cred-credential-evaluation"),
    ("Y a-t-il une forte demande pour les technologistes au Canada ?", None, "jobs-outlook"),
    ("Je me demande combien coûte l'examen", None, "cred-fees"),
    ("what paperwork do I need for my credentials assessment?", None, "cred-documents"),
    ("what papers do i need for my PLA application", None, "cred-documents"),
    ("which documents should my old employer send?", None, "cred-documents"),
    # paying for something is a cost; the pay of a job is a salary
    ("How much do I have to pay for the PLA?", None, "cred-fees"),
    ("do i have to pay for the SARA?", None, "cred-sara"),
    ("how much do MLTs get paid per hour?", None, "jobs-salary"),
    ("what's the pay like for a lab assistant?", None, "jobs-salary"),
    ("what do they pay MLAs in Alberta?", "AB", "jobs-salary"),
    ("Est-ce que je peux faire ma demande d'évaluation avant d'arriver au Canada ?", None, "cred-start-abroad"),
    ("what docs do i need for the PLA?", None, "cred-documents"),
    ("Est-ce que l'examen de juin a des questions en français ?", None, "exam-french"),
    ("Qui a des infos sur les dates d'examen de l'an prochain ?", None, "exam-dates"),
    # questions about the exam that used to be flagged, now answered
    ("how many questions on the exam", None, "exam-format"),
    ("number of questions in the exam?", None, "exam-format"),
    ("are the questions in the exam multiple choice?", None, "exam-format"),
    ("are questions on the exam in english and french?", None, "exam-french"),
    ("quick question on the exam: when can I register?", None, "exam-register"),
    ("I have some questions about the exam registration", None, "exam-register"),
    ("hw many qs in the exm?", None, "exam-format"),
    ("what kind of questions are on the exam?", None, "exam-format"),
]


# What happened to other members (which labs took you, did you have to pay, has anyone here done ..., qui dans le
# reseau a vecu ca): a peer answers, never the FAQ with confidence. One was answered as the salary entry (84.8).
OTHERS_EXPERIENCE = [
    "Which hospital labs in Hamilton took you for a clinical placement, and did you have to pay for it?",
    "Bonjour, je suis à Montréal. Est-ce qu'un laboratoire de l'hôpital Sainte-Justine m'a déjà accepté en stage "
    "alors que je travaillais de nuit ? Qui dans le réseau a vécu ça…",
    "Did you have to pay for your observership at the hospital?",
    "Which labs accepted you for shadowing in Toronto?",
    "has anyone here done a clinical placement at a hospital in Calgary? how did you find it?",
    "anyone here who did the Michener bridging? was it worth it?",
    "what was your experience with the SARA?",
    "how did you prepare for the exam? any tips",
    "Qui dans le réseau a fait un stage d'observation à Québec ?",
    "Vous avez déjà travaillé de nuit pendant votre stage ?",
    "Quelqu'un a déjà fait l'examen à distance ? Ça s'est bien passé ?",
    "Avez-vous déjà vécu un refus de stage à cause de votre accent ?",
    "did any of you get hired after the bridging program?",
    "Has anyone been through the PLA with a degree from Cuba?",
]

# French messages about the profession whose words the knowledge base hardly shares: at worst a leader sees them,
# never the generic off-topic reply (one was offtopic at 11.2: "no word of the profession" knew no French).
FRENCH_ABOUT_THE_PROFESSION = [
    "Bonjour, je suis à Montréal. Est-ce qu'un laboratoire de l'hôpital Sainte-Justine m'a déjà accepté en stage "
    "alors que je travaillais de nuit ?",
    "Salut, mon stage de nuit se passe mal, je fais quoi ?",
    "Mon superviseur au labo me demande de rester après mon quart, c'est normal ?",
    "Le technologiste en chef refuse de signer ma feuille de présence, c'est permis ?",
    "L'ordre m'a envoyé une lettre, je ne comprends pas",
    "Bonsoir, je travaille en prélèvements à Laval, est-ce que ça compte pour mon dossier ?",
    "Salut, ma superviseure de stage au labo de l'hôpital ne me parle plus, je fais quoi ?",
    "Je suis technologiste et mon permis de l'Ordre arrive quand ?",
]

# Close calls between sibling entries: suggesting is honest, answering the wrong one is not.
NEVER_ANSWERED_WRONG = [
    ("Où dois-je faire ma demande de reconnaissance des acquis ?", "cred-who-assesses"),
    ("Combien coûte l'évaluation des titres de compétences pour un technologiste formé à l'étranger ?", "cred-fees"),
    ("L'ordre m'a envoyé une lettre, je ne comprends pas", None),
]


# Whether Quebec asks for the exam (fixG): French "passer / ecrire l'examen" was a rare word only the French
# alternates shared, and "Quebec" + "exam" made the OQLF's French test look like the licensing exam. The licensing
# entry or the which-exam entry answers or is offered; the French-language entry is never answered for them.
QUEBEC_LICENSING_EXAM = [
    "Faut-il passer un examen pour exercer au Québec ?",
    "Est-ce que je dois réécrire l'examen de la SCSLM si je déménage au Québec?",
    "Bonjour, au Québec on doit passer l'examen du CAMLPR ou pas?",
    "Je veux travailler à Montréal, est-ce qu'il y a un examen à passer?",
    "dois je ecrire un examen pour avoir mon permis au quebec",
    "do i need to write the csmls exam to work in quebec?",
    "is there a licensing exam for lab techs in Montreal?",
    "Moving to Quebec next year, will I have to sit the exam there?",
    "hi, must i pass the camlpr exam to get a job in quebec",
]
QUEBEC_LICENSING_IDS = ("cred-qc-optmq", "exam-which-exam")
FRENCH_TEST = [
    "Faut-il réussir l'examen de français de l'OQLF pour obtenir le permis ?",
    "do I have to pass the OQLF french test to work in a Quebec lab?",
]

# Daycare, babysitting beside the member's lab work, shifts, placement or exam (fixG): a life-in-Canada question
# a peer leader answers, never the off-topic reply. Ads for those services stay off-topic.
LIFE_BESIDE_THE_WORK = [
    "Hi, I just started night shifts as an MLA at the hospital. Is there any daycare that takes kids overnight "
    "in Edmonton?",
    "My placement at the lab starts at 7am and the daycare opens at 8, what can I do?",
    "I have my exam in June and no childcare for my son that day, any advice?",
    "Mon stage au labo commence à 7h et la garderie ouvre à 8h, que faire ?",
    "Je fais des quarts rotatifs à l'hôpital, comment trouver une garderie pour ma fille ?",
    "Bonjour, je travaille de nuit au laboratoire et je cherche une gardienne pour mes enfants. Des conseils ?",
]
SERVICE_ADS = [
    "Licensed home daycare in Calgary NE, 2 spots available, call 403-555-0199",
    "Daycare spaces open near the hospital! $45/day, DM me",
    "Garderie familiale à Laval, places disponibles, appelez le 514-555-0101",
    "Babysitting available evenings and weekends, text me",
    "any good daycare near brampton?",
]


@pytest.mark.parametrize("text", QUEBEC_LICENSING_EXAM)
def test_whether_quebec_asks_for_the_exam_is_never_the_french_test(text: str) -> None:
    for province in ("QC", None):
        decision = ENGINE.decide(text, province=province)
        if decision.decision == "answer":
            assert decision.faq_id in QUEBEC_LICENSING_IDS, decision
        else:
            assert decision.decision in ("suggest", "route"), decision
            assert set(decision.suggestions) & set(QUEBEC_LICENSING_IDS), decision


@pytest.mark.parametrize("text", FRENCH_TEST)
def test_the_french_test_is_never_answered_with_another_entry(text: str) -> None:
    decision = ENGINE.decide(text, province="QC")
    assert decision.decision != "answer" or decision.faq_id == "lang-quebec-french", decision


@pytest.mark.parametrize("text", LIFE_BESIDE_THE_WORK)
def test_daycare_beside_the_lab_work_goes_to_a_leader(text: str) -> None:
    for channel in ("email", "sms"):
        decision = ENGINE.decide(text, province="AB", channel=channel)
        assert decision.decision == "route", decision


@pytest.mark.parametrize("text", SERVICE_ADS)
def test_service_ads_stay_offtopic(text: str) -> None:
    for channel in ("email", "sms"):
        assert ENGINE.decide(text, province="AB", channel=channel).decision == "offtopic"


@pytest.mark.parametrize(("text", "faq_id"), NEVER_ANSWERED_WRONG)
def test_close_calls_are_never_answered_wrong(text: str, faq_id: str | None) -> None:
    decision = ENGINE.decide(text)
    assert decision.decision != "answer" or decision.faq_id == faq_id, decision


@pytest.mark.parametrize("text", OTHERS_EXPERIENCE)
def test_questions_about_other_members_experience_go_to_a_leader(text: str) -> None:
    decision = ENGINE.decide(text)
    assert (decision.decision, decision.reason) == ("route", "experience"), decision


@pytest.mark.parametrize("text", FRENCH_ABOUT_THE_PROFESSION)
def test_french_messages_about_the_profession_are_never_offtopic(text: str) -> None:
    assert has_domain_words(text)
    for province in (None, "QC"):
        decision = ENGINE.decide(text, province=province)
        assert decision.decision != "offtopic", decision


@pytest.mark.parametrize("text", ABOUT_THE_EXAM)
def test_questions_about_the_exam_are_never_flagged(text: str) -> None:
    assert exam_content(text) != "request"
    assert ENGINE.decide(text).decision != "exam_flag"
    assert ENGINE.decide(text, province="ON", channel="email").decision != "exam_flag"


@pytest.mark.parametrize("text", CONTENT_REQUESTS)
def test_requests_for_exam_content_are_flagged(text: str) -> None:
    decision = ENGINE.decide(text)
    assert (decision.decision, decision.faq_id, decision.suggestions) == ("exam_flag", None, ())


@pytest.mark.parametrize(("text", "province", "faq_id"), RIGHT_ENTRY)
def test_the_right_entry_is_answered(text: str, province: str | None, faq_id: str) -> None:
    decision = ENGINE.decide(text, province=province)
    assert (decision.decision, decision.faq_id) == ("answer", faq_id), decision


def test_the_probe_set_is_large_enough() -> None:
    assert len(ABOUT_THE_EXAM) >= 50 and len(CONTENT_REQUESTS) >= 40 and len(RIGHT_ENTRY) >= 40
    assert len(OTHERS_EXPERIENCE) >= 10 and len(FRENCH_ABOUT_THE_PROFESSION) >= 5
