"""The short system messages members get, in English and French. Kept short: most go out by SMS."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "ask_province": {
        "en": "Welcome to {network}! Which province are you in? Reply ON, BC, AB, QC... or ABROAD if you are "
        "not in Canada yet (add where you plan to go, e.g. ABROAD AB).",
        "fr": "Bienvenue à {network} ! Dans quelle province êtes-vous ? Répondez ON, QC, NB... ou ABROAD si vous "
        "n'êtes pas encore au Canada (ex. ABROAD QC).",
    },
    "province_again": {
        "en": "Sorry, I did not understand the province. Reply with a code like ON, BC, AB, NS, or ABROAD.",
        "fr": "Désolé, je n'ai pas compris la province. Répondez avec un code comme QC, ON, NB ou ABROAD.",
    },
    "province_noted": {
        "en": "You mentioned {province}, so we noted it (send PROVINCE and a code later to change it).",
        "fr": "Vous avez mentionné {province}, c'est noté (envoyez PROVINCE et un code pour la changer).",
    },
    "ask_handle": {
        "en": "Choose a nickname for the board (3-20 letters/numbers, not your real name). Reply SKIP for a "
        "random one.",
        "fr": "Choisissez un pseudo pour le forum (3 à 20 lettres ou chiffres, pas votre vrai nom). Répondez SKIP "
        "pour un pseudo au hasard.",
    },
    "handle_bad": {
        "en": "That nickname can't be used: {reason}. Try another, or reply SKIP.",
        "fr": "Ce pseudo n'est pas possible : {reason}. Essayez-en un autre ou répondez SKIP.",
    },
    "handle_taken": {
        "en": "{handle} is taken. Try another nickname, or reply SKIP.",
        "fr": "{handle} est déjà pris. Essayez un autre pseudo ou répondez SKIP.",
    },
    "ask_terms": {
        "en": "Last step: our terms are at {terms_url} . Answers may be shared on the board under your "
        "nickname, never your number or e-mail. Reply YES to accept.",
        "fr": "Dernière étape : nos conditions sont à {terms_url} . Les réponses peuvent être publiées sur le forum "
        "sous votre pseudo, jamais votre numéro ou courriel. Répondez OUI pour accepter.",
    },
    "terms_again": {
        "en": "To join, reply YES to accept the terms ({terms_url}), or STOP to leave.",
        "fr": "Pour vous inscrire, répondez OUI pour accepter les conditions ({terms_url}), ou STOP pour partir.",
    },
    "joined": {
        "en": "You're in, {handle}! Send any question here. Commands: NAME, PROVINCE, MYDATA, DELETE, HELP.",
        "fr": "Bienvenue, {handle} ! Envoyez vos questions ici. Commandes : NAME, PROVINCE, MYDATA, DELETE, AIDE.",
    },
    "joined_question_waiting": {
        "en": "You're in, {handle}! Your question is saved; it goes to a peer leader as soon as one is "
        "available for your province.",
        "fr": "Bienvenue, {handle} ! Votre question est gardée ; elle ira à un pair dès qu'un pair sera disponible "
        "pour votre province.",
    },
    "question_kept": {
        "en": "Thanks! Your question is saved: it goes to a peer leader as soon as you finish joining.",
        "fr": "Merci ! Votre question est gardée : elle ira à un pair dès que votre inscription sera terminée.",
    },
    "still_province": {
        "en": "To finish joining, reply with your province (ON, BC, AB...) or ABROAD.",
        "fr": "Pour terminer votre inscription, répondez avec votre province (QC, ON, NB...) ou ABROAD.",
    },
    "still_handle": {
        "en": "To finish joining, reply with a nickname for the board, or SKIP.",
        "fr": "Pour terminer votre inscription, répondez avec un pseudo pour le forum, ou SKIP.",
    },
    "still_terms": {
        "en": "To finish joining, reply YES to accept the terms ({terms_url}).",
        "fr": "Pour terminer votre inscription, répondez OUI pour accepter les conditions ({terms_url}).",
    },
    "question_waiting": {
        "en": "Thanks! Your question is saved; it goes to a peer leader as soon as one is available for your province.",
        "fr": "Merci ! Votre question est gardée ; elle ira à un pair dès qu'un pair sera disponible pour votre "
        "province.",
    },
    "failed": {
        "en": "Sorry, something went wrong with your message. The staff have been told and will look at it.",
        "fr": "Désolé, un problème est survenu avec votre message. L'équipe est prévenue et va s'en occuper.",
    },
    "joined_with_question": {
        "en": "You're in, {handle}! Your question went to a peer leader; expect an answer within {wait}.",
        "fr": "Bienvenue, {handle} ! Votre question est partie à un pair ; réponse attendue d'ici {wait}.",
    },
    "invite_sms": {
        "en": "Text JOIN to join the peer network.",
        "fr": "Envoyez JOIN pour rejoindre le réseau.",
    },
    "invite_email": {
        "en": "Want answers from experienced peers in your province? Reply with JOIN to join the network.",
        "fr": "Vous voulez l'aide de pairs de votre province ? Répondez JOIN pour rejoindre le réseau.",
    },
    "already_member": {
        "en": "You are already a member, {handle}. Just send your question.",
        "fr": "Vous êtes déjà membre, {handle}. Envoyez simplement votre question.",
    },
    "opted_out": {
        "en": "You are unsubscribed from {network} and will get no more messages. Reply START to come back.",
        "fr": "Votre abonnement à {network} est annulé : vous ne recevrez plus de messages. Répondez START pour "
        "revenir.",
    },
    "opted_in": {
        "en": "Welcome back to {network}! You will get messages again. Reply STOP to unsubscribe.",
        "fr": "Bon retour à {network} ! Vous recevrez de nouveau nos messages. Répondez STOP pour arrêter.",
    },
    "help": {
        "en": "{network}: peer help for lab technologists trained abroad. Text your question: we answer it or pass "
        "it to a peer leader. Commands: JOIN, NAME, PROVINCE, LANG, MYDATA, DELETE. STOP to unsubscribe. "
        "Staff: {staff}",
        "fr": "{network} : entraide pour technologistes de laboratoire formés à l'étranger. Envoyez votre question : "
        "nous y répondons ou la confions à un pair. Commandes : JOIN, NAME, PROVINCE, LANG, MYDATA, DELETE. STOP "
        "pour arrêter. Équipe : {staff}",
    },
    "reminders_off": {
        "en": "Meeting reminders are off. Reply REMINDERS ON to turn them back on.",
        "fr": "Les rappels de rencontres sont désactivés. Répondez REMINDERS ON pour les réactiver.",
    },
    "reminders_on": {"en": "Meeting reminders are on.", "fr": "Les rappels de rencontres sont activés."},
    "digest_off": {
        "en": "The digest is off. Reply DIGEST ON to turn it back on.",
        "fr": "Le résumé est désactivé. Répondez DIGEST ON pour le réactiver.",
    },
    "digest_on": {"en": "The digest is on.", "fr": "Le résumé est activé."},
    "name_bad": {
        "en": "That nickname can't be used: {reason}. Send NAME and another nickname.",
        "fr": "Ce pseudo n'est pas possible : {reason}. Envoyez NAME et un autre pseudo.",
    },
    "name_taken": {
        "en": "{handle} is taken. Send NAME and another nickname.",
        "fr": "{handle} est déjà pris. Envoyez NAME et un autre pseudo.",
    },
    "lang_bad": {
        "en": "Send LANG FR for French or LANG EN for English.",
        "fr": "Envoyez LANG FR pour le français ou LANG EN pour l'anglais.",
    },
    "name_changed": {"en": "Your nickname is now {handle}.", "fr": "Votre pseudo est maintenant {handle}."},
    "province_changed": {
        "en": "Your province is now {province}.",
        "fr": "Votre province est maintenant {province}.",
    },
    "lang_changed": {"en": "Messages will now be in English.", "fr": "Les messages seront désormais en français."},
    "not_member": {
        "en": "That works for members. Text JOIN to join first.",
        "fr": "Réservé aux membres. Envoyez JOIN pour vous inscrire.",
    },
    "delete_confirm": {
        "en": "This erases your number, e-mail and nickname; your board posts stay, anonymised. Reply DELETE "
        "again within 24 hours to confirm.",
        "fr": "Ceci efface votre numéro, votre courriel et votre pseudo ; vos messages publiés restent, anonymisés. "
        "Répondez DELETE de nouveau dans les 24 heures pour confirmer.",
    },
    "deleted": {
        "en": "Your personal data has been erased. Thank you for being part of {network}.",
        "fr": "Vos données personnelles ont été effacées. Merci d'avoir fait partie de {network}.",
    },
    "mydata_sms": {
        "en": "Your data: nickname {handle}, province {province}, stage {stage}, joined {joined}, {questions} "
        "question(s). "
        "Full copy: e-mail MYDATA to {ask} from a linked address (reply LINK your@email to link one).",
        "fr": "Vos données : pseudo {handle}, province {province}, étape {stage}, inscription le {joined}, "
        "{questions} question(s). Copie complète : envoyez MYDATA à {ask} depuis un courriel lié (LINK "
        "votre@courriel).",
    },
    "mydata_sms_linked": {
        "en": "Your data: nickname {handle}, province {province}, stage {stage}, joined {joined}, {questions} "
        "question(s). Full copy: e-mail MYDATA to {ask} from your linked address.",
        "fr": "Vos données : pseudo {handle}, province {province}, étape {stage}, inscription le {joined}, "
        "{questions} question(s). Copie complète : envoyez MYDATA à {ask} depuis votre courriel lié.",
    },
    "abroad": {"en": "abroad", "fr": "à l'étranger"},
    "abroad_moving": {"en": "abroad, moving to {planned}", "fr": "à l'étranger, vers {planned}"},
    "mydata_email": {
        "en": "Attached is a copy of everything {network} stores about you, as a JSON file.",
        "fr": "Vous trouverez en pièce jointe une copie de toutes vos données chez {network} (fichier JSON).",
    },
    "link_sent": {
        "en": "We sent a 6-digit code to {target}. When it arrives, type it here as LINK and the code (e.g. "
        "LINK 123456) within 1 hour.",
        "fr": "Nous avons envoyé un code à 6 chiffres à {target}. Quand il arrive, tapez-le ici : LINK et le code "
        "(ex. LINK 123456), dans l'heure.",
    },
    "link_code": {
        "en": "Your {network} code is {code}. To link this contact to your membership, type LINK {code} in the "
        "{here} where you asked for it, not here. Never share it; ignore this if you did not ask.",
        "fr": "Votre code {network} est {code}. Pour lier ce contact à votre inscription, tapez LINK {code} dans la "
        "{here} où vous l'avez demandé, pas ici. Ne le partagez pas ; ignorez ce message si vous ne l'avez pas "
        "demandé.",
    },
    "channel_sms": {"en": "text conversation", "fr": "conversation par texto"},
    "channel_email": {"en": "e-mail conversation", "fr": "conversation par courriel"},
    "link_done": {
        "en": "Linked: you now reach {network} from both. ",
        "fr": "C'est lié : vous pouvez joindre {network} des deux façons.",
    },
    "link_bad": {
        "en": "That code is wrong or expired. Send LINK with your e-mail or number to get a new one.",
        "fr": "Ce code est erroné ou expiré. Envoyez LINK avec votre courriel ou numéro pour en recevoir un nouveau.",
    },
    "link_not_here": {
        "en": "No code is waiting here. Type LINK and the code where you asked for it (your other contact), "
        "not where it arrived.",
        "fr": "Aucun code n'attend ici. Tapez LINK et le code là où vous l'avez demandé (votre autre contact), pas là "
        "où il est arrivé.",
    },
    "link_bad_address": {
        "en": "Send LINK with the e-mail address or phone number to link, e.g. LINK you@example.org.",
        "fr": "Envoyez LINK avec le courriel ou le numéro à lier, ex. LINK vous@exemple.org.",
    },
    "link_in_use": {
        "en": "That address already belongs to another member, so it can't be linked.",
        "fr": "Cette adresse appartient déjà à un autre membre ; impossible de la lier.",
    },
    "more_none": {"en": "There is nothing more to send.", "fr": "Il n'y a rien de plus à envoyer."},
    "choice_none": {
        "en": "Sorry, I have no numbered choices waiting for you. Please send your question again.",
        "fr": "Désolé, aucun choix numéroté ne vous attend. Renvoyez votre question.",
    },
    "choice_range": {
        "en": "Please reply with one of the numbers offered, or 0 to ask a peer leader.",
        "fr": "Répondez avec un des numéros proposés, ou 0 pour demander à un pair.",
    },
    "question_routed": {
        "en": "Thanks! Your question went to a peer leader in the network. Expect an answer within {wait}.",
        "fr": "Merci ! Votre question est partie à un pair du réseau. Réponse attendue d'ici {wait}.",
    },
    "answer_needs_start": {
        "en": "You unsubscribed from our e-mails, so the answer cannot reach you here: reply START to get it.",
        "fr": "Vous avez choisi de ne plus recevoir nos courriels : la réponse ne peut donc pas vous parvenir ici. "
        "Répondez START pour la recevoir.",
    },
    "question_held": {
        "en": "Thanks! A peer leader can answer this. First, join the network (3 quick steps) - your "
        "question is saved.",
        "fr": "Merci ! Un pair peut répondre. D'abord, inscrivez-vous (3 étapes rapides) : votre question est gardée.",
    },
    "follow_up_sent": {
        "en": "Thanks, your follow-up went to the same peer leader.",
        "fr": "Merci, votre message de suivi est parti au même pair.",
    },
    "faq_not_it_leader": {
        "en": "Not it? Reply NO to send it to your peer leader.",
        "fr": "Pas ça ? Répondez NON pour l'envoyer à votre pair.",
    },
    "follow_up_rerouted": {
        "en": "Thanks, your follow-up and your question went to a peer leader, with the conversation so far.",
        "fr": "Merci, votre message de suivi et votre question sont partis à un pair, avec la conversation.",
    },
    "member_late": {
        "en": "Your question is taking longer than usual. We have passed it to another peer leader.",
        "fr": "Votre question prend plus de temps que prévu. Nous l'avons confiée à un autre pair.",
    },
    "pleasantry": {
        "en": "Thank you for your message! Send another question any time.",
        "fr": "Merci de votre message ! Envoyez une autre question quand vous voulez.",
    },
    "your_question": {"en": "Your question", "fr": "Votre question"},  # the subject when they gave none
    "board_link": {
        "en": "Your sign-in link to the board (valid 7 days): {link}",
        "fr": "Votre lien de connexion au forum (valide 7 jours) : {link}",
    },
}


def say(key: str, lang: str = "en", **values: Any) -> str:
    """The message `key` in the member's language, falling back to English."""
    texts = TEXTS[key]
    return texts.get(lang, texts["en"]).format(**values).strip()
