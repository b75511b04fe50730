"""The new text of a leader's e-mail reply: quoted history, headers, signatures and footers removed.

Leaders answer by pressing Reply in whatever client they use, so the body holds their text followed (or, for
bottom-posters, preceded) by the routed question. ``extract_reply`` keeps only what the leader wrote:

1. HTML-only replies: the elements clients wrap the quoted message in (Gmail ``gmail_quote``, Apple and
   Thunderbird ``blockquote type=cite``, Yahoo ``yahoo_quoted``, Outlook ``divRplyFwdMsg`` and its border-top
   header block) are dropped before html2text turns the rest into text.
2. The text is walked line by line. ``>``-quoted lines are history. A quote header ends the new text: an
   "On … wrote:" line in many languages (also wrapped over several lines), an Outlook "From:/Sent:/To:" or
   "De :/Envoyé :/À :" block, "-----Original Message-----", a forwarded-message line. mail-parser-reply's
   header patterns (for the languages it knows) are used beside ours. When a "wrote:" header is followed by
   ``>``-quoted lines, text below the quote is kept: that is a bottom-posted or inline answer. When nothing
   was written above the first header, the text below it is the message.
3. From what is left: "CAUTION: external email" banners, confidentiality disclaimers, "-- " signatures,
   mobile footers ("Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for Android"…), sign-offs
   ("Regards,", "Cordialement," and the name below) and a trailing name or contact card are cut. The leader's
   name must not reach the member, which is why sign-offs go even where some upstream parsers keep them. A
   well-wish ("Good luck!", "All the best,", "Take care", "Bonne chance !", "Bon courage !") is not a sign-off:
   it stays, and when the leader's card (a name, title, workplace, phone) follows it, the card goes.

If that cleaning leaves nothing, the text above the first quote header is returned instead. The result is
empty only when the message holds nothing but quoted history.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from mailparser_reply.parser import EmailMessage

from inbound.mime import html_to_text

# --- HTML: drop the elements clients wrap the quoted message in ------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_QUOTE_CLASSES = {"gmail_quote", "gmail_signature", "yahoo_quoted", "moz-cite-prefix", "moz-signature"}
_OUTLOOK_IDS = {"divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container", "OLK_SRC_BODY_SECTION"}


def _dropped(tag: str, attrs: dict[str, str]) -> bool:
    """An element holding quoted history or a client-added signature."""
    return (
        bool(set(attrs.get("class", "").split()) & _QUOTE_CLASSES)
        or (tag == "blockquote" and attrs.get("type", "").lower() == "cite")
        or attrs.get("id", "").startswith("yahoo_quoted")
        or attrs.get("id", "") in {"Signature", "signature"}
    )


def _ends_reply(tag: str, attrs: dict[str, str]) -> bool:
    """Where Outlook starts the quoted message, which it does not wrap: everything from here on is history."""
    style = attrs.get("style", "").replace(" ", "").lower()
    return (
        attrs.get("id", "") in _OUTLOOK_IDS
        or "OLK_SRC_BODY_SECTION" in attrs.get("class", "")
        or (tag == "div" and "border-top:solid" in style and "padding:3.0pt" in style)
    )


class _QuotePruner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip_below: int | None = None  # inside a dropped element opened at this depth
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.done or self.skip_below is not None:
            if not self.done and tag not in _VOID:
                self.open.append(tag)
            return
        if _ends_reply(tag, values):
            self.done = True
        elif _dropped(tag, values):
            if tag not in _VOID:
                self.skip_below = len(self.open)
                self.open.append(tag)
        else:
            if tag not in _VOID:
                self.open.append(tag)
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag not in self.open:
            return
        while self.open.pop() != tag:
            pass
        if self.skip_below is None:
            self.out.append(f"</{tag}>")
        elif len(self.open) <= self.skip_below:
            self.skip_below = None

    def handle_data(self, data: str) -> None:
        if not self.done and self.skip_below is None:
            self.out.append(escape(data, quote=False))


def html_without_quotes(html: str) -> str:
    pruner = _QuotePruner()
    pruner.feed(html)
    pruner.close()
    return "".join(pruner.out)


def _html_reply_text(html: str) -> str:
    text = html_to_text(html_without_quotes(html))
    return re.sub(r"^(\s*)\\(?=[-+#>])", r"\1", text, flags=re.M)  # undo html2text's Markdown escapes


# --- plain text: where the quoted history starts -----------------------------------------------------------------

_INVISIBLE = str.maketrans(  # U+1427 is the mark Gmail tracking add-ons insert
    {"\ufeff": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\u1427": None, "\xa0": " "}
)
_QUOTED = re.compile(r"^\s*(?:[A-Z]{1,3})?>")  # '> text', also with initials ('JD> text')
_QUOTE_MARKS = re.compile(r"^(?:>\s*)+")

_WROTE = (
    r"wrote|a\s+écrit|schrieb|escribió|ha\s+escrit|escreveu|scrisse|ha\s+scritto|schreef|geschreven|skrev"
    r"|kirjoitti|napisał(?:\(a\))?|pisze|napsal(?:\(a\))?|написал(?:\(?а\)?)?|написав|пише|đã\s+viết|írta|yazdı"
    r"|έγραψε|写道|작성|のメッセージ"
)
_ADDRESS = r"[^\s<>()\[\]]+@[^\s<>()\[\]]+"
_WROTE_LINE = re.compile(  # '… wrote:', '… a écrit :', '… schrieb am <date>:', '---- Name wrote ----'
    rf"(?:^|[\s\->])(?:(?:{_WROTE}|sent)\s*[:：]|schrieb\s+am\s.{{5,50}}[:：]|(?:{_WROTE})\s*-{{2,}})\s*-*$", re.I
)
_DATE_OR_ADDRESS = re.compile(r"@|\d{1,2}[:h.]\d{2}|\b(?:19|20)\d{2}\b|年|\d{1,2}月")
_WROTE_NO_COLON = re.compile(rf"<{_ADDRESS}>\s*(?:{_WROTE})\s*$", re.I)  # 'On …, Name <a@b.c> wrote'
_ADDRESS_COLON = re.compile(rf"\d.*(?:<\s*(?:mailto:)?{_ADDRESS}\s*>|\(\s*{_ADDRESS}\s*\))\s*[:：]\s*$")
_GMAIL_DATE = re.compile(rf"^\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\s(?:.*\sGMT[+-]\d|.*<{_ADDRESS}>\s*:?\s*$)")
_DASHED_WROTE = re.compile(rf"^-{{2,}}.*\b(?:{_WROTE})\b.*-{{2,}}$", re.I)
_HEADER_START = re.compile(  # how a wrapped header's first line begins: 'On', 'Le', 'Am', a date, a weekday
    r"^(?:>\s*)*(?:(?:On|Le|Am|El|Em|Il|Op|Den|Dne|Dnia|W\s+dniu|På|Vào)\b|\d|[^\W\d_]{2,12}\.?,?\s+\d)", re.I
)
_MIDLINE_ON = re.compile(r"(?:^|\s|-{2,}\s*)(On\s+\w{3}.*\d.*\bwrote:)\s*$")  # 'reply On … wrote:'
_SEPARATOR = re.compile(
    r"^\s*>?\s*[-_=*]{2,}\s*(?:original(?:e|nachricht)?\s+message|message\s+d'origine|original\s+nachricht"
    r"|ursprüngliche\s+nachricht|antwort\s+nachricht|reply\s+message|oprindelig\s+(?:meddelelse|besked)"
    r"|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|originalmeldung|alkuperäinen\s+viesti"
    r"|ursprungligt\s+meddelande|mensagem\s+original|wiadomość\s+oryginalna|исходное\s+сообщение"
    r"|forwarded\s+message|message\s+transféré|mensaje\s+reenviado|weitergeleitete\s+nachricht"
    r"|vidarebefordrat\s+meddelande|videresendt\s+(?:melding|meddelelse)|doorgestuurd\s+bericht"
    r"|messaggio\s+inoltrato|mensagem\s+encaminhada|forwarded)\s*[-_=*]{2,}\s*$",
    re.I,
)
_FORWARD_INTRO = re.compile(
    r"^\s*>?\s*(?:begin\s+forwarded\s+message|forwarded\s+message|début\s+du\s+message\s+réexpédié"
    r"|anfang\s+der\s+weitergeleiteten\s+nachricht|inicio\s+del\s+mensaje\s+reenviado)\s*:?\s*$",
    re.I,
)
_FROM_KEYS = r"from|de|von|van|da|fra|från|od|от|від|feladó|lähettäjä|afzender|kimden|发件人|寄件者|보낸\s?사람|差出人"
_DATE_KEYS = (
    r"sent|date|envoyé(?:\s+le)?|gesendet|datum|verzonden|inviato|data|sendt|dato|skickat|enviado|fecha|wysłano"
    r"|отправлено|дата|发送时间|日期|送信日時|message\s+du"
)
_OTHER_KEYS = (
    r"to|cc|bcc|subject|reply-to|à|a|objet|sujet|pour|copie\s+à|répondre\s+à|an|betreff|aan|onderwerp|oggetto"
    r"|til|emne|till|ämne|para|asunto|do|temat|кому|тема|收件人|主题|件名|宛先"
)
_KEY_LINE = re.compile(
    rf"^\s*(?:>\s*)*\**\s*(?:(?P<sender>{_FROM_KEYS})|(?P<date>{_DATE_KEYS})|(?P<other>{_OTHER_KEYS}))\s*\**\s*[:：]",
    re.I,
)

# mail-parser-reply's own header patterns ("wrote" lines and From blocks), for the languages it knows. Polish is
# left out: its From-block pattern takes a single "Do:" or "Data:" line for a header.
_LIBRARY = EmailMessage(text="", languages=["en", "fr", "de", "es", "it", "nl", "da", "sv", "cs", "ja", "ko", "zh"])


def _header_block(lines: list[str], i: int) -> int | None:
    """An Outlook or forward header block at line i ("From:/Sent:/To:/Subject:", "De :/Envoyé :/À :/Objet :",
    in any order and many languages): the index after it, or None."""
    first = _KEY_LINE.match(lines[i])
    if first is None:
        return None
    kinds = {key for key, value in first.groupdict().items() if value}
    keys, last = {first.group().lower()}, i
    for j in range(i + 1, min(i + 8, len(lines))):
        match = _KEY_LINE.match(lines[j])
        if match and match.group().lower() not in keys:
            keys.add(match.group().lower())
            kinds |= {key for key, value in match.groupdict().items() if value}
            last = j
    if len(keys) >= 2 and ("sender" in kinds or {"date", "other"} <= kinds):
        return last + 1
    return None


def _is_wrote_header(text: str) -> bool:
    text = _QUOTE_MARKS.sub("", text)
    return bool(
        (_WROTE_LINE.search(text) and _DATE_OR_ADDRESS.search(text))
        or _WROTE_NO_COLON.search(text)
        or _ADDRESS_COLON.search(text)
        or _GMAIL_DATE.match(text)
        or _DASHED_WROTE.match(text)
    )


def _wrote_header(lines: list[str], i: int) -> tuple[int, str] | None:
    """An "On <date>, <name> wrote:" header at line i, possibly wrapped over several short lines: the index
    after it and any reply text sharing its first line ('reply On … wrote:'), or None."""
    first = lines[i].strip()
    if not first or len(first) > 500:
        return None
    if _is_wrote_header(first):
        midline = _MIDLINE_ON.search(first)
        before = first[: midline.start(1)].rstrip(" -") if midline and midline.start(1) > 0 else ""
        return i + 1, before
    if not (_HEADER_START.match(first) or "@" in first or "<" in first) or first.endswith(("!", "?", "。")):
        return None
    parts = [first]
    for j in range(i + 1, min(i + 6, len(lines))):
        line = lines[j].strip()
        if len(line) > 50 or (_HEADER_START.match(line) and _is_wrote_header(line)):
            return None  # not a wrapped header, or one that starts further down
        if line:
            parts.append(line)
            if _is_wrote_header(" ".join(parts)):
                return j + 1, ""
    return None


def _library_headers(text: str) -> dict[int, int]:
    """Where mail-parser-reply's header patterns match: first line -> line after the header."""
    # As the library normalises it; a line too long for a header is blanked (the patterns are slow on those).
    stripped = "\n".join(line.strip() if len(line) < 500 else "" for line in text.split("\n"))
    found: dict[int, int] = {}
    for match in _LIBRARY.HEADER_REGEX.finditer(stripped):
        header = match.group()
        start = stripped.count("\n", 0, match.start()) + len(header) - len(header.lstrip("\n"))
        end = stripped.count("\n", 0, match.end()) + (not header.endswith("\n"))
        found.setdefault(start, max(start + 1, end))
    return found


