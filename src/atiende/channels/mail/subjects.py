"""Subjects: the case numbers they carry and their normalised form for threading.

``case_numbers("RE: [INC-000123] Falla")`` → ``["INC-000123"]`` (bracketed tags first, then
bare numbers whose prefix is a known case-number prefix, re-padded the way
:mod:`atiende.tickets.numbering` writes them). ``subject_key`` strips reply and forward
prefixes in many languages, repeatedly, and every bracketed case tag, then folds case and
whitespace: mail clients that drop In-Reply-To still keep the subject.
"""

import re
import unicodedata

# Reply / forward prefixes: en, es, pt, de, fr, it, nl, nordic, pl, tr, zh, with counters
# such as "Re[2]:" or "RE(3):", and the odd "Re: Re:" chains.
_PREFIX = re.compile(
    r"""^\s*(?:
        re|aw|antw|antwort|rv|rif|r|sv|vs|vl|ref|réf|res|resp|odp|ynt|atb|
        fwd?|fw|tr|wg|enc|rv|reenv|reenviado|i|vb|vid|doorst|pd|továbbítás|
        回复|回覆|答复|转发|轉寄|轉發|返信|転送
    )\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# "[INC-000123]" and any "[PREFIX-123]" tag: stripped from the key whatever its prefix.
_TAG = re.compile(r"\[\s*([A-Za-z][A-Za-z0-9]{0,15})\s*[-#]\s*(\d{1,12})\s*\]")
_BARE = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]{0,15})-(\d{1,12})(?![\w-])")
# "[EXTERNAL]", "[SPAM]", "*** SPAM ***" markers that gateways add in front.
_GATEWAY_MARK = re.compile(
    r"^\s*(?:\[(?:external|externo|ext|spam|suspicious)\]|\*+\s*spam\s*\*+)\s*", re.I
)
KEY_MAX = 250


def strip_prefixes(subject: str) -> str:
    """The subject without leading reply / forward prefixes and gateway marks."""
    text = subject or ""
    while True:
        stripped = _GATEWAY_MARK.sub("", _PREFIX.sub("", text, count=1), count=1)
        stripped = _TAG.sub(" ", stripped, count=1) if _TAG.match(stripped.strip()) else stripped
        if stripped == text:
            return text.strip()
        text = stripped


def subject_key(subject: str) -> str:
    """The normalised subject: prefixes and case tags removed, case and spaces folded."""
    text = _TAG.sub(" ", strip_prefixes(subject))
    text = strip_prefixes(text)
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())[:KEY_MAX]


def clean_subject(subject: str) -> str:
    """A ticket subject from a mail subject: prefixes and case tags removed, case kept."""
    text = _TAG.sub(" ", strip_prefixes(subject))
    return " ".join(strip_prefixes(text).split())


def case_numbers(subject: str, prefixes: dict[str, int]) -> list[str]:
    """Case numbers named in ``subject``, bracketed tags first; ``prefixes`` maps each known
    case-number prefix (upper case) to its padding."""
    found: list[str] = []
    for pattern, bare in ((_TAG, False), (_BARE, True)):
        for match in pattern.finditer(subject or ""):
            prefix = match.group(1).upper()
            if prefix not in prefixes:
                continue
            number = f"{prefix}-{int(match.group(2)):0{prefixes[prefix]}d}"
            if number not in found:
                found.append(number)
        if found and not bare:
            return found
    return found


def may_name_a_case(subject: str) -> bool:
    """Cheap test before :func:`case_numbers` (which needs the known prefixes)."""
    return bool(_BARE.search(subject or ""))


_FORWARD = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|r)\s*:\s*)*(?:fwd?|fw|rv|wg|tr|enc|i|vb|doorst|pd|reenv|reenviado|"
    r"转发|轉寄|轉發|転送)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)


def is_forward(subject: str) -> bool:
    """The subject says the mail forwards another (Fwd:, FW:, RV:, WG:, TR:, ENC:, …)."""
    return bool(_FORWARD.match(subject or ""))
