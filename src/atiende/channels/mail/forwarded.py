"""The original message inside a forwarded mail: who wrote it, its subject and its text.

Mail clients put a header block in the body of a forwarded mail::

    ---------- Forwarded message ---------
    From: Customer <customer@example.com>        (De: / Von: / Da: / Van: …)
    Date: Mon, 3 Mar 2025 10:00                  (Fecha: / Enviado: / Sent: …)
    Subject: Printer                             (Asunto: / Betreff: / Objet: …)
    To: agent@example.com

    text of the original message

``original(text)`` finds the first such block (after a forward marker or an Outlook-style
separator, or at the start of the body) and returns what it says, or None.
"""

import re
from dataclasses import dataclass
from email.utils import getaddresses

_MARKER = re.compile(
    r"^\s*(?:[-=_*>]+\s*)?(?:forwarded message|begin forwarded message|original message|"
    r"mensaje reenviado|mensaje original|mensagem encaminhada|mensagem original|"
    r"message transféré|message d'origine|weitergeleitete nachricht|ursprüngliche nachricht|"
    r"messaggio inoltrato|messaggio originale|doorgestuurd bericht)\b.*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{5,}\s*$")
_LABEL = re.compile(r"^[\s>*]*([^\W\d_][\w ]{0,18}?)\s*[:：]\s*(.*)$")
_KINDS = {
    "from": {"from", "de", "von", "da", "van", "från", "fra", "od", "expéditeur", "remetente"},
    "subject": {"subject", "asunto", "assunto", "betreff", "objet", "oggetto", "onderwerp"},
    "date": {"date", "sent", "fecha", "enviado", "enviada", "data", "datum", "gesendet",
             "envoyé", "inviato", "verzonden", "envoyé le"},
    "to": {"to", "para", "an", "à", "a", "aan", "till", "til", "destinatario"},
    "cc": {"cc", "copia", "cópia", "kopie"},
}  # fmt: skip
_KIND_OF = {word: kind for kind, words in _KINDS.items() for word in words}
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Original:
    address: str
    name: str
    subject: str
    text: str
    preface: str  # what the forwarder wrote above the block


def _label(line: str) -> tuple[str, str] | None:
    match = _LABEL.match(line)
    if not match:
        return None
    kind = _KIND_OF.get(match.group(1).strip().lower())
    return (kind, match.group(2).strip()) if kind else None


def _sender(value: str) -> tuple[str, str]:
    """(name, address) from "Name <a@b>", "Name [mailto:a@b]", "a@b" or "Name a@b"."""
    value = value.replace("[mailto:", "<").replace("]", ">")
    pairs = [(n, a) for n, a in getaddresses([value]) if "@" in a]
    if pairs:
        name, address = pairs[0]
        return name.strip().strip("\"'"), address.strip()
    found = _ADDRESS.search(value)
    if not found:
        return "", ""
    name = value[: found.start()].strip(" <\"'")
    return name, found.group(0)


def _block_at(lines: list[str], start: int) -> tuple[dict[str, str], int] | None:
    """The header block starting at ``start``: its fields and the index after it."""
    fields: dict[str, str] = {}
    index = start
    last = ""
    while index < len(lines) and index < start + 12:
        line = lines[index]
        if not line.strip():
            if fields:
                break
            index += 1
            continue
        found = _label(line)
        if found is None:
            if last and line.startswith((" ", "\t")):
                fields[last] += " " + line.strip()
                index += 1
                continue
            break
        kind, value = found
        fields.setdefault(kind, value)
        last = kind
        index += 1
    if "from" not in fields or not ({"subject", "date", "to"} & fields.keys()):
        return None
    return fields, index


def original(text: str) -> Original | None:
    lines = (text or "").replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines[:400]):
        at_marker = bool(_MARKER.match(line) or _UNDERSCORES.match(line))
        if not at_marker and index != 0 and not _label(line):
            continue
        start = index + 1 if at_marker else index
        block = _block_at(lines, start)
        if block is None:
            continue
        fields, after = block
        name, address = _sender(fields["from"])
        if not address:
            continue
        body = "\n".join(lines[after:]).strip("\n")
        body = "\n".join(part[2:] if part.startswith("> ") else part for part in body.split("\n"))
        return Original(
            address=address,
            name=name,
            subject=fields.get("subject", ""),
            text=body.strip(),
            preface="\n".join(lines[:index]).strip(),
        )
    return None
