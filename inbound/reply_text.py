"""The new text of a leader's e-mail reply: quoted history, headers, signatures and footers removed.

Leaders answer by pressing Reply in whatever client they use, so the body holds their text followed (or, for
bottom-posters, preceded) by the routed question. ``extract_reply`` keeps only what the leader wrote:

1. HTML-only replies: the quoting elements that clients mark (Gmail ``gmail_quote``, Apple/Thunderbird
   ``blockquote type=cite``, Yahoo ``yahoo_quoted``, Outlook ``divRplyFwdMsg`` and its border-top header block)
   are dropped before html2text turns the rest into text.
2. The text is walked line by line. ``>``-quoted lines are history. A quote header ends the new text: an
   "On … wrote:" line in many languages (also wrapped over three lines), an Outlook "From:/Sent:/To:" or
   "De :/Envoyé :/À :" block, "-----Original Message-----", a forwarded-message line. mail-parser-reply's
   header patterns (its languages) are used beside ours. When a "wrote:" header is followed by ``>``-quoted
   lines, text below the quote is kept: that is a bottom-posted or inline answer.
3. From what is left: "CAUTION: external email" banners, confidentiality disclaimers, "-- " signatures,
   mobile footers ("Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for Android"…), and sign-offs
   ("Regards,"/"Cordialement," and the name below) are cut.

The leader's name must not reach the member, which is why sign-offs go even where some upstream parsers keep
them. If the cleaning leaves nothing, the text above the first quote header is returned instead.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from mailparser_reply.parser import EmailMessage

from inbound.mime import html_to_text

# --- HTML: drop the elements clients use to wrap the quoted message --------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def _drops(tag: str, attrs: dict[str, str]) -> bool:
    """An element holding quoted history or a client-added signature."""
    classes = set(attrs.get("class", "").split())
    ident = attrs.get("id", "")
    return (
        bool(classes & {"gmail_quote", "gmail_signature", "yahoo_quoted", "moz-cite-prefix", "moz-signature"})
        or (tag == "blockquote" and attrs.get("type", "").lower() == "cite")
        or ident.startswith("yahoo_quoted")
        or ident in {"Signature", "signature"}
    )


def _ends_reply(tag: str, attrs: dict[str, str]) -> bool:
    """Where Outlook starts the quoted message: everything from here on is history."""
    ident = attrs.get("id", "")
    style = attrs.get("style", "").replace(" ", "").lower()
    return (
        ident in {"divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container", "OLK_SRC_BODY_SECTION"}
        or "OLK_SRC_BODY_SECTION" in attrs.get("class", "")
        or (tag == "div" and "border-top:solid" in style and "padding:3.0pt" in style)
    )


class _QuotePruner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skip_depth: int | None = None  # stack depth of the dropped element we are inside
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        values = {name: value or "" for name, value in attrs}
        if self.skip_depth is None and _ends_reply(tag, values):
            self.done = True
            return
        if tag not in _VOID:
            self.stack.append(tag)
        if self.skip_depth is None and _drops(tag, values):
            self.skip_depth = len(self.stack) - (tag not in _VOID)
            if tag in _VOID:
                self.skip_depth = None
            return
        if self.skip_depth is None:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag not in self.stack:
            return
        while self.stack:
            if self.stack.pop() == tag:
                break
        if self.skip_depth is not None:
            if len(self.stack) <= self.skip_depth:
                self.skip_depth = None
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.done and self.skip_depth is None:
            self.out.append(escape(data, quote=False))


def html_without_quotes(html: str) -> str:
    pruner = _QuotePruner()
    pruner.feed(html)
    pruner.close()
    return "".join(pruner.out)


def _html_reply_text(html: str) -> str:
    text = html_to_text(html_without_quotes(html))
    return re.sub(r"^(\s*)\\(?=[-+#>])", r"\1", text, flags=re.M)  # html2text's Markdown escapes


# --- plain text: where the quoted history starts -----------------------------------------------------------------

_INVISIBLE = str.maketrans(
    {"\ufeff": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\u1427": None, "\xa0": " "}
)  # U+1427: the mark Gmail tracking add-ons insert

_QUOTED = re.compile(r"^\s*>")

_WROTE = (
    r"wrote|sent|a\s+écrit|schrieb|escribió|ha\s+escrit|escreveu|scrisse|ha\s+scritto|schreef|geschreven"
    r"|skrev|kirjoitti|napisał(?:\(a\))?|pisze|napsal(?:\(a\))?|написал(?:\(а\))?|пише|đã\s+viết|írta|yazdı"
    r"|έγραψε|kaj|写道|작성|のメッセージ"
)
_WROTE_LINE = re.compile(rf"(?:^|[\s\-])(?:{_WROTE})\b.{{0,60}}[:：]\s*-*$|(?:{_WROTE})[:：]?\s*-{{2,}}$", re.I)
_MIDLINE_ON = re.compile(r"(?:^|\s|-{2,}\s*)(On\s+\w{3}.*\d.*\bwrote:)\s*$")
_DATE_OR_ADDRESS = re.compile(r"@|\d{1,2}[:h.]\d{2}|\b(?:19|20)\d{2}\b|年|\d{1,2}月")
_ISO_DATE_HEADER = re.compile(r"^\s*>?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b.*(?:<[^<>\s]+@[^<>\s]+>|<)\s*:?\s*$")
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
_OTHER_KEYS = (
    r"sent|date|to|cc|bcc|subject|reply-to|envoyé(?:\s+le)?|à|a|objet|sujet|pour|copie\s+à|répondre\s+à"
    r"|gesendet|datum|an|betreff|verzonden|aan|onderwerp|inviato|data|oggetto|sendt|til|emne|dato"
    r"|skickat|till|ämne|enviado|para|asunto|fecha|wysłano|do|temat|отправлено|кому|тема|дата"
    r"|发送时间|收件人|主题|日期|件名|送信日時|宛先|message\s+du"
)
_KEY_LINE = re.compile(rf"^\s*(?:>\s*)*\**\s*(?P<key>{_FROM_KEYS}|{_OTHER_KEYS})\s*\**\s*[:：]", re.I)
_DATEISH_KEYS = re.compile(
    r"sent|date|envoyé|gesendet|datum|verzonden|inviato|data|sendt|dato|skickat|enviado"
    r"|fecha|wysłano|отправлено|дата|发送时间|日期|送信日時|message",
    re.I,
)

_library_headers = EmailMessage(text="", languages=["en", "fr", "de", "es", "it", "nl", "da", "sv", "ja", "zh"])


def _is_key_line(line: str) -> str | None:
    match = _KEY_LINE.match(line)
    return match.group("key").lower() if match else None


def _header_block(lines: list[str], i: int) -> int | None:
    """An Outlook/forward header block ("From:", "Sent:", "To:", "Subject:" in any order and language) at line i:
    the index after it, or None."""
    first = _is_key_line(lines[i])
    if first is None:
        return None
    keys = [first]
    last = i
    for j in range(i + 1, min(i + 8, len(lines))):
        key = _is_key_line(lines[j])
        if key is not None and key not in keys:
            keys.append(key)
            last = j
    has_from = any(re.fullmatch(_FROM_KEYS, key, re.I) for key in keys)
    has_date = any(_DATEISH_KEYS.fullmatch(key) or _DATEISH_KEYS.match(key) for key in keys)
    if len(keys) >= 2 and (has_from or (has_date and len(keys) >= 2)):
        return last + 1
    return None


def _wrote_header(lines: list[str], i: int) -> tuple[int, str] | None:
    """An "On <date>, <name> wrote:" header starting at line i, possibly wrapped over up to three lines:
    the index after it and any text that shares its first line, or None."""
    for span in (1, 2, 3):
        if i + span > len(lines) or (span > 1 and not lines[i + span - 1].strip()):
            break
        joined = " ".join(line.strip() for line in lines[i : i + span])
        if len(joined) > 400:
            break
        if (_WROTE_LINE.search(joined) and _DATE_OR_ADDRESS.search(joined)) or _ISO_DATE_HEADER.match(joined):
            before = ""
            midline = _MIDLINE_ON.search(joined)
            if midline and midline.start(1) > 0:
                before = joined[: midline.start(1)].rstrip(" -")
            return i + span, before
        if span == 1 and re.search(r"^\s*-{2,}.*\b(?:" + _WROTE + r")\b.*-{2,}\s*$", joined, re.I):
            return i + 1, ""
    return None


def _library_header_lines(text: str) -> dict[int, int]:
    """Where mail-parser-reply's header patterns match: first line -> line after the header."""
    stripped = "\n".join(line.strip() for line in text.split("\n"))
    found: dict[int, int] = {}
    for match in _library_headers.HEADER_REGEX.finditer(stripped):
        header = match.group()
        start = stripped.count("\n", 0, match.start()) + len(header) - len(header.lstrip("\n"))
        end = stripped.count("\n", 0, match.end()) + (not header.endswith("\n"))
        found.setdefault(start, max(start + 1, end))
    return found