def _is_quote(lines: list[str], i: int, after_header: bool) -> bool:
    line = lines[i]
    before = lines[i - 1] if i > 0 else ""
    after = lines[i + 1] if i + 1 < len(lines) else ""
    if _QUOTED.match(line):
        # A single '>' line wedged between unquoted text ('>>> link <<<') is text, unless a header announced it.
        lone = before.strip() and after.strip() and not _QUOTED.match(before) and not _QUOTED.match(after)
        return after_header or not lone
    # An unquoted line between two quoted ones is a quoted line the client wrapped, not an answer.
    return bool(line.strip() and _QUOTED.match(before) and _QUOTED.match(after))


def _new_lines(text: str) -> tuple[list[str], list[str]]:
    """The leader's lines, and the lines above the first quote header."""
    lines = text.split("\n")
    library = _library_headers(text)
    kept: list[str] = []
    above: list[str] | None = None
    after_header = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_quote(lines, i, after_header):
            above = list(kept) if above is None else above
            i += 1
            continue
        after_header = False
        wrote = _wrote_header(lines, i)
        block = None if wrote else _header_block(lines, i)
        if not (wrote or block or i in library or _SEPARATOR.match(line) or _FORWARD_INTRO.match(line)):
            kept.append(line)
            i += 1
            continue
        if wrote and wrote[1]:
            kept.append(wrote[1])
        above = list(kept) if above is None else above
        end = wrote[0] if wrote else block or library.get(i, i + 1)
        following = next((line for line in lines[end:] if line.strip()), "")
        if (wrote and _QUOTED.match(following)) or not any(line.strip() for line in kept):
            # The header owns the quote below it, so text after that quote is an inline or bottom-posted
            # answer; or nothing was written above the header, so the text below it is the message.
            i, after_header = end, True
            continue
        break
    return kept, kept if above is None else above


