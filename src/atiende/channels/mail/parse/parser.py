"""``parse_message``: raw bytes in, :class:`ParsedMessage` out, never an exception (except
:class:`MessageTooLarge`).

The stdlib parser with the modern policy builds the MIME tree (falling back to ``compat32``
if it fails); headers are decoded from their raw values (``headers.py``); the tree is walked
iteratively-bounded (depth and part limits) to pick the text and HTML bodies, collect
attachments and the parts that classification needs.
"""

import functools
import html as html_module
import re
from dataclasses import dataclass, field
from email import policy as email_policy
from email.message import Message
from email.parser import BytesParser

from atiende.channels.mail.parse import attachments as att
from atiende.channels.mail.parse import body, charsets, classify, headers, quotes
from atiende.channels.mail.parse.htmltext import html_to_text
from atiende.channels.mail.parse.limits import (
    MAX_ATTACHMENTS,
    MAX_BODY_CHARS,
    MAX_DEPTH,
    MAX_MESSAGE_BYTES,
    MAX_PARTS,
    MAX_X_HEADERS,
    MessageTooLarge,
)
from atiende.channels.mail.parse.message import Attachment, ParsedMessage

_MBOX_FROM = re.compile(rb"^From [^\r\n]*\r?\n")
_REPORT_TYPES = {
    "message/delivery-status",
    "message/global-delivery-status",
}
_HEADER_TYPES = {"text/rfc822-headers", "message/rfc822-headers", "text/rfc822-header"}
# Parts made of header blocks, which the stdlib parses into sub-messages.
_BLOCK_TYPES = {
    *_REPORT_TYPES,
    *_HEADER_TYPES,
    "message/disposition-notification",
    "message/feedback-report",
    "message/global-disposition-notification",
}
_MESSAGE_TYPES = {"message/rfc822", "message/global", "message/news"}


@dataclass
class _Walk:
    hint: str | None
    defects: list[str]
    # Body pieces in order: ("text", text, "") / ("html", "", html) / ("alt", text, html).
    segments: list[tuple[str, str, str]] = field(default_factory=list)
    attachments: list[tuple[Attachment, bool]] = field(default_factory=list)  # (file, related)
    report: classify.ReportParts = field(default_factory=classify.ReportParts)
    parts: int = 0
    tnef_text: str = ""
    tnef_html: str = ""
    subject: str = ""

    def add_attachment(self, item: Attachment, related: bool = False) -> None:
        if len(self.attachments) >= MAX_ATTACHMENTS:
            if "attachment: too many attachments" not in self.defects:
                self.defects.append("attachment: too many attachments")
            return
        self.attachments.append((item, related))


def parse_message(raw: bytes, *, max_bytes: int | None = None) -> ParsedMessage:
    """Parse one raw message. Raises only :class:`MessageTooLarge`."""
    limit = MAX_MESSAGE_BYTES if max_bytes is None else max_bytes
    if len(raw) > limit:
        raise MessageTooLarge(len(raw), limit)
    result = ParsedMessage(size=len(raw))
    try:
        _parse_into(bytes(raw), result)
    except RecursionError:
        result.defects.append("parser: structure nested too deeply")
    except Exception as exc:
        result.defects.append(f"parser: {type(exc).__name__}: {str(exc)[:200]}")
    return result


_BOUNDARY = re.compile(rb'(boundary\s*=\s*"?)([^";\r\n]+)', re.IGNORECASE)
_CACHED_HEADER_CHARS = 2000


@functools.lru_cache(maxsize=4096)
def _header_object(name: str, value: str):
    return email_policy.default.header_factory(name, value)


class _Policy(email_policy.EmailPolicy):
    """``email.policy.default`` that builds each distinct header object once.

    The stdlib parses a header into its object on every read (``part.get(…)``), and it
    reads the Content-Type of every part a dozen times while building and walking the
    tree; header objects are immutable, so equal (name, value) pairs share one. Only short
    values are kept (bounded memory whatever the mail)."""

    def header_fetch_parse(self, name, value):
        if hasattr(value, "name") or len(value) > _CACHED_HEADER_CHARS:
            return super().header_fetch_parse(name, value)
        return _header_object(name, "".join(email_policy.linesep_splitter.split(value)))


_POLICY = _Policy()