def _new_lines(text: str) -> tuple[list[str], list[str]]:
    """The leader's lines and the lines above the first quote header."""
    lines = text.split("\n")
    library = _library_header_lines(text)
    kept: list[str] = []
    above: list[str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QUOTED.match(line) and not _lone_marker(lines, i):
            if above is None:
                above = list(kept)
            i += 1
            continue
        wrote = _wrote_header(lines, i)
        block = None if wrote else _header_block(lines, i)
        if wrote or block or i in library or _SEPARATOR.match(line) or _FORWARD_INTRO.match(line):
            if above is None:
                above = [*kept, wrote[1]] if wrote else list(kept)
            if wrote and wrote[1]:
                kept.append(wrote[1])
            end = wrote[0] if wrote else block or library.get(i, i + 1)
            following = next((j for j in range(end, len(lines)) if lines[j].strip()), None)
            if (
                (wrote or (i in library and block is None))
                and following is not None
                and _QUOTED.match(lines[following])
            ):
                i = end  # the header owns the quote below it; text after the quote is an inline answer
                continue
            break
        kept.append(line)
        i += 1
    return kept, kept if above is None else above


def _lone_marker(lines: list[str], i: int) -> bool:
    """A single '>' line wedged between unquoted text ('>>> link <<<') is text, not a quote."""
    before = lines[i - 1] if i > 0 else ""
    after = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(before.strip() and after.strip() and not _QUOTED.match(before) and not _QUOTED.match(after))


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
_DELIMITER = re.compile(r"^\s*(?:--|-- |—|–|__|—+|–+)\s*$")
_RULE = re.compile(r"^\s*(?:[-_=*#~+—–]\s?){3,}$")
_FOOTER = re.compile(
    r"^\s*(?:sent\s+(?:from|with|via|using)|envoyé\s+(?:de|depuis|à\s+partir\s+de)|get\s+outlook\s+for"
    r"|obtenir\s+outlook\s+pour|télécharger\s+outlook\s+pour|download\s+outlook\s+for|enviado\s+desde"
    r"|gesendet\s+von|von\s+meinem\s+\w+\s+gesendet|inviato\s+da|verzonden\s+(?:vanaf|met)|sendt\s+fra"
    r"|skickat\s+från|wysłano\s+z|enviado\s+do|从我的|이\s?메일은)"
    r"[\w\s.'’&®®()\-]{0,48}[!.]?(?:\s*[<(\[]\s*\S+\s*[>)\]])?\s*$",
    re.I,
)
_CLOSING = (
    r"(?:best|kind|warm|warmest|many|with)?\s*(?:regards|wishes)|best|cheers|thanks(?:\s+again)?|thank\s+you"
    r"|many\s+thanks|sincerely|yours(?:\s+(?:truly|sincerely))?|take\s+care|all\s+the\s+best|respectfully"
    r"|(?:bien\s+|très\s+)?cordialement|salutations(?:\s+distinguées)?|sincères\s+salutations|bien\s+à\s+(?:vous|toi)"
    r"|amitiés|merci(?:\s+(?:beaucoup|encore))?|bonne\s+(?:journée|soirée|fin\s+de\s+semaine)|à\s+bientôt"
    r"|au\s+plaisir|mit\s+freundlichen\s+grüßen|(?:viele|beste|liebe)\s+grüße|grüße|gruß|saludos|atentamente"
    r"|un\s+saludo|cordiali\s+saluti|saluti|met\s+vriendelijke\s+groet(?:en)?|groeten|med\s+venlig\s+hilsen"
    r"|(?:venlig\s+)?hilsen|mvh|med\s+vänliga\s+hälsningar|(?:vänliga\s+)?hälningar|pozdrawiam|z\s+poważaniem"
    r"|atenciosamente|abraços|obrigad[oa]"
)
_SIGN_OFF = re.compile(rf"^\s*(?:{_CLOSING})\s*[,.!]*\s*(?:[,\-–—]?\s*[\w.'’\- ]{{1,30}})?\s*[,.!]?\s*$", re.I)
_BARE_SIGN_OFF = re.compile(rf"^\s*(?:{_CLOSING})\s*[,.!]*\s*$", re.I)
_DASH_NAME = re.compile(r"^\s*[-–—]\s?[A-Za-zÀ-ÿ][\w.'’]*(?:\s+[A-Za-zÀ-ÿ][\w.'’]*){0,2}\.?\s*$")
_SIGNATURE_MAX_LINES = 15  # a signature or footer is short; more text below means it was not one


def _paragraph_starts(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())]