# --- what the leader's client or employer adds around the text -------------------------------------------------

_BANNER = re.compile(
    r"^\W*(?:caution|warning|attention|external(?:\s+e-?mail)?|\[external\]|mise\s+en\s+garde|avertissement"
    r"|courriel\s+externe)\b.*(?:outside|external|extérieur|externe|originated|provient|unknown\s+sender)",
    re.I | re.S,
)
_DISCLAIMER = re.compile(
    r"^\W*(?:disclaimer|confidentiality\s+notice|confidential(?:ity)?\s*:|notice\s+of\s+confidentiality"
    r"|avis\s+de\s+confidentialité|avertissement\s+de\s+confidentialité|clause\s+de\s+confidentialité"
    r"|avis\s+de\s+non-responsabilité)\b"
    r"|\b(?:confidential|confidentiel(?:le)?s?|privileged|privilégiée?s?)\b.*\b(?:intended|recipient|addressee"
    r"|destinataire|destiné)"
    r"|\b(?:intended|destiné)\b.*\b(?:recipient|destinataire)s?\b.*\b(?:confidential|privileged|confidentiel"
    r"|notify|aviser|prohibited|interdit)"
    r"|\bscanned\s+for\s+viruses\b|consider\s+the\s+environment\s+before\s+printing"
    r"|pensez\s+à\s+l'environnement\s+avant\s+d'imprimer",
    re.I | re.S,
)
_DELIMITER = re.compile(r"^\s*(?:--|-- |__|—+|–+)\s*$")  # the "-- " signature delimiter and its look-alikes
_RULE = re.compile(r"^\s*(?:[-_=*#~+—–]\s?){3,}$")
_SIGNATURE_RULE = re.compile(r"^\s*(?:[-_=*—–]\s?){3,}$")  # not '####' or '~~~', which code and Markdown use
_FOOTER = re.compile(
    r"^\s*(?:\(|<<)?\s*(?:"
    r"(?:sent|envoyé|enviado|gesendet|inviato|verzonden|sendt|skickat|wysłano|get|obtenir|télécharger|download)"
    r"\s+(?:from|with|via|using|by|de|depuis|à\s+partir\s+de|desde|von|da|vanaf|met|fra|från|z|do|\[?outlook)"
    r"|von\s+meinem\s.*gesendet|diese\s+nachricht\s+wurde\s+von\s+meinem\s.*gesendet"
    r"|(?:\w+\s+)?(?:from|via)\s+(?:my\s+)?(?:mobile|iphone|ipad|android|phone|cell)\b"
    r"|從我的|从我的|이\s?메일은)"
    r"[^,\n]{0,100}?(?:[,.]\s*please\s+excuse.*)?[.!]?\s*(?:\)|>>)?\s*$",
    re.I,
)
_CLOSING = (
    r"(?:best|kind|warm|warmest|many|with)?\s*(?:regards|wishes)|best|cheers|thanks(?:\s+again)?|thank\s+you"
    r"|many\s+thanks|sincerely|yours(?:\s+(?:truly|sincerely))?|take\s+care|all\s+the\s+best|respectfully"
    r"|(?:bien\s+|très\s+)?cordialement|salutations(?:\s+distinguées)?|sincères\s+salutations|bien\s+à\s+(?:vous|toi)"
    r"|amitiés|merci(?:\s+(?:beaucoup|encore))?|bonne\s+(?:journée|soirée|fin\s+de\s+semaine)|à\s+bientôt"
    r"|au\s+plaisir|mit\s+freundlichen\s+grüßen|(?:viele|beste|liebe)\s+grüße|grüße|gruß|saludos|atentamente"
    r"|un\s+saludo|cordiali\s+saluti|saluti|met\s+vriendelijke\s+groet(?:en)?|groeten|med\s+venlig\s+hilsen"
    r"|(?:venlig\s+)?hilsen|mvh|kh|knus|lg|mfg|med\s+vänliga\s+hälsningar|(?:vänliga\s+)?hälsningar|pozdrawiam"
    r"|z\s+poważaniem|atenciosamente|abraços|obrigad[oa]"
)
# A well-wish: a kind thing to say to the member, kept even where it closes the message (a sign-off is not). When
# the leader's card follows it, the card goes and the wish stays.
_WISH = (
    r"(?:good|best\s+of|lots\s+of|the\s+best\s+of)\s+luck|all\s+the\s+best|take\s+care|best\s+wishes"
    r"|(?:i\s+)?wish(?:ing)?\s+you\s+(?:(?:the\s+)?best(?:\s+of\s+luck)?|(?:good\s+)?luck|success)"
    r"|bonne\s+chance|(?:bon\s+)?courage|bonne\s+continuation|bonne\s+(?:journée|soirée|semaine|fin\s+de\s+semaine)"
    r"|bon\s+succès|(?:je\s+(?:te|vous)\s+souhaite\s+)(?:bonne\s+chance|bon\s+courage|(?:beaucoup\s+de\s+)?succès)"
)
_WELL_WISH = re.compile(  # 'Good luck!', 'All the best,', 'Bonne chance pour l'examen !', 'And good luck :)'
    rf"^\s*(?:(?:and|again|so|et|encore)\s*,?\s+)?(?:{_WISH})"
    r"(?:\s+(?:with|on|for|in|at|to\s+you|pour|avec|dans|à|aussi|again|encore)\b[^.?!:\n]{0,40})?"
    r"\s*[,.!]*\s*(?:[:;]-?[)D]\s*)?$",
    re.I,
)
_BARE_SIGN_OFF = re.compile(rf"^\s*(?:{_CLOSING})\s*[,.!]*\s*$", re.I)
_SIGN_OFF_NAME = re.compile(rf"^\s*(?:{_CLOSING})\s*[,\-–—!]\s*(?P<name>[^\W\d][\w.'’\- ]{{0,30}})[.!]?\s*$", re.I)
_DASH_NAME = re.compile(r"^\s*(?:[-–—]|/{1,2})\s?[^\W\d_][\w.'’]*(?:\s+[^\W\d_][\w.'’]*){0,2}\.?\s*$")
_NAME = re.compile(r"^\s*[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý][\w'’.-]*){1,3}(?<!\.)\s*$")  # 'Maria Lopez', 'J. Doe'
_CONTACT = re.compile(r"@|https?://|www\.|\+?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}|\b(?:tel|phone|cell|mobile)\b", re.I)
_CARD_NAME = re.compile(  # 'Ana', 'Ana Reyes', '- Ana R.', 'Dr. Ana Reyes' (not 'P.S. Bring ID')
    r"^\s*(?:[-–—]\s?|/{1,2}\s?)?(?![Pp]\.?\s?[Ss]\b|[Nn]\.?\s?[Bb]\b)[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý][\w'’.-]*){0,3}\s*$"
)
_PHONE_OR_EMAIL = re.compile(r"@|\+?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}", re.I)
_CONTACT_TOKEN = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zß-ÿ][\w'’-]*")
_SIGNATURE_MAX_LINES = 15  # a signature or footer is short: more text below means it was not one


def _paragraph_starts(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())]


