"""Header decoding that survives what real mailers send.

Raw header values come from ``Message.raw_items()`` (never the modern policy's lazily parsed
header objects, whose parsing can raise) and are decoded here: raw 8-bit bytes, RFC 2047
encoded-words in any charset (split multi-byte characters, unknown or misspelt charsets,
bad padding), address lists (the modern ``email.headerregistry`` parser first, the classic
``email.utils.getaddresses`` and a plain pattern search as fallbacks), Message-IDs and dates.
"""

import binascii
import email.utils
import re
from datetime import UTC, datetime
from email import policy
from email.message import Message

from atiende.channels.mail.parse.charsets import decode_bytes
from atiende.channels.mail.parse.limits import MAX_ADDRESSES, MAX_HEADER_CHARS, MAX_REFERENCES

_FOLD = re.compile(r"\r?\n(?=[ \t])")
_NEWLINES = re.compile(r"[\r\n]+")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?(.*?)\?=", re.DOTALL)
_QP_BYTE = re.compile(rb"=([0-9A-Fa-f]{2})")
_ADDRESS_LIKE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PLAUSIBLE = re.compile(r'^(?:"[^"]*"|[^\s<>()\[\],;:"]+)@[^\s<>()\[\],;:@"]+$')
_MSGID_BRACKETED = re.compile(r"<([^<>\s]+)>")
_MSGID_BARE = re.compile(r"[^\s<>,;\"()]+@[^\s<>,;\"()]+")


def raw_headers(msg: Message) -> list[tuple[str, str]]:
    """All (name, raw value) pairs, in order. Never raises."""
    try:
        return [(str(k), str(v)) for k, v in msg.raw_items()]
    except Exception:
        return []


def raw_get(headers: list[tuple[str, str]], name: str) -> str | None:
    """The first raw value of header ``name`` (case-insensitive), or None."""
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


def raw_get_all(headers: list[tuple[str, str]], name: str) -> list[str]:
    wanted = name.lower()
    return [value for key, value in headers if key.lower() == wanted]


def unfold(value: str) -> str:
    return _NEWLINES.sub(" ", _FOLD.sub("", value)).strip()


def has_raw_8bit(value: str) -> bool:
    """The bytes parser keeps raw non-ASCII header bytes as lone surrogates."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def raw_8bit_to_text(value: str, hint: str | None = None) -> str:
    """Turn surrogate-escaped raw bytes back into text (UTF-8, else the hint, else a guess)."""
    if not has_raw_8bit(value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    return decode_bytes(data, None, hint=hint)


def _decode_word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "bB":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        cleaned = cleaned[: len(cleaned) - len(cleaned) % 4 if len(cleaned) % 4 == 1 else None]
        cleaned += "=" * (-len(cleaned) % 4)
        try:
            return binascii.a2b_base64(cleaned)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    data = payload.replace("_", " ").encode("utf-8", "surrogateescape")
    return _QP_BYTE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def decode_words(value: str, hint: str | None = None, defects: list[str] | None = None) -> str:
    """Decode RFC 2047 encoded-words anywhere in ``value`` (also inside quotes and words,
    where the RFC forbids them but mailers put them). Adjacent words of the same charset are
    joined as bytes first, so a multi-byte character split across two words survives."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: list[bytes] = []
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending:
            out.append(
                decode_bytes(
                    b"".join(pending), pending_charset, hint=hint, defects=defects, where="header"
                )
            )
        pending = []
        pending_charset = None

    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if between.strip() or not pending:
            flush()
            out.append(between)
        charset = match.group(1).split("*", 1)[0].lower()
        data = _decode_word_bytes(match.group(2), match.group(3))
        if pending and charset != pending_charset:
            flush()
        pending.append(data)
        pending_charset = charset
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def clean_text(value: str, *, single_line: bool = True) -> str:
    value = _CONTROL.sub("", value.replace("\x00", ""))
    if single_line:
        value = _SPACE.sub(" ", value).strip()
    return value[:MAX_HEADER_CHARS]


def decode_header(
    raw: str | None, hint: str | None = None, defects: list[str] | None = None
) -> str:
    """A header value as one line of text: unfolded, decoded, whitespace collapsed."""
    if raw is None:
        return ""
    value = raw_8bit_to_text(unfold(raw), hint)
    return clean_text(decode_words(value, hint, defects))


# --- addresses -----------------------------------------------------------------------------


def _fix_name(name: str, hint: str | None) -> str:
    if has_raw_8bit(name):
        name = raw_8bit_to_text(name, hint)
    if "=?" in name:
        name = decode_words(name, hint)
    name = clean_text(name)
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1].strip()
    return name


def _fix_address(address: str) -> str:
    return clean_text(address).strip("<>' ")


_COMMENT = re.compile(r"\s*\([^()]*\)")


def _without_comment(name: str, raw: str) -> str:
    """``MAILER-DAEMON (Mail Delivery System) <…>``: the comment is not part of the name,
    unless it is all there is (``user@example.com (Name)``) or it was quoted."""
    if "(" not in name or '"' in raw:
        return name
    stripped = _COMMENT.sub("", name).strip()
    return stripped or name.strip("() ")


def _modern_addresses(value: str) -> list[tuple[str, str]] | None:
    try:
        header = policy.default.header_factory("to", value)
        result = [(a.display_name or "", a.addr_spec or "") for a in header.addresses]
    except Exception:
        return None
    return result


def _protect_words(value: str) -> tuple[str, dict[str, str]]:
    """Replace encoded-words by inert atoms so that commas, quotes or brackets inside them
    (which mailers put there, against RFC 2047) cannot split an address."""
    words: dict[str, str] = {}

    def stash(match: re.Match[str]) -> str:
        token = f"ENCWORD{len(words)}X"
        words[token] = match.group(0)
        return token

    return _ENCODED_WORD.sub(stash, value), words