def _unique_boundaries(raw: bytes, defects: list[str]) -> bytes:
    """A nested multipart that reuses its parent's boundary hides the parts after it (a
    trick of malicious mail); rename the inner declaration so the parent keeps them."""
    seen: set[bytes] = set()
    duplicates: list[bytes] = []

    def rename(match: re.Match[bytes]) -> bytes:
        value = match.group(2).strip()
        if value in seen:
            duplicates.append(value)
            return match.group(1) + value + b"-atiende-duplicate"
        seen.add(value)
        return match.group(0)

    fixed = _BOUNDARY.sub(rename, raw)
    if not duplicates:
        return raw
    defects.append("mime: nested multipart reuses its parent's boundary")
    for value in duplicates:
        close = b"--" + value + b"--"
        if fixed.count(close) > 1:
            # The inner part's closing line would end the parent too: make it a separator.
            fixed = fixed.replace(close, b"--" + value, 1)
    return fixed


def _tree(raw: bytes, defects: list[str]) -> Message:
    raw = raw.lstrip(b"\r\n\t ")
    if raw.startswith(b"From "):
        raw = _MBOX_FROM.sub(b"", raw, count=1)  # an mbox separator line
    if raw.count(b"oundary") > 1:
        raw = _unique_boundaries(raw, defects)
    try:
        return BytesParser(policy=_POLICY).parsebytes(raw)
    except Exception as exc:
        defects.append(f"parser: modern policy failed ({type(exc).__name__}), compat32 used")
    return BytesParser(policy=email_policy.compat32).parsebytes(raw)


def _content_type(part: Message) -> str:
    """The part's type, read from the raw header (as the classic parser does: an invalid
    value means text/plain; no header means the default, message/rfc822 in a digest)."""
    raw = headers.raw_get(headers.raw_headers(part), "content-type")
    if raw is None:
        return part.get_default_type()
    value = headers.unfold(raw).split(";", 1)[0].strip().strip("\"'").lower()
    if value.count("/") != 1 or " " in value:
        return "text/plain"
    return value


def _param(part: Message, name: str, header: str = "content-type") -> str:
    for reader in (att.compat_view(part), part):
        try:
            value = reader.get_param(name, header=header)
        except Exception:  # noqa: S112
            continue
        if isinstance(value, tuple):
            value = value[2]
        return str(value) if value else ""
    return ""


def _disposition(part: Message) -> str:
    raw = headers.raw_get(headers.raw_headers(part), "content-disposition")
    if not raw:
        return ""
    return headers.unfold(raw).split(";", 1)[0].strip().strip("\"'").lower()


def _first_text_charset(msg: Message) -> str | None:
    """The charset of the first text part, declared or (for undeclared 8-bit text) detected:
    the best hint for raw 8-bit bytes in headers, which mailers write in the same charset."""
    stack = [msg]
    seen = 0
    while stack and seen < 50:
        part = stack.pop(0)
        seen += 1
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(p for p in payload if isinstance(p, Message))
            continue
        if not _content_type(part).startswith("text/"):
            continue
        charset = body.part_charset(part)
        if charset and charset.lower() not in {"us-ascii", "ascii"}:
            return charset
        data = body.payload_bytes(part, [])
        if not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return charsets.guess(data)
            return "utf-8"
    return None


def _parse_into(raw: bytes, result: ParsedMessage) -> None:
    defects = result.defects
    msg = _tree(raw, defects)
    hint = _first_text_charset(msg)
    raw_list = headers.raw_headers(msg)
    if not raw_list:
        defects.append("header: no headers found")
    _read_headers(raw_list, result, hint)

    walk = _Walk(hint=hint, defects=defects, subject=result.subject)
    _walk_part(msg, 0, walk, related=False)

    text, html = _compose(walk.segments)
    if not html and walk.tnef_html:
        html = walk.tnef_html
    if not text.strip() and not html.strip() and walk.tnef_text:
        text = walk.tnef_text
    if not text.strip() and html.strip():
        text = html_to_text(html)
    result.text = text[:MAX_BODY_CHARS]
    result.html = _sanitise(html) if html.strip() else ""
    result.visible_text = quotes.visible_text(result.text)

    lowered_html = html.lower()
    for item, related in walk.attachments:
        referenced = bool(item.content_id) and f"cid:{item.content_id.lower()}" in lowered_html
        inline = bool(item.content_id) and (referenced or related)
        if inline != item.inline:
            item = Attachment(
                filename=item.filename,
                content_type=item.content_type,
                content=item.content,
                content_id=item.content_id,
                inline=inline,
                sha256=item.sha256,
            )
        result.attachments.append(item)

    result.classification, result.bounce = classify.classify(
        raw_list,
        subject=result.subject,
        from_address=result.from_address,
        from_name=result.from_name,
        to_addresses=[a for _, a in result.to],
        text=result.text,
        parts=walk.report,
    )
    for defect in _stdlib_defects(msg):
        if defect not in defects:
            defects.append(defect)