def _paragraph(lines: list[str], start: int) -> str:
    end = next((j for j in range(start, len(lines)) if not lines[j].strip()), len(lines))
    return "\n".join(lines[start:end])


def _without_banner(lines: list[str]) -> list[str]:
    starts = _paragraph_starts(lines)
    if starts and _BANNER.match(_paragraph(lines, starts[0])) and len(starts) > 1:
        return lines[starts[1] :]
    return lines


def _short_tail(lines: list[str], start: int) -> bool:
    return sum(1 for line in lines[start + 1 :] if line.strip()) <= _SIGNATURE_MAX_LINES


def _signature_start(lines: list[str]) -> int:
    """Where the signature, sign-off, footer or disclaimer begins (len(lines) when there is none)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    cut = len(lines)
    for start in _paragraph_starts(lines)[1:]:
        if _DISCLAIMER.search(_paragraph(lines, start)):
            cut = start
            break
    for i in range(first, cut):
        line = lines[i]
        if i > first and (
            _DELIMITER.match(line)
            or ((_RULE.match(line) or _FOOTER.match(line))
            and _short_tail(lines, i))
            or (_sign_off(lines, i)
            and _short_tail(lines, i))
        ):
            return i
        if i == first and _FOOTER.match(line) and _short_tail(lines, i):
            return i
    return cut


def _sign_off(lines: list[str], i: int) -> bool:
    """'Regards,' / 'Thanks,' / 'Cordialement' alone, or with the name on the same line ('Regards, Roman')."""
    line = lines[i]
    if _BARE_SIGN_OFF.match(line):
        return True
    if not _SIGN_OFF.match(line) or line.strip().endswith(("?", ":")):
        return False
    rest = re.split(r"[,\-–—!]", line, maxsplit=1)
    return len(rest) == 2 and 0 < len(rest[1].split()) <= 3 and not any(ch.isdigit() for ch in rest[1])


def _trim(lines: list[str]) -> list[str]:
    """Trailing rules, blank lines and a '-Name' sign-off line; leading blank lines."""
    lines = [line.rstrip() for line in lines]
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1]) or _DELIMITER.match(lines[-1])):
        lines.pop()
    previous = next((line for line in reversed(lines[:-1]) if line.strip()), "")
    if len(lines) > 1 and _DASH_NAME.match(lines[-1]) and not re.match(r"^\s*[-*•–—]", previous):
        lines.pop()
        while lines and not lines[-1].strip():
            lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def _join(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def extract_reply(text: str, *, html: str | None = None) -> str:
    """The leader's new text of a reply body (plain text preferred; HTML used when there is no text part)."""
    source = text if text.strip() or not html else _html_reply_text(html)
    source = source.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    kept, above = _new_lines(source)
    kept = _without_banner(_trim(kept))
    reply = _join(_trim(kept[: _signature_start(kept)]))
    if not reply and html and text.strip():
        return extract_reply("", html=html)
    return reply or _join(_trim(above))