def _restore_words(text: str, words: dict[str, str]) -> str:
    for token, word in words.items():
        text = text.replace(token, word)
    return text


def _classic_addresses(value: str) -> list[tuple[str, str]]:
    protected, words = _protect_words(value)
    pairs = email.utils.getaddresses([protected])
    result: list[tuple[str, str]] = []
    pending: list[str] = []
    for name, address in pairs:
        name, address = _restore_words(name, words), _restore_words(address, words)
        if address and "@" not in address and not name and len(pairs) > 1:
            pending.append(address)  # "Doe, John <j@x>" split at the unquoted comma
            continue
        if pending and "@" in address:
            name = ", ".join([*pending, name] if name else pending)
        pending = []
        result.append((name, address))
    return result


def _bracketed(value: str) -> dict[str, str]:
    """Addresses inside <…>, keyed without spaces: getaddresses drops inner spaces."""
    found = {}
    for match in re.finditer(r"<([^<>]*@[^<>]*)>", value):
        inner = match.group(1).strip()
        found[inner.replace(" ", "").lower()] = inner
    return found


def parse_addresses(
    raw: str | None, hint: str | None = None, defects: list[str] | None = None
) -> list[tuple[str, str]]:
    """An address-list header as [(display name, address)], decoded; junk skipped.

    The classic parser runs on the raw value (encoded-words protected), then names are
    decoded here, which gets RFC 2047 whitespace rules right; the modern header parser is
    the fallback when the classic one finds no address."""
    if raw is None:
        return []
    value = raw_8bit_to_text(unfold(raw), hint)
    value = value.replace("\x00", "")
    if not value.strip():
        return []
    found = _classic_addresses(value)
    if not any("@" in address for _, address in found) and len(value) <= 16 * 1024:
        modern = _modern_addresses(value)
        if modern and any("@" in address for _, address in modern):
            found = modern
    bracketed = _bracketed(value)
    result: list[tuple[str, str]] = []
    for name, address in found:
        key = address.replace(" ", "").lower()
        address = _fix_address(bracketed.get(key, address))
        name = _fix_name(_without_comment(name, value), hint)
        if key not in bracketed and not _PLAUSIBLE.match(address):
            # Junk around an address ('"junk>> user@example.com ;;;'): keep the address.
            inner = _ADDRESS_LIKE.search(address)
            if inner:
                address = inner.group(0)
        if " " in address and '"' not in address and key not in bracketed:
            # "Test test@example.com": the last word with an @ is the address.
            words = address.split()
            at = [w for w in words if "@" in w]
            if at:
                address = at[-1]
                name = name or " ".join(w for w in words if w != address)
        if "@" not in address:
            # The address may hide in the name ("user@example.com" <>, or junk around it).
            match = _ADDRESS_LIKE.search(name)
            if not match:
                if name and not address:
                    result.append((name, ""))  # "MAILER-DAEMON <>": a name, no address
                continue  # "To: xxx", "undisclosed-recipients:;" – no address at all
            address, name = match.group(0), name.replace(match.group(0), "").strip(" <>\"'")
        if address.lower() == name.lower():
            name = ""
        result.append((name, address))
        if len(result) >= MAX_ADDRESSES:
            if defects is not None:
                defects.append("header: too many addresses, list truncated")
            break
    if not result and "@" in value:
        # Nothing usable: fall back to anything that looks like an address.
        plain = [("", m.group(0)) for m in _ADDRESS_LIKE.finditer(decode_words(value, hint))]
        if plain:
            if defects is not None:
                defects.append("header: unparseable address list, addresses extracted")
            return plain[:MAX_ADDRESSES]
    return result


# --- Message-IDs and dates -------------------------------------------------------------------


def parse_message_id(raw: str | None) -> str:
    """The Message-ID without <> (the first one when several), or ""."""
    ids = parse_message_ids(raw)
    return ids[0] if ids else ""


def parse_in_reply_to(raw: str | None) -> str:
    """The parent's Message-ID. Old mailers wrote ``Message from Name <addr> of DATE <id>``:
    when words surround the ids, the last one is the Message-ID."""
    ids = parse_message_ids(raw)
    if not ids:
        return ""
    outside = _MSGID_BRACKETED.sub("", unfold(raw or "")).strip()
    return ids[-1] if outside else ids[0]


def parse_message_ids(raw: str | None) -> list[str]:
    """All Message-IDs of a References / In-Reply-To value, without <>, in order, unique."""
    if not raw:
        return []
    value = unfold(raw)
    if has_raw_8bit(value):
        value = raw_8bit_to_text(value)
    ids = _MSGID_BRACKETED.findall(value)
    if not ids:
        ids = _MSGID_BARE.findall(value)
        if not ids:
            token = value.strip().strip("<>").split()
            ids = token[:1] if token and len(token) == 1 else []
    seen: set[str] = set()
    unique = []
    for item in ids:
        item = item.strip()[:998]
        if item and item not in seen:
            seen.add(item)
            unique.append(item)
    return unique[-MAX_REFERENCES:]


_DATE_JUNK = re.compile(r"\s*\([^)]*\)\s*$")


def parse_date(raw: str | None, defects: list[str] | None = None) -> datetime | None:
    """An aware datetime (UTC when the zone is missing or -0000), or None."""
    if not raw:
        return None
    value = unfold(raw_8bit_to_text(raw))
    for candidate in (value, _DATE_JUNK.sub("", value), value.replace(".", ":")):
        try:
            parsed = email.utils.parsedate_to_datetime(candidate)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if parsed is None:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        if 1970 <= parsed.year <= 2200:
            return parsed
    if defects is not None:
        defects.append("header: unparseable Date")
    return None