def _compose(segments: list[tuple[str, str, str]]) -> tuple[str, str]:
    """Text and HTML bodies from the body pieces: inline parts of a multipart/mixed are
    shown one after the other (plain parts turned into HTML and vice versa)."""
    texts = []
    htmls = []
    has_html = any(html.strip() for _, _, html in segments)
    for _kind, text, html in segments:
        if text.strip():
            texts.append(text.strip("\n"))
        elif html.strip():
            texts.append(html_to_text(html))
        if has_html:
            if html.strip():
                htmls.append(html)
            elif text.strip():
                escaped = html_module.escape(text.strip("\n")).replace("\n", "<br>\n")
                htmls.append(f"<div>{escaped}</div>")
    return "\n\n".join(t for t in texts if t.strip()), "\n".join(htmls)


def _sanitise(html: str) -> str:
    from atiende.core.html import sanitise

    try:
        return sanitise(html)
    except Exception:
        return ""


def _stdlib_defects(msg: Message) -> list[str]:
    found = []
    stack = [(msg, 0)]
    while stack and len(found) < 20:
        part, depth = stack.pop()
        for defect in getattr(part, "defects", []) or []:
            found.append(f"mime: {type(defect).__name__}")
        payload = part.get_payload() if depth < MAX_DEPTH else None
        if isinstance(payload, list):
            stack.extend((p, depth + 1) for p in payload[:MAX_PARTS] if isinstance(p, Message))
    return sorted(set(found))


def _read_headers(raw_list: list[tuple[str, str]], result: ParsedMessage, hint: str | None) -> None:
    defects = result.defects
    get = lambda name: headers.raw_get(raw_list, name)  # noqa: E731
    result.message_id = headers.parse_message_id(get("message-id"))
    result.in_reply_to = headers.parse_in_reply_to(get("in-reply-to"))
    result.references = headers.parse_message_ids(
        " ".join(headers.raw_get_all(raw_list, "references"))
    )
    result.subject = headers.decode_header(get("subject"), hint, defects)
    senders = headers.parse_addresses(get("from"), hint, defects)
    if not senders and get("sender"):
        senders = headers.parse_addresses(get("sender"), hint, defects)
    with_address = [s for s in senders if "@" in s[1]] or senders
    if with_address:
        result.from_name, result.from_address = with_address[0]
    sender = headers.parse_addresses(get("sender"), hint)
    if sender and sender[0][1].lower() != result.from_address.lower():
        result.sender = sender[0][1]
    result.reply_to = headers.parse_addresses(get("reply-to"), hint, defects)
    result.to = _address_lists(headers.raw_get_all(raw_list, "to"), hint, defects)
    result.cc = _address_lists(headers.raw_get_all(raw_list, "cc"), hint, defects)
    result.date = headers.parse_date(get("date"), defects)
    result.auto_submitted = headers.decode_header(get("auto-submitted"))
    result.precedence = headers.decode_header(get("precedence")).lower()
    result.list_id = headers.decode_header(get("list-id"), hint)
    return_path = get("return-path")
    if return_path is not None:
        found = headers.parse_addresses(return_path)
        result.return_path = found[0][1] if found and "@" in found[0][1] else ""
    for name, value in raw_list:
        key = name.lower()
        if key.startswith("x-") and key not in result.x_headers:
            if len(result.x_headers) >= MAX_X_HEADERS:
                break
            result.x_headers[key] = headers.decode_header(value, hint)


