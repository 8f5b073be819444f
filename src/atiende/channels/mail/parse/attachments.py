"""Attachment names and contents: RFC 2231 and encoded-word filenames, content ids, TNEF
(``winmail.dat``) unpacking and uuencoded blocks inside plain-text bodies."""

import binascii
import hashlib
import logging
import mimetypes
import re
from email import policy as email_policy
from email.message import Message

from atiende.channels.mail.parse.headers import (
    clean_text,
    decode_words,
    has_raw_8bit,
    raw_8bit_to_text,
    raw_get,
    raw_headers,
    unfold,
)
from atiende.channels.mail.parse.message import Attachment

_PATH_SEPARATORS = re.compile(r"[\\/]")
_UU_BLOCK = re.compile(
    r"^begin(?:-base64)? [0-7]{3,4} ([^\r\n]+)\r?\n(.*?)^end[ \t]*(?:\r?\n|\Z)",
    re.MULTILINE | re.DOTALL,
)
_FILENAME_FALLBACK = re.compile(r"""(?:file)?name\*?\s*=\s*("[^"]*"|[^;\s]+)""", re.IGNORECASE)

TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}


def compat_view(part: Message) -> Message:
    """The part's headers in a classic ``compat32`` message (plain strings, lenient
    parameter parsing), for when the modern policy chokes on a header."""
    view = Message(policy=email_policy.compat32)
    for name, value in raw_headers(part):
        view[name] = value
    return view


def clean_filename(name: str, hint: str | None = None) -> str:
    """A safe display name: decoded, no directory part, no control characters."""
    if has_raw_8bit(name):
        name = raw_8bit_to_text(name, hint)
    if "=?" in name:
        name = decode_words(name, hint)
    name = clean_text(name.replace("\x00", ""))
    name = _PATH_SEPARATORS.split(name)[-1].strip().strip("\"'")
    if name in {".", ".."}:
        name = ""
    return name[:255]


def part_filename(part: Message, hint: str | None = None) -> str:
    """The filename of a part from Content-Disposition or Content-Type ``name`` ("" if none)."""
    name: str | None = None
    raw_list = raw_headers(part)
    getters = [lambda: compat_view(part).get_filename(), lambda: part.get_filename()]
    if any(has_raw_8bit(v) for k, v in raw_list if k.lower().startswith("content-")):
        getters.reverse()  # the classic reader replaces raw 8-bit bytes; the modern keeps them
    for getter in getters:
        try:
            name = getter()
        except Exception:  # noqa: S112 - try the next, more lenient reader
            continue
        if name:
            break
    if not name:
        for header in ("content-disposition", "content-type"):
            raw = raw_get(raw_headers(part), header)
            if raw:
                match = _FILENAME_FALLBACK.search(unfold(raw))
                if match:
                    name = match.group(1)
                    break
    if not name:
        return ""
    if isinstance(name, tuple):  # an undecodable RFC 2231 value: (charset, language, value)
        name = name[2]
    name = str(name)
    # An unquoted name with spaces ("name=This is a test.txt") is cut at the first space.
    for header in ("content-disposition", "content-type"):
        raw = raw_get(raw_headers(part), header)
        unquoted = re.search(r"""(?:file)?name\s*=\s*([^"';\s][^;"]*)""", unfold(raw or ""), re.I)
        if unquoted and unquoted.group(1).strip().startswith(name + " "):
            name = unquoted.group(1).strip()
            break
    return clean_filename(name, hint)


def content_id(part: Message) -> str:
    raw = raw_get(raw_headers(part), "content-id")
    if not raw:
        return ""
    return clean_text(unfold(raw)).strip().strip("<>").strip()[:250]


def synthesise_name(content_type: str, index: int, subject: str = "") -> str:
    """A name for a nameless part: ``<subject>.eml`` for messages, else ``attachment-N.ext``."""
    if content_type in {"message/rfc822", "message/global"}:
        base = re.sub(r"[^\w .,()&+-]", "", subject).strip()[:80]
        return f"{base or 'message'}.eml"
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    return f"attachment-{index}{extension}"


_EXTENSIONS = {
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "message/delivery-status": ".txt",
    "message/global-delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "message/feedback-report": ".txt",
    "text/rfc822-headers": ".txt",
    "message/rfc822-headers": ".txt",
    "image/jpeg": ".jpg",
    "application/octet-stream": ".bin",
}


def make_attachment(
    filename: str,
    content_type: str,
    content: bytes,
    *,
    cid: str = "",
    inline: bool = False,
) -> Attachment:
    return Attachment(
        filename=filename,
        content_type=content_type,
        content=content,
        content_id=cid,
        inline=inline,
        sha256=hashlib.sha256(content).hexdigest(),
    )


# --- TNEF ------------------------------------------------------------------------------------


def unpack_tnef(data: bytes, defects: list[str]) -> tuple[list[Attachment], str, str] | None:
    """Attachments, plain body and HTML body of a ``winmail.dat``; None when it is not TNEF
    (the caller then keeps the file as it is)."""
    from tnefparse import TNEF

    logging.getLogger("tnefparse").setLevel(logging.ERROR)
    try:
        tnef = TNEF(data)
    except Exception:
        defects.append("attachment: undecodable TNEF (winmail.dat kept as is)")
        return None
    attachments = []
    for index, item in enumerate(tnef.attachments, start=1):
        try:
            name = item.long_filename() or item.name or ""
        except Exception:
            name = getattr(item, "name", "") or ""
        if isinstance(name, bytes):
            name = name.decode("cp1252", "replace")
        content = item.data if isinstance(item.data, bytes) else b""
        name = clean_filename(str(name)) or f"attachment-{index}.bin"
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachments.append(make_attachment(name, guessed, content))
    text = ""
    html = ""
    body = getattr(tnef, "body", None)
    if isinstance(body, bytes):
        text = body.decode("cp1252", "replace")
    elif isinstance(body, str):
        text = body
    htmlbody = getattr(tnef, "htmlbody", None)
    if isinstance(htmlbody, bytes):
        html = htmlbody.decode("utf-8", "replace")
    elif isinstance(htmlbody, str):
        html = htmlbody
    return attachments, text.replace("\x00", ""), html.replace("\x00", "")


# --- uuencoded blocks in text bodies -------------------------------------------------------------


def decode_uu_line(line: str) -> bytes:
    data = line.encode("latin-1", "replace")
    try:
        return binascii.a2b_uu(data)
    except binascii.Error:
        # Some encoders pad lines too much; decode only the bytes the length byte promises.
        count = ((data[0] - 32) & 63) * 4 + 5
        try:
            return binascii.a2b_uu(data[: count // 3])
        except binascii.Error:
            return b""


def extract_uuencoded(text: str) -> tuple[str, list[Attachment]]:
    """Cut ``begin 644 name … end`` blocks out of a text body and return them as files."""
    if "begin " not in text:
        return text, []
    attachments = []

    def replace(match: re.Match[str]) -> str:
        name = clean_filename(match.group(1).strip()) or "attachment.bin"
        content = b"".join(decode_uu_line(line) for line in match.group(2).splitlines() if line)
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachments.append(make_attachment(name, guessed, content))
        return ""

    return _UU_BLOCK.sub(replace, text), attachments
