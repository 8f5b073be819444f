"""Trim quoted history and signatures from a reply, for display (the full text is kept).

Line-based, language-aware rules, applied in this order:

1. A *hard* start of history cuts everything after it: an "-----Original Message-----"
   style separator, an Outlook header block ("From: … Sent: … To: … Subject: …" in many
   languages, possibly after a line of underscores), or a reply header ("On … wrote:",
   "El … escribió:", "Le … a écrit :", …) that is followed by unquoted text.
2. From the end, repeatedly: a trailing ``>`` quoted block (with the reply header above
   it), a signature after a "-- " / "--" / "__" line, and a mobile or client footer
   ("Sent from my iPhone", "Enviado desde mi iPhone", "Get Outlook for iOS", …).

A ``>`` block followed by new text (bottom posting, inline answers) stays visible.
"""

import re

_MAX_HEADER_LINES = 3  # a reply header may be wrapped over this many lines
_MAX_SIGNATURE_LINES = 30

# A reply header ending in a verb ("… wrote", "… escribió"): the colon is optional.
_REPLY_VERB = re.compile(
    r"""^(?:
        On\b.{3,}\bwrote
      | El\b.{3,}\bescribi[oó]
      | (?:Em|No\ dia)\b.{3,}\bescreveu
      | Le\b.{3,}\ba\ [ée]crit
      | Am\b.{3,}\bschrieb\b.*
      | (?:Il|In\ data)\b.{3,}\bha\ scritto
      | (?=.*[\d@]).{3,}\bha\ scritto
      | Op\b.{3,}\bschreef\b.*
      | (?=.*[\d@]).{3,}\bskrev\b.*
      | (?=.*[\d@]).{3,}\bkirjoitti
      | (?:W\ dniu|Dnia)\b.{3,}\bnapisa[łl](?:a|\(a\))?
      | (?=.*[\d@]).{3,}\b(?:написал(?:а|\(а\))?|пишет)
      | (?=.*[\d@]).{3,}\bnapsal(?:a|\(a\))?
      | (?=.*[\d@]).{3,}\byazd[ıi]
      | (?=.*[\d@]).{3,}\bwrote
      | (?=.*[\d@]).{3,}\bescribi[oó]
      | (?=.*[\d@]).{3,}\bescreveu
      | (?=.*[\d@]).{3,}\ba\ [ée]crit
      | (?=.*[\d@]).{3,}(?:のメッセージ|写道|寫道)
    )\s*[:：]?$""",
    re.IGNORECASE | re.VERBOSE,
)
# A reply header without a verb: a date or time and an address, ending in a colon.
_REPLY_DATED = re.compile(
    r"""^(?:
        \d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b.{0,120}<?[^\s<>@]+@[^\s<>@]+>?
      | (?=.*\d{1,2}:\d{2}).{0,160}<[^\s<>@]+@[^\s<>@]+>
      | .{0,80}<[^\s<>@]+@[^\s<>@]+>\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}.{0,40}
    )\s*[:：]$""",
    re.IGNORECASE | re.VERBOSE,
)
_HEADER_DECORATION = re.compile(r"^[-=_*\s]{2,}|[-=_*\s]{2,}$")
# Headers that begin with their language's own opening word ("On …", "El …", "Am …").
_ANCHORED = re.compile(r"^(?:On|El|Em|No dia|Le|Am|Il|In data|Op|W dniu|Dnia)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?,;:]$")


_HEADER_HINT = re.compile(
    r"[:：]|wrote|escribi|escreveu|crit|schrieb|scritto|schreef|skrev|kirjoitti|napisa|"
    r"написал|пишет|napsal|yazd|メッセージ|写道|寫道",
    re.IGNORECASE,
)


def _is_reply_header(text: str) -> bool:
    if not _HEADER_HINT.search(text):
        return False  # cheap test first: most lines are not headers
    text = _HEADER_DECORATION.sub("", text.strip())
    return bool(_REPLY_VERB.match(text) or _REPLY_DATED.match(text))