def _paragraph(lines: list[str], start: int) -> list[str]:
    end = next((j for j in range(start, len(lines)) if not lines[j].strip()), len(lines))
    return lines[start:end]


def _without_banner(lines: list[str]) -> list[str]:
    starts = _paragraph_starts(lines)
    if len(starts) > 1 and _BANNER.match("\n".join(_paragraph(lines, starts[0]))):
        return lines[starts[1] :]
    return lines


def _short_tail(lines: list[str], start: int) -> bool:
    """Few lines below, not counting more footers: a signature, not the rest of the answer."""
    below = [line for line in lines[start + 1 :] if line.strip() and not _FOOTER.match(line)]
    return len(below) <= _SIGNATURE_MAX_LINES


def _sign_off(lines: list[str], i: int) -> bool:
    """A sign-off with the leader's name: 'Regards,' / 'Cordialement' with lines below it, or 'Regards, Roman'.
    A bare 'Thanks!' ending the text reveals nobody and stays; so does a well-wish ('Take care'), whatever is
    below it (see `_card`)."""
    named = _SIGN_OFF_NAME.match(lines[i])
    if named:
        return len(named.group("name").split()) <= 3
    return (
        bool(_BARE_SIGN_OFF.match(lines[i]))
        and not _WELL_WISH.match(lines[i])
        and any(line.strip() for line in lines[i + 1 :])
    )


