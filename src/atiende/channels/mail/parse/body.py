"""Part contents: transfer decoding (lenient), charsets, format=flowed, HTML clean-up."""

import binascii
import re
from email.message import Message

from atiende.channels.mail.parse.charsets import decode_bytes
from atiende.channels.mail.parse.headers import raw_get, raw_headers, unfold
from atiende.channels.mail.parse.limits import MAX_BODY_CHARS

_BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/]*={0,2}$")
_NEWLINES = re.compile(r"\r\n?")


def transfer_encoding(part: Message) -> str:
    raw = raw_get(raw_headers(part), "content-transfer-encoding")
    return unfold(raw).strip().strip("\"'").lower() if raw else ""


def _raw_payload(part: Message) -> bytes:
    payload = part.get_payload()
    if isinstance(payload, bytes):
        return payload
    if not isinstance(payload, str):
        return b""
    try:
        return payload.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return payload.encode("utf-8", "surrogateescape")


def _decode_base64(data: bytes, defects: list[str]) -> bytes:
    chunks = []
    started = False
    for line in data.split(b"\n"):
        line = line.strip()
        if not line:
            continue
        if not _BASE64_LINE.match(line):
            if started:
                defects.append("body: text after base64 data ignored")
                break
            line = re.sub(rb"[^A-Za-z0-9+/=]", b"", line)
        started = True
        chunks.append(line)
    joined = b"".join(chunks)
    # Several padded segments glued together: decode each.
    out = bytearray()
    for segment in re.findall(rb"[A-Za-z0-9+/]+={0,2}", joined):
        segment = segment.rstrip(b"=")
        if len(segment) % 4 == 1:
            segment = segment[:-1]
            defects.append("body: truncated base64 data")
        segment += b"=" * (-len(segment) % 4)
        try:
            out += binascii.a2b_base64(segment)
        except binascii.Error:
            defects.append("body: undecodable base64 data")
    return bytes(out)


def _decode_uu(data: bytes) -> bytes:
    from atiende.channels.mail.parse.attachments import decode_uu_line

    lines = data.decode("latin-1").splitlines()
    if any(line.startswith("begin ") for line in lines):
        lines = lines[next(i for i, line in enumerate(lines) if line.startswith("begin ")) + 1 :]
    out = []
    for line in lines:
        if line.strip() == "end":
            break
        if line.strip():
            out.append(decode_uu_line(line))
    return b"".join(out)


def payload_bytes(part: Message, defects: list[str]) -> bytes:
    """The decoded content of a leaf part; never raises."""
    try:
        data = _raw_payload(part)
    except Exception:
        defects.append("body: unreadable part payload")
        return b""
    encoding = transfer_encoding(part)
    known = {"", "7bit", "8bit", "binary", "7-bit", "8-bit", "quoted-printable", "base64"}
    if encoding not in known and "uu" not in encoding:
        defects.append(f"body: unknown transfer encoding {encoding[:30]!r}")
    try:
        if "base64" in encoding:
            return _decode_base64(data, defects)
        if "uu" in encoding:
            return _decode_uu(data)
        # The stdlib keeps raw 8-bit bytes here (its str payload would replace them).
        raw = part.get_payload(decode=True)
        if isinstance(raw, bytes):
            return raw
    except Exception:
        defects.append(f"body: undecodable {encoding} part")
    return data


def part_charset(part: Message) -> str | None:
    from atiende.channels.mail.parse.attachments import compat_view

    charset = None
    for reader in (compat_view(part), part):
        try:
            charset = reader.get_param("charset")
            break
        except Exception:  # noqa: S112 - try the modern reader
            continue
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return str(charset) if charset else None


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (those ending in a space)."""
    out: list[str] = []
    paragraph = ""
    flowing = False
    depth = 0
    for line in text.split("\n"):
        if line == "-- ":
            if flowing:
                out.append(paragraph)
            out.append(line)
            paragraph, flowing = "", False
            continue
        quote = len(line) - len(line.lstrip(">"))
        content = line[quote:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        soft = content.endswith(" ")
        if soft and delsp:
            content = content[:-1]
        if flowing and quote == depth:
            paragraph += content
        else:
            if flowing:
                out.append(paragraph)
            paragraph = ">" * quote + (" " if quote and content else "") + content
        flowing = soft
        depth = quote
        if not soft:
            out.append(paragraph)
            paragraph = ""
    if flowing:
        out.append(paragraph)
    return "\n".join(out)


def part_text(part: Message, defects: list[str], data: bytes | None = None) -> str:
    """A text part as str: transfer-decoded, charset-decoded, newlines normalised, unflowed."""
    if data is None:
        data = payload_bytes(part, defects)
    text = decode_bytes(data, part_charset(part), defects=defects)
    text = _NEWLINES.sub("\n", text).replace("\x00", "")
    from atiende.channels.mail.parse.attachments import compat_view

    view = compat_view(part)
    flowed = str(view.get_param("format") or "").lower() == "flowed"
    delsp = str(view.get_param("delsp") or "").lower() == "yes"
    if flowed:
        text = _unflow(text, delsp)
    if len(text) > MAX_BODY_CHARS:
        defects.append("body: text truncated")
        text = text[:MAX_BODY_CHARS]
    return text
