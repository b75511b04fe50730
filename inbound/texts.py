"""The short system messages members get, in English and French. Kept short: most go out by SMS."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "ask_province": {
        "en": "Welcome to {network}! Which province are you in? Reply ON, BC, AB, QC... or ABROAD if you are "
        "not in Canada yet (add where you plan to go, e.g. ABROAD AB).",
        "fr": "Bienvenue a {network}! Dans quelle province etes-vous? Repondez ON, QC, NB... ou ABROAD si vous "
        "n'etes pas encore au Canada (ex. ABROAD QC).",
    },
    "province_again": {
        "en": "Sorry, I did not understand the province. Reply with a code like ON, BC, AB, NS, or ABROAD.",
        "fr": "Desole, je n'ai pas compris la province. Repondez avec un code comme QC, ON, NB, ou ABROAD.",
    },
    "province_noted": {
        "en": "You mentioned {province}, so we noted it (send PROVINCE and a code later to change it).",
        "fr": "Vous avez mentionne {province}, c'est note (envoyez PROVINCE et un code pour changer).",
    },
    "ask_handle": {
        "en": "Choose a nickname for the board (3-20 letters/numbers, not your real name). Reply SKIP for a "
        "random one.",
        "fr": "Choisissez un pseudo pour le forum (3-20 lettres/chiffres, pas votre vrai nom). Repondez SKIP "
        "pour un pseudo au hasard.",
    },
    "handle_bad": {
        "en": "That nickname can't be used: {reason}. Try another, or reply SKIP.",
        "fr": "Ce pseudo n'est pas possible : {reason}. Essayez un autre, ou repondez SKIP.",
    },
    "handle_taken": {
        "en": "{handle} is taken. Try another nickname, or reply SKIP.",
        "fr": "{handle} est deja pris. Essayez un autre pseudo, ou repondez SKIP.",
    },
    "ask_terms": {
        "en": "Last step: our terms are at {terms_url} . Answers may be shared on the board under your "
        "nickname, never your number or e-mail. Reply YES to accept.",
        "fr": "Derniere etape : nos conditions sont a {terms_url} . Les reponses peuvent etre publiees sous "
        "votre pseudo, jamais votre numero ou courriel. Repondez OUI pour accepter.",
    },
    "terms_again": {
        "en": "To join, reply YES to accept the terms ({terms_url}), or STOP to leave.",
        "fr": "Pour vous inscrire, repondez OUI pour accepter les conditions ({terms_url}), ou STOP.",
    },
    "joined": {
        "en": "You're in, {handle}! Send any question here. Commands: NAME, PROVINCE, MYDATA, DELETE, HELP.",
        "fr": "Bienvenue, {handle}! Envoyez vos questions ici. Commandes : NAME, PROVINCE, MYDATA, DELETE, AIDE.",
    },
    "joined_question_waiting": {
        "en": "You're in, {handle}! Your question is saved; it goes to a peer leader as soon as one is "
        "available for your province.",
        "fr": "Bienvenue, {handle}! Votre question est gardee; elle ira a un pair des qu'un pair sera "
        "disponible pour votre province.",
    },
    "question_kept": {
        "en": "Thanks! Your question is saved: it goes to a peer leader as soon as you finish joining.",
        "fr": "Merci! Votre question est gardee : elle ira a un pair des que votre inscription sera finie.",
    },
    "still_province": {
        "en": "To finish joining, reply with your province (ON, BC, AB...) or ABROAD.",
        "fr": "Pour finir votre inscription, repondez avec votre province (QC, ON, NB...) ou ABROAD.",
    },
    "still_handle": {
        "en": "To finish joining, reply with a nickname for the board, or SKIP.",
        "fr": "Pour finir votre inscription, repondez avec un pseudo pour le forum, ou SKIP.",
    },
    "still_terms": {
        "en": "To finish joining, reply YES to accept the terms ({terms_url}).",
        "fr": "Pour finir votre inscription, repondez OUI pour accepter les conditions ({terms_url}).",
    },
    "question_waiting": {
        "en": "Thanks! Your question is saved; it goes to a peer leader as soon as one is available for your province.",
        "fr": "Merci! Votre question est gardee; elle ira a un pair des qu'un pair sera disponible pour votre "
        "province.",
    },
    "failed": {
        "en": "Sorry, something went wrong with your message. The staff have been told and will look at it.",
        "fr": "Desole, un probleme est survenu avec votre message. L'equipe est prevenue et va regarder.",
    },
    "joined_with_question": {
        "en": "You're in, {handle}! Your question went to a peer leader; expect an answer within {wait}.",
        "fr": "Bienvenue, {handle}! Votre question est partie a un pair; reponse attendue sous {wait}.",
    },
    "invite_sms": {
        "en": "Text JOIN to join the peer network.",
        "fr": "Envoyez JOIN pour rejoindre le reseau.",
    },
    "invite_email": {
        "en": "Want answers from experienced peers in your province? Reply with JOIN to join the network.",
        "fr": "Vous voulez l'aide de pairs dans votre province? Repondez JOIN pour rejoindre le reseau.",
    },
    "already_member": {
        "en": "You are already a member, {handle}. Just send your question.",
        "fr": "Vous etes deja membre, {handle}. Envoyez votre question.",
    },
    "opted_out": {
        "en": "You are unsubscribed from {network} and will get no more messages. Reply START to come back.",
        "fr": "Vous etes desabonne de {network} et ne recevrez plus de messages. Repondez START pour revenir.",
    },
    "opted_in": {
        "en": "Welcome back to {network}! You will get messages again. Reply STOP to unsubscribe.",
        "fr": "Bon retour a {network}! Vous recevrez de nouveau nos messages. Repondez STOP pour arreter.",
    },
    "help": {
        "en": "{network}: peer help for lab technologists trained abroad. Text your question. STOP to "
        "unsubscribe. Staff: {staff}",
        "fr": "{network} : entraide pour technologistes de laboratoire formes a l'etranger. Envoyez votre "
        "question. STOP pour arreter. Equipe : {staff}",
    },
    "reminders_off": {
        "en": "Meeting reminders are off. Reply REMINDERS ON to turn them back on.",
        "fr": "Les rappels de rencontres sont desactives. Repondez REMINDERS ON pour les reactiver.",
    },
    "reminders_on": {"en": "Meeting reminders are on.", "fr": "Les rappels de rencontres sont actives."},
    "digest_off": {
        "en": "The digest is off. Reply DIGEST ON to turn it back on.",
        "fr": "Le resume est desactive. Repondez DIGEST ON pour le reactiver.",
    },
    "digest_on": {"en": "The digest is on.", "fr": "Le resume est active."},
    "name_bad": {
        "en": "That nickname can't be used: {reason}. Send NAME and another nickname.",
        "fr": "Ce pseudo n'est pas possible : {reason}. Envoyez NAME et un autre pseudo.",
    },
    "name_taken": {
        "en": "{handle} is taken. Send NAME and another nickname.",
        "fr": "{handle} est deja pris. Envoyez NAME et un autre pseudo.",
    },
    "lang_bad": {
        "en": "Send LANG FR for French or LANG EN for English.",
        "fr": "Envoyez LANG FR pour le francais ou LANG EN pour l'anglais.",
    },
    "name_changed": {"en": "Your nickname is now {handle}.", "fr": "Votre pseudo est maintenant {handle}."},
    "province_changed": {
        "en": "Your province is now {province}.",
        "fr": "Votre province est maintenant {province}.",
    },
    "lang_changed": {"en": "Messages will now be in English.", "fr": "Les messages seront en francais."},
    "not_member": {
        "en": "That works for members. Text JOIN to join first.",
        "fr": "Reserve aux membres. Envoyez JOIN pour vous inscrire.",
    },
    "delete_confirm": {
        "en": "This erases your number, e-mail and nickname; your board posts stay, anonymised. Reply DELETE "
        "again within 24 hours to confirm.",
        "fr": "Ceci efface votre numero, courriel et pseudo; vos messages publies restent, anonymises. "
        "Repondez DELETE de nouveau dans les 24 heures pour confirmer.",
    },
    "deleted": {
        "en": "Your personal data has been erased. Thank you for being part of {network}.",
        "fr": "Vos donnees personnelles ont ete effacees. Merci d'avoir fait partie de {network}.",
    },
    "mydata_sms": {
        "en": "Your data: nickname {handle}, province {province}, stage {stage}, joined {joined}, {questions} "
        "question(s). "
        "Full copy: e-mail MYDATA to {ask} from a linked address (reply LINK your@email to link one).",
        "fr": "Vos donnees : pseudo {handle}, province {province}, etape {stage}, inscrit le {joined}, {questions} "
        "question(s). Copie complete : envoyez MYDATA a {ask} depuis un courriel lie (LINK votre@courriel).",
    },
    "mydata_email": {
        "en": "Attached is a copy of everything {network} stores about you, as a JSON file.",
        "fr": "Vous trouverez en piece jointe une copie de toutes vos donnees chez {network} (fichier JSON).",
    },
    "link_sent": {
        "en": "We sent a 6-digit code to {target}. When it arrives, type it here as LINK and the code (e.g. "
        "LINK 123456) within 1 hour.",
        "fr": "Nous avons envoye un code a 6 chiffres a {target}. Quand il arrive, tapez-le ici : LINK et le code "
        "(ex. LINK 123456), dans l'heure.",
    },
    "link_code": {
        "en": "Your {network} code is {code}. To link this contact to your membership, type LINK {code} in the "
        "{here} where you asked for it, not here. Never share it; ignore this if you did not ask.",
        "fr": "Votre code {network} est {code}. Pour lier ce contact a votre inscription, tapez LINK {code} dans "
        "la {here} ou vous l'avez demande, pas ici. Ne le partagez pas; ignorez ce message si vous ne l'avez pas "
        "demande.",
    },
    "channel_sms": {"en": "text conversation", "fr": "conversation par texto"},
    "channel_email": {"en": "e-mail conversation", "fr": "conversation par courriel"},
    "link_done": {
        "en": "Linked: you now reach {network} from both. ",
        "fr": "C'est lie : vous pouvez joindre {network} des deux facons.",
    },
    "link_bad": {
        "en": "That code is wrong or expired. Send LINK with your e-mail or number to get a new one.",
        "fr": "Ce code est faux ou expire. Envoyez LINK avec votre courriel ou numero pour un nouveau code.",
    },
    "link_not_here": {
        "en": "No code is waiting here. Type LINK and the code where you asked for it (your other contact), "
        "not where it arrived.",
        "fr": "Aucun code n'attend ici. Tapez LINK et le code la ou vous l'avez demande (votre autre contact), "
        "pas la ou il est arrive.",
    },
    "link_bad_address": {
        "en": "Send LINK with the e-mail address or phone number to link, e.g. LINK you@example.org.",
        "fr": "Envoyez LINK avec le courriel ou le numero a lier, ex. LINK vous@exemple.org.",
    },
    "link_in_use": {
        "en": "That address already belongs to another member, so it can't be linked.",
        "fr": "Cette adresse appartient deja a un autre membre; impossible de la lier.",
    },
    "more_none": {"en": "There is nothing more to send.", "fr": "Il n'y a rien de plus a envoyer."},
    "choice_none": {
        "en": "Sorry, I have no numbered choices waiting for you. Please send your question again.",
        "fr": "Desole, aucun choix numerote ne vous attend. Renvoyez votre question.",
    },
    "choice_range": {
        "en": "Please reply with one of the numbers offered, or 0 to ask a peer leader.",
        "fr": "Repondez avec un des numeros proposes, ou 0 pour demander a un pair.",
    },
    "question_routed": {
        "en": "Thanks! Your question went to a peer leader in the network. Expect an answer within {wait}.",
        "fr": "Merci! Votre question est partie a un pair du reseau. Reponse attendue sous {wait}.",
    },
    "answer_needs_start": {
        "en": "You unsubscribed from our e-mails, so the answer cannot reach you here: reply START to get it.",
        "fr": "Vous vous etes desabonne de nos courriels, la reponse ne peut donc pas vous parvenir : repondez START "
        "pour la recevoir.",
    },
    "question_held": {
        "en": "Thanks! A peer leader can answer this. First, join the network (3 quick steps) - your "
        "question is saved.",
        "fr": "Merci! Un pair peut repondre. D'abord, inscrivez-vous (3 etapes) - votre question est gardee.",
    },
    "follow_up_sent": {
        "en": "Thanks, your follow-up went to the same peer leader.",
        "fr": "Merci, votre suite est partie au meme pair.",
    },
    "faq_not_it_leader": {
        "en": "Not it? Reply NO to send it to your peer leader.",
        "fr": "Pas ca? Repondez NON pour l'envoyer a votre pair.",
    },
    "follow_up_rerouted": {
        "en": "Thanks, your follow-up and your question went to a peer leader, with the conversation so far.",
        "fr": "Merci, votre suite et votre question sont parties a un pair, avec la conversation.",
    },
    "member_late": {
        "en": "Your question is taking longer than usual. We have passed it to another peer leader.",
        "fr": "Votre question prend plus de temps que prevu. Nous l'avons confiee a un autre pair.",
    },
    "board_link": {
        "en": "Your sign-in link to the board (valid 7 days): {link}",
        "fr": "Votre lien pour le forum (valide 7 jours) : {link}",
    },
}


def say(key: str, lang: str = "en", **values: Any) -> str:
    """The message `key` in the member's language, falling back to English."""
    texts = TEXTS[key]
    return texts.get(lang, texts["en"]).format(**values).strip()