def _card_line(line: str) -> bool:
    """A line of a signature card: short, and not prose (no sentence end, fewer than four lowercase words, not
    counting e-mail addresses and links)."""
    words = _LOWER_WORD.findall(_CONTACT_TOKEN.sub(" ", line))
    ends_sentence = line.rstrip().endswith((".", "?", "!", ":")) and not _CONTACT.search(line)
    return len(line.strip()) <= 60 and len(words) < 4 and (not ends_sentence or bool(_CARD_NAME.match(line)))


def _card(lines: list[str], *, named: bool = False) -> bool:
    """The leader's card under a closing line: one to five card lines headed by a name ('Ana', 'Ana Reyes',
    '- Ana R.'), or (unless `named`) holding a phone number or an e-mail address ('MLT, Sunnybrook' /
    '416-555-0199'). A link alone is not a card: it is more often a resource for the member."""
    return (
        1 <= len(lines) <= 5
        and all(_card_line(line) for line in lines)
        and (bool(_CARD_NAME.match(lines[0])) or (not named and any(_PHONE_OR_EMAIL.search(line) for line in lines)))
    )


def _wish_then_card(lines: list[str], i: int) -> bool:
    """A well-wish followed by the leader's card, near the end: the message ends after the wish. The card is the
    rest of the wish's paragraph ('Good luck!' / 'Ana Reyes' / '416-555-0199'), or the paragraph after it when
    that is the last one and starts with a name ('Good luck!' / '' / 'Ana')."""
    if not _WELL_WISH.match(lines[i]) or not _short_tail(lines, i):
        return False
    if i + 1 < len(lines) and lines[i + 1].strip():
        return _card(_paragraph(lines, i + 1))
    later = [start for start in _paragraph_starts(lines) if start > i]
    if not later:
        return False
    below = _paragraph(lines, later[0])
    rest = lines[later[0] + len(below) :]
    return _card(below, named=True) and all(not line.strip() or _FOOTER.match(line) for line in rest)


