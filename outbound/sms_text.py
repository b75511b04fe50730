"""SMS text: GSM-7/UCS-2 segment counting as carriers do it, GSM-7 folding, and the one SMS shaper."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# GSM 03.38 default alphabet (one septet each) and extension table (ESC + char: two septets each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION

# (single-segment capacity, per-segment capacity once concatenated: the 6-byte UDH costs 7 septets / 3 units)
_CAPACITY: dict[Encoding, tuple[int, int]] = {"GSM-7": (160, 153), "UCS-2": (70, 67)}

MORE_SUFFIX = "Reply MORE"


@dataclass(frozen=True)
class SegmentCount:
    segments: int
    encoding: Encoding
    units: int  # GSM-7 septets or UTF-16 code units, without the concatenation headers


def is_gsm7(text: str) -> bool:
    return _GSM7_ALL.issuperset(text)


def non_gsm_characters(text: str) -> list[str]:
    """The characters that force a message into UCS-2, in order of first appearance."""
    return list(dict.fromkeys(ch for ch in text if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION))


def _atoms(text: str, encoding: Encoding) -> list[tuple[str, int]]:
    """Indivisible pieces with their size: an escape pair or a surrogate pair never straddles segments."""
    if encoding == "GSM-7":
        return [(ch, 2 if ch in GSM7_EXTENSION else 1) for ch in text]
    return [(ch, 2 if ord(ch) > 0xFFFF else 1) for ch in text]


def split_segments(text: str) -> list[str]:
    """The text of each segment, cut where a carrier cuts a concatenated message."""
    encoding: Encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    single, multi = _CAPACITY[encoding]
    atoms = _atoms(text, encoding)
    if sum(size for _, size in atoms) <= single:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for ch, size in atoms:
        if used + size > multi:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += size
    parts.append("".join(current))
    return parts


def count_segments(text: str) -> SegmentCount:
    # Fast paths in C: fan-out counts every member's message (benchmarks B8, B10).
    if _GSM7_ALL.issuperset(text):
        encoding: Encoding = "GSM-7"
        wide = sum(text.count(ch) for ch in GSM7_EXTENSION if ch in text)
    else:
        encoding = "UCS-2"
        wide = len(text.encode("utf-16-le", "surrogatepass")) // 2 - len(text)  # surrogate pairs
    units = len(text) + wide
    single, multi = _CAPACITY[encoding]
    if units <= single:
        return SegmentCount(1, encoding, units)
    if not wide:
        return SegmentCount(-(-units // multi), encoding, units)
    return SegmentCount(len(split_segments(text)), encoding, units)


def fit_segments(text: str, max_segments: int) -> str:
    """The longest prefix of text that still fits in max_segments (never cutting a pair)."""
    if count_segments(text).segments <= max_segments:
        return text
    lo, hi = 0, len(text)  # prefix lengths: lo fits, hi does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count_segments(text[:mid]).segments <= max_segments:
            lo = mid
        else:
            hi = mid
    return text[:lo]


# Typographic characters people paste from word processors, mapped to GSM-7 look-alikes (checked against
# Twilio's Smart Encoding table in the tests).
_LOOKALIKES = {
    '"': "“”„‟«»″ʺˮ❝❞〝〞",
    "'": "‘’‛′´`ʼʻˈʽʹˊˋ❛❜︐︑",
    "-": "‐‑‒–—―−⁃⎼⎽•·",
    "/": "÷⁄∕⧸",
    "\\": "⧹⧵",
    "|": "∣⎸⎹⏐⎜⎟",
    "!": "ǃ",
    ",": "‚﹑､、",
    "(": "❨❪⟮⦅",
    ")": "❩❫⟯⦆",
    "*": "⁎∗⊛✢✣✤✥✱✲✳✺✻✼✽❃❉❊❋⧆",
    "+": "˖",
    ".": "。｡",
    ":": "ː˸⦂꞉",
    ";": "⁏",
    "=": "꞊",
    "^": "ˆ",
    "{": "❴",
    "}": "❵",
    "~": "˜˷∼",
    "_": "‗",
    "<": "‹",
    ">": "›",
    "\n": "\u2028\u2029",
}
_PUNCTUATION = (
    {ch: twin for twin, chars in _LOOKALIKES.items() for ch in chars}
    | {
        "…": "...",
        "‼": "!!",
        "™": "TM",
        "©": "(c)",
        "®": "(R)",
        "½": "1/2",
        "¼": "1/4",
        "¾": "3/4",
        "×": "x",
        "°": " deg",
        "\t": " ",
    }
    | dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "ABCDEFGHIJKLMNOPRSTUVWYZ", strict=True))
)
# Spaces of every width become one plain space; invisible characters disappear.
_SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Letters whose decomposition does not yield a GSM-7 base letter.
_LIGATURES = {"œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ", "ﬁ": "fi", "ﬂ": "fl", "ð": "d", "þ": "th"}


def _fold_letter(ch: str) -> str | None:
    """An accented letter outside GSM-7 to its base letter (ê -> e, ç -> c); None when it has none."""
    if ch in _LIGATURES:
        return _LIGATURES[ch]
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    if base and base != ch and is_gsm7(base):
        return base
    return None


def _compatible(ch: str) -> str:
    """Full-width and other compatibility forms (Ａ, ０, ！) to their GSM-7 twin when there is one."""
    twin = unicodedata.normalize("NFKC", ch)
    return twin if twin != ch and is_gsm7(twin) else ch


def to_gsm(text: str, *, keep_accents: bool = False) -> str:
    """Replace typographic characters with GSM-7 ones and, unless keep_accents, fold accents GSM-7 lacks.

    Characters with no GSM-7 equivalent (emoji, other scripts) are kept: the message is then UCS-2.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            out.append(ch)
        elif ch in _SPACES:
            out.append(" ")
        elif ch in _INVISIBLE:
            continue
        elif ch in _PUNCTUATION:
            out.append(_PUNCTUATION[ch])
        elif unicodedata.category(ch) == "Cc":
            continue  # control characters other than CR/LF/FF never belong in an SMS
        elif keep_accents:
            out.append(ch)
        elif unicodedata.combining(ch):
            continue  # a stray accent left after NFC would alone force UCS-2
        else:
            out.append(_fold_letter(ch) or _compatible(ch))
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD_GAP = re.compile(r"\s+")