def _address_lists(
    values: list[str], hint: str | None, defects: list[str]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for value in values:
        found.extend(headers.parse_addresses(value, hint, defects))
    return found


# --- the MIME walk -------------------------------------------------------------------------------


def _children(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def _walk_part(part: Message, depth: int, walk: _Walk, *, related: bool) -> None:
    walk.parts += 1
    if walk.parts > MAX_PARTS:
        if "mime: too many parts" not in walk.defects:
            walk.defects.append("mime: too many parts")
        return
    if depth > MAX_DEPTH:
        if "mime: nested too deeply" not in walk.defects:
            walk.defects.append("mime: nested too deeply")
        return
    ctype = _content_type(part)
    if ctype in _BLOCK_TYPES:
        _walk_leaf(part, ctype, walk, related=related)
        return
    if part.is_multipart() and ctype not in _MESSAGE_TYPES:
        _walk_multipart(part, ctype, depth, walk)
        return
    if ctype in _MESSAGE_TYPES or (ctype.startswith("message/") and part.is_multipart()):
        _attach_message(part, ctype, walk)
        return
    _walk_leaf(part, ctype, walk, related=related)


def _walk_multipart(part: Message, ctype: str, depth: int, walk: _Walk) -> None:
    children = _children(part)
    subtype = ctype.split("/", 1)[1] if "/" in ctype else "mixed"
    if not children:
        walk.defects.append(f"mime: {ctype} without parts")
        return
    if subtype == "alternative":
        _walk_alternative(children, depth, walk)
        return
    if subtype == "related":
        start = _param(part, "start").strip("<>")
        root = children[0]
        if start:
            for child in children:
                if att.content_id(child) == start:
                    root = child
                    break
        _walk_part(root, depth + 1, walk, related=False)
        for child in children:
            if child is not root:
                _walk_part(child, depth + 1, walk, related=True)
        return
    if subtype == "report":
        walk.report.report_type = _param(part, "report-type").lower()
    if subtype == "signed":
        # The signed content is the message; the detached signature is not for people.
        _walk_part(children[0], depth + 1, walk, related=False)
        for child in children[1:]:
            if not _content_type(child).endswith(("-signature", "pkcs7-signature")):
                _walk_part(child, depth + 1, walk, related=False)
        return
    if subtype == "encrypted":
        walk.defects.append("mime: encrypted content (kept as attachments)")
        for child in children:
            _attach_leaf(child, _content_type(child), walk)
        return
    for child in children:
        _walk_part(child, depth + 1, walk, related=False)


def _walk_alternative(children: list[Message], depth: int, walk: _Walk) -> None:
    """Keep one text and one HTML version: the first plain part and the last HTML one;
    attachments of every branch are kept."""
    branches = []
    for child in children:
        branch = _Walk(hint=walk.hint, defects=walk.defects, subject=walk.subject)
        branch.parts = walk.parts
        branch.report = walk.report
        _walk_part(child, depth + 1, branch, related=False)
        walk.parts = branch.parts
        branches.append(branch)
    text = ""
    html = ""
    for branch in branches:
        branch_text, branch_html = _compose(branch.segments)
        if not text.strip() and branch_text.strip() and not branch_html.strip():
            text = branch_text
        if branch_html.strip():
            html = branch_html
    if not text.strip() and html.strip():
        text = html_to_text(html)
    if text.strip() or html.strip():
        walk.segments.append(("alt", text, html))
    for branch in branches:
        for item, related in branch.attachments:
            walk.add_attachment(item, related)
        walk.tnef_text = walk.tnef_text or branch.tnef_text
        walk.tnef_html = walk.tnef_html or branch.tnef_html


def _walk_leaf(part: Message, ctype: str, walk: _Walk, *, related: bool) -> None:
    disposition = _disposition(part)
    filename = att.part_filename(part, walk.hint)
    if ctype in _REPORT_TYPES:
        text = _header_blocks_text(part, walk.defects)
        walk.report.delivery_status.append(text)
        _attach_bytes(part, ctype, text.encode("utf-8"), walk, filename, related)
        return
    if ctype in _BLOCK_TYPES:
        walk.report.feedback = walk.report.feedback or ctype == "message/feedback-report"
        walk.report.disposition = walk.report.disposition or "disposition" in ctype
    if ctype in _BLOCK_TYPES:
        text = _header_blocks_text(part, walk.defects)
        if ctype in _HEADER_TYPES:
            walk.report.original_header_texts.append(text)
        _attach_bytes(part, ctype, text.encode("utf-8"), walk, filename, related)
        return
    is_body_type = ctype in {"text/plain", "text/html"}
    if ctype.startswith("multipart/"):
        # A multipart whose boundary is missing or never used: its content is text.
        walk.defects.append(f"mime: {ctype} without usable boundary, read as text")
        ctype, is_body_type, filename = "text/plain", True, ""
    body_candidate = (
        is_body_type
        and disposition != "attachment"
        and (not filename or (disposition == "inline" and not walk.segments))
    )
    if body_candidate and not related:
        data = body.payload_bytes(part, walk.defects)
        text = body.part_text(part, walk.defects, data)
        if ctype == "text/html":
            walk.segments.append(("html", "", text))
        else:
            if _escaped_html(text):
                # Some generators put HTML markup and character references in text/plain.
                text = html_to_text(text)
            text, files = att.extract_uuencoded(text)
            for item in files:
                walk.add_attachment(item)
            walk.segments.append(("text", text, ""))
        return
    if ctype in att.TNEF_TYPES or filename.lower() == "winmail.dat":
        data = body.payload_bytes(part, walk.defects)
        unpacked = att.unpack_tnef(data, walk.defects)
        if unpacked is not None:
            files, text, html = unpacked
            for item in files:
                walk.add_attachment(item)
            walk.tnef_text = walk.tnef_text or text
            walk.tnef_html = walk.tnef_html or html
            return
    _attach_leaf(part, ctype, walk, related=related, filename=filename)


_HTML_MARKS = re.compile(r"<br\s*/?>|</?p>|&#x?[0-9a-f]+;|&[a-z]{2,6};", re.IGNORECASE)


def _escaped_html(text: str) -> bool:
    marks = len(_HTML_MARKS.findall(text[:20000]))
    return marks >= 10 and marks * 20 >= len(text[:20000].split())


def _header_blocks_text(part: Message, defects: list[str]) -> str:
    """The text of a part made of header blocks (delivery-status, rfc822-headers), which the
    stdlib parses into sub-messages; rebuilt as "Name: value" lines, blocks apart."""
    blocks = _children(part)
    if not blocks:
        return body.part_text(part, defects)
    texts = []
    for block in blocks:
        lines = [f"{name}: {headers.unfold(value)}" for name, value in headers.raw_headers(block)]
        texts.append("\n".join(lines))
    return "\n\n".join(texts)


def _attach_leaf(
    part: Message, ctype: str, walk: _Walk, *, related: bool = False, filename: str | None = None
) -> None:
    if part.is_multipart():
        for child in _children(part):
            _attach_leaf(child, _content_type(child), walk, related=related)
        return
    if filename is None:
        filename = att.part_filename(part, walk.hint)
    data = body.payload_bytes(part, walk.defects)
    _attach_bytes(part, ctype, data, walk, filename, related)


def _attach_bytes(
    part: Message, ctype: str, data: bytes, walk: _Walk, filename: str, related: bool
) -> None:
    name = filename or att.synthesise_name(ctype, len(walk.attachments) + 1, walk.subject)
    walk.add_attachment(
        att.make_attachment(name, ctype, data, cid=att.content_id(part)), related=related
    )


def _attach_message(part: Message, ctype: str, walk: _Walk) -> None:
    """An attached message: kept whole as a ``.eml`` file; its headers feed bounce detection."""
    inner = _children(part)
    data = b""
    subject = ""
    if inner:
        message = inner[0]
        inner_headers = headers.raw_headers(message)
        walk.report.original_headers.append(inner_headers)
        subject = headers.decode_header(headers.raw_get(inner_headers, "subject"), walk.hint)
        for generator in (
            lambda: message.as_bytes(policy=email_policy.compat32),
            lambda: message.as_bytes(),
        ):
            try:
                data = generator()
                break
            except Exception:  # noqa: S112
                continue
        else:
            walk.defects.append("attachment: attached message could not be serialised")
    else:
        data = body.payload_bytes(part, walk.defects)
    filename = att.part_filename(part, walk.hint) or att.synthesise_name(
        "message/rfc822", 0, subject
    )
    walk.add_attachment(att.make_attachment(filename, ctype, data, cid=att.content_id(part)))