def _signature_start(lines: list[str]) -> int:
    """Where the signature, sign-off, footer or disclaimer begins (len(lines) when there is none)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    cut = len(lines)
    for start in _paragraph_starts(lines)[1:]:
        if _DISCLAIMER.search("\n".join(_paragraph(lines, start))):
            cut = start
            break
    for i in range(first, cut):
        line = lines[i]
        if _wish_then_card(lines, i):
            return i + 1  # 'Good luck!' stays, the name, title and phone below it go
        if _FOOTER.match(line) and _short_tail(lines, i):
            return i
        if i > first and (
            _DELIMITER.match(line) or ((_SIGNATURE_RULE.match(line) or _sign_off(lines, i)) and _short_tail(lines, i))
        ):
            return i
    return cut


def _name_or_card(paragraph: list[str]) -> bool:
    """A last paragraph that is only a full name ('Maria Lopez'), or a short card under one: a title, an
    employer, contact details (short lines that are not sentences)."""
    if not _NAME.match(paragraph[0]) or _BARE_SIGN_OFF.match(paragraph[0]):
        return False
    card = paragraph[1:]
    return (
        len(card) <= 5
        and all(len(line) <= 60 for line in card)
        and not any(line.rstrip().endswith((".", "?", "!", ":")) and not _CONTACT.search(line) for line in card)
    )


def _trim(lines: list[str]) -> list[str]:
    """Blank lines around, trailing rules, and the leader's name or contact card at the end."""
    lines = [line.rstrip() for line in lines]
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1]) or _DELIMITER.match(lines[-1])):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    starts = _paragraph_starts(lines)
    if len(starts) > 1 and _name_or_card(lines[starts[-1] :]):
        return _trim(lines[: starts[-1]])
    previous = next((line for line in reversed(lines[:-1]) if line.strip()), "")
    if len(lines) > 1 and _DASH_NAME.match(lines[-1]) and not re.match(r"^\s*[-*•–—]", previous):
        return _trim(lines[:-1])  # '-Abhishek', '/John' (but not the last item of a '- ' list)
    return lines


def _join(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def extract_reply(text: str, *, html: str | None = None) -> str:
    """The leader's new text in a reply body.

    ``text`` is the text/plain part; ``html`` the text/html part if any. The HTML's structure is read when
    there is no plain text, or when ``text`` is only the HTML converted (a caller without a plain part may
    pass that), or when the plain text yields nothing.
    """
    if html and (not text.strip() or text.split() == html_to_text(html).split()):
        text, html = _html_reply_text(html), None
    source = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    kept, above = _new_lines(source)
    kept = _without_banner(kept)
    reply = _join(_trim(kept[: _signature_start(kept)]))
    if not reply and html:
        return extract_reply("", html=html)
    return reply or _join(_trim(above))