def _cut(text: str, max_segments: int, suffix: str) -> tuple[str, str]:
    """Split text so that head + suffix fits; prefer a sentence end, then a word gap, then a hard cut."""
    budget = fit_segments(text + "\n" + suffix, max_segments)
    room = len(budget) - len(suffix) - 1  # characters of text that fit before the suffix
    room = max(room, 0)
    for pattern in (_SENTENCE_END, _WORD_GAP):
        cuts = [m for m in pattern.finditer(text, 0, room + 1) if 0 < m.start() <= room]
        if cuts:
            last = cuts[-1]
            # A sentence cut that keeps less than a third of the room reads worse than a word cut.
            if pattern is _WORD_GAP or last.start() >= room // 3:
                return text[: last.start()].rstrip(), text[last.end() :].lstrip()
    head = fit_segments(text[:room], max_segments)
    return head, text[len(head) :].lstrip()


def shape_sms(text: str, *, keep_accents: bool = False, max_segments: int = 2) -> list[str]:
    """Every SMS we send goes through here: GSM-7 when possible, at most max_segments per part.

    A longer text is split at a sentence boundary; every part but the last ends with "Reply MORE".
    The caller sends the first part and keeps the rest for when the member replies MORE.
    """
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    rest = to_gsm(text, keep_accents=keep_accents).strip()
    parts: list[str] = []
    while count_segments(rest).segments > max_segments:
        head, rest = _cut(rest, max_segments, MORE_SUFFIX)
        parts.append(f"{head}\n{MORE_SUFFIX}")
    if rest:
        parts.append(rest)
    return parts