_SEPARATOR = re.compile(
    r"""^\s*[-=_*]{2,}\s*(?:
        original\ message | mensaje\ original | message\ d'origine | message\ original
      | ursprüngliche\ nachricht | originalnachricht | messaggio\ originale
      | mensagem\ original | oorspronkelijk\ bericht | originalmeddelande
      | oprindelig\ meddelelse | original\ meddelelse | opprinnelig\ melding
      | oprindelig\ besked | ursprungligt\ meddelande | opprinnelig\ beskjed
      | alkuperäinen\ viesti | исходное\ сообщение | wiadomość\ oryginalna
      | původní\ zpráva | eredeti\ üzenet | orijinal\ mesaj | reply\ message
    )\s*[-=_*]*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_FORWARD = re.compile(
    r"^\s*(?:[-=_*>]+\s*)?(?:forwarded message|begin forwarded message|mensaje reenviado|"
    r"mensagem encaminhada|message transféré|weitergeleitete nachricht|messaggio inoltrato|"
    r"doorgestuurd bericht|пересылаемое сообщение|inizio messaggio inoltrato)",
    re.IGNORECASE,
)
_HEADER_LABELS = {
    "from": (
        "from de von van da från fra od от kimden lähettäjä feladó afzender 发件人 寄件者 "
        "差出人 보낸사람"
    ),
    "date": (
        "sent date enviado enviada fecha gesendet datum envoyé data inviato verzonden "
        "skickat sendt отправлено дата wysłane odesláno lähetetty tarih dato "
        "发送时间 日期 送信日時 "
        "日時 날짜"
    ),
    "to": "to para an à a aan till til do кому kime vastaanottaja címzett 收件人 宛先 받는사람",
    "cc": "cc kopie copia cópia копия kopia",
    "subject": (
        "subject asunto assunto betreff objet oggetto onderwerp ämne emne temat тема konu "
        "aihe tárgy předmět predmet 主题 主旨 件名 제목"
    ),
}
_LABEL_KIND = {word: kind for kind, words in _HEADER_LABELS.items() for word in words.split()}
_LABEL_KIND.update({"message du": "date", "envoyé le": "date", "date de l'envoi": "date"})
_HEADER_LINE = re.compile(r"^[\s*>]*([^\W\d_][\w ]{0,18}?)\s*[:：]", re.UNICODE)
_UNDERSCORES = re.compile(r"^\s*_{2,}\s*$")
_DASHES_ONLY = re.compile(r"^\s*[-=_]{4,}\s*$")
_SIG_DELIMITER = re.compile(r"^(?:--|-- |__)\s*$")
_DEVICE = r"[\w'’&()-]+(?:\ [\w'’&().-]+){0,5}"
_MOBILE_FOOTER = re.compile(
    rf"""^\s*(?:
        sent\ (?:from|with|via)\ (?:my\ )?{_DEVICE}
      | get\ outlook\ for\ {_DEVICE}
      | enviado\ (?:desde|do|de)\ (?:mi\ |meu\ |o\ |el\ )?{_DEVICE}
      | (?:obtener|descargar)\ outlook\ para\ {_DEVICE}
      | envoyé\ (?:de|depuis)\ (?:mon\ )?{_DEVICE}
      | von\ meinem\ {_DEVICE}\ gesendet
      | gesendet\ von\ {_DEVICE}
      | inviato\ da\ {_DEVICE}
      | verzonden\ (?:met|vanaf|van)\ {_DEVICE}
      | skickat\ från\ {_DEVICE}
      | sendt\ fra\ {_DEVICE}
      | отправлено\ с\ {_DEVICE}
      | wysłane\ z\ {_DEVICE}
    )\s*(?:<[^>\s]*>|\(https?://[^)\s]*\))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_SIGN_OFF = re.compile(
    r"""^\s*(?:
        (?:best|kind|warm|many)?\s*regards | cheers | best\ wishes
      | (?:un\ )?saludos?(?:\ cordiales)? | atentamente | cordialmente | saludos\ cordiales
      | atenciosamente | abraços | cumprimentos
      | cordialement | bien\ à\ vous | (?:mit\ )?freundlichen\ grüßen | viele\ grüße | mfg
      | distinti\ saluti | cordiali\ saluti
    )\s*[,.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _blank(line: str) -> bool:
    return not line.strip()


def _quote_like(lines: list[str], index: int) -> bool:
    """Quoted, or the wrapped tail of a long quoted line (a client re-wrapped the quote
    and lost the ">" on the continuation)."""
    line = lines[index]
    if _is_quoted(line):
        return True
    if _blank(line) or index == 0:
        return False
    previous = lines[index - 1]
    return _is_quoted(previous) and len(previous.rstrip()) >= 60 and len(line.strip()) < 60


def _header_label(line: str) -> str | None:
    match = _HEADER_LINE.match(line)
    if not match:
        return None
    label = match.group(1).strip().lower()
    return _LABEL_KIND.get(label) or _LABEL_KIND.get(label.split(" ", 1)[0])


def _reply_header_span(lines: list[str], index: int) -> int:
    """Lines taken by a reply header starting at ``index`` (0 when there is none)."""
    line = lines[index]
    if _is_quoted(line) or _blank(line) or len(line) > 400:
        return 0
    joined = ""
    for span in range(1, _MAX_HEADER_LINES + 1):
        if index + span - 1 >= len(lines):
            break
        part = lines[index + span - 1].strip()
        if span > 1 and (not part or _is_quoted(part)):
            break
        joined = f"{joined} {part}".strip()
        if _is_reply_header(joined):
            first = line.strip()
            unlike_header = not re.search(r"[\d@]", first) or _SENTENCE_END.search(first)
            if (
                span > 1
                and not _ANCHORED.match(first)
                and unlike_header
                and any(_reply_header_span(lines, index + k) for k in range(1, span))
            ):
                return 0  # "…nibh.\nOn … wrote:": the header starts on the next line
            return span
    return 0


def _header_block(lines: list[str], index: int) -> bool:
    """An e-mail header block (From/Sent/To/Subject) of at least two kinds starts here."""
    first = _header_label(lines[index])
    if first not in {"from", "date"}:
        return False
    kinds = {first}
    for line in lines[index + 1 : index + 8]:
        if _blank(line):
            if len(kinds) >= 2:
                break
            continue
        kind = _header_label(line)
        if kind is None:
            # A wrapped value ("To: a@x,\n    b@y") continues the block.
            if line.startswith((" ", "\t", "<", "[mailto:")):
                continue
            break
        kinds.add(kind)
    return len(kinds) >= 2 and bool(kinds & {"to", "subject", "date"})


def _after_forward_marker(lines: list[str], index: int) -> bool:
    for line in reversed(lines[max(0, index - 3) : index]):
        if _blank(line):
            continue
        return bool(_FORWARD.match(line))
    return False


def _quote_end(lines: list[str], start: int) -> int:
    """First line after the quoted block that starts at ``start`` (blank lines included)."""
    end = start
    while end < len(lines) and (_quote_like(lines, end) or _blank(lines[end])):
        end += 1
    return end


def _hard_start(lines: list[str]) -> int:
    """Index of the first line of unquoted history, or len(lines)."""
    forwarded_until = -1
    for index, line in enumerate(lines):
        if _is_quoted(line) or _blank(line) or index < forwarded_until:
            continue
        if _SEPARATOR.match(line):
            return index
        if _after_forward_marker(lines, index) and _header_label(line):
            # The headers of a forwarded message: content the person chose to send.
            forwarded_until = index
            while forwarded_until < len(lines) and not _blank(lines[forwarded_until]):
                forwarded_until += 1
            continue
        if index > 0 and _MOBILE_FOOTER.match(line):
            return index  # the client's footer ends what the person typed
        if _header_block(lines, index):
            start = index
            # Include a separator line right above (underscores, dashes, <hr>).
            above = index - 1
            while above >= 0 and _blank(lines[above]):
                above -= 1
            if above >= 0 and (
                _UNDERSCORES.match(lines[above]) or _DASHES_ONLY.match(lines[above])
            ):
                start = above
            return start
        span = _reply_header_span(lines, index)
        if span:
            following = index + span
            while following < len(lines) and _blank(lines[following]):
                following += 1
            if following < len(lines) and not _is_quoted(lines[following]):
                return index
    return len(lines)


def _strip_trailing_blank(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and _blank(lines[end - 1]):
        end -= 1
    return lines[:end]


def _drop_header_above(lines: list[str]) -> list[str]:
    """Remove a reply header (possibly wrapped over several lines) at the end of ``lines``."""
    lines = _strip_trailing_blank(lines)
    for span in range(_MAX_HEADER_LINES, 0, -1):
        top = len(lines) - span
        if top >= 0 and _reply_header_span(lines, top) == span:
            return lines[:top]
    return lines


def _trim_tail(lines: list[str]) -> list[str]:
    while True:
        lines = _strip_trailing_blank(lines)
        if not lines:
            return lines
        if _quote_like(lines, len(lines) - 1):
            start = len(lines)
            while start and (_quote_like(lines, start - 1) or _blank(lines[start - 1])):
                start -= 1
            lines = _drop_header_above(lines[:start])
            continue
        cut = _signature_start(lines)
        if cut is not None:
            lines = lines[:cut]
            continue
        return lines


def _trim_head(lines: list[str]) -> list[str]:
    """A reply written below the quote (bottom posting): drop the leading header and quote."""
    index = 0
    while index < len(lines) and _blank(lines[index]):
        index += 1
    if index >= len(lines):
        return lines
    start = index + _reply_header_span(lines, index)
    if start == index and not _is_quoted(lines[index]):
        return lines
    while start < len(lines) and _blank(lines[start]):
        start += 1
    if start >= len(lines) or not _is_quoted(lines[start]):
        return lines
    end = _quote_end(lines, start)
    rest = lines[end:]
    return rest if any(not _blank(line) for line in rest) else lines


def _signature_start(lines: list[str]) -> int | None:
    # Footer line of a mobile client within the last three non-blank lines.
    seen = 0
    for index in range(len(lines) - 1, -1, -1):
        if _blank(lines[index]):
            continue
        seen += 1
        if _MOBILE_FOOTER.match(lines[index]) and index > 0:
            return index
        if seen >= 3:
            break
    # A signature delimiter not too far from the end.
    for index in range(len(lines) - 1, max(-1, len(lines) - _MAX_SIGNATURE_LINES - 2), -1):
        if _SIG_DELIMITER.match(lines[index]) or _UNDERSCORES.match(lines[index]):
            return index if index > 0 else None
    # A sign-off ("Regards,", "Saludos,") followed only by a short name block.
    tail = [i for i in range(len(lines)) if not _blank(lines[i])][-6:]
    for index in tail:
        if index > 0 and _SIGN_OFF.match(lines[index]):
            after = [line for line in lines[index + 1 :] if not _blank(line)]
            if len(after) <= 4 and all(len(line.strip()) <= 60 for line in after):
                return index
    return None


def visible_text(text: str) -> str:
    """The new part of a reply: no quoted history, no signature. Never empty when the
    message had text: if trimming would leave nothing, the full text is returned."""
    if not text:
        return ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[: _hard_start(lines)]
    lines = _trim_tail(_trim_head(lines))
    while lines and _blank(lines[0]):
        lines = lines[1:]
    result = "\n".join(line.rstrip() for line in lines).strip("\n")
    return result if result.strip() else text.strip()
