"""Bytes to text when the declared charset is missing, misspelt or wrong.

The declared charset wins when it decodes cleanly. Otherwise UTF-8 is tried, then
charset-normalizer guesses (only then: it is the slow step), and as a last resort the
declared charset (or UTF-8) decodes with replacement characters. Nothing here raises.
"""

import codecs
import re

from atiende.channels.mail.parse.limits import MAX_DETECT_BYTES

# Names seen in real mail mapped to the Python codec that decodes what those mailers meant
# (usually a superset: Windows and Microsoft code pages for their ISO/legacy names).
_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "euc-kr": "cp949",
    "euckr": "cp949",
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "chinese": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-8-e": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "iso-8859-11": "cp874",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
    "unicode": "utf-16",
    "macintosh": "mac_roman",
    "x-mac-roman": "mac_roman",
    "ansi_x3.4-1968": "ascii",
    "us-ascii": "ascii",
    "ascii": "ascii",
}
# Labels that say "I don't know": treat as undeclared.
_UNKNOWN = {
    "",
    "unknown",
    "unknown-8bit",
    "x-unknown",
    "x-user-defined",
    "default",
    "charset",
    "none",
    "8bit",
    "binary",
    "_autodetect_all",
    "_autodetect",
    "auto",
}
_SINGLE_BYTE = re.compile(r"^(?:cp12\d\d|iso8859-\d+|koi8.*|mac.*|cp8\d\d|cp437|latin.*|cp874)$")


def _single_byte(codec: str) -> bool:
    return bool(_SINGLE_BYTE.match(codec))


_CLEAN = re.compile(r"[^a-z0-9_.:\-]")


def codec_for(label: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None when unknown or not declared."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = name.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    name = name.split(";", 1)[0].strip()
    name = _CLEAN.sub("", name)
    if name in _UNKNOWN:
        return None
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if info.name in {"rot-13", "base64", "hex", "zlib", "bz2", "quopri", "uu"}:
        return None  # bytes-to-bytes codecs are not charsets
    return info.name


def guess(data: bytes) -> str | None:
    """charset-normalizer's best guess for bytes that are not valid UTF-8, or None."""
    from charset_normalizer import from_bytes

    sample = data[:MAX_DETECT_BYTES]
    try:
        best = from_bytes(sample, cp_exclusion=["utf_7"]).best()
    except Exception:
        return None
    if best is None:
        return None
    return codec_for(best.encoding)


def _valid_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_bytes(
    data: bytes,
    declared: str | None,
    *,
    hint: str | None = None,
    defects: list[str] | None = None,
    where: str = "body",
) -> str:
    """Decode ``data`` that claims to be in ``declared``; ``hint`` is a charset seen elsewhere
    in the message (used for raw 8-bit headers). Records a defect when it had to guess."""
    if not data:
        return ""
    codec = codec_for(declared)
    if codec and _single_byte(codec) and not data.isascii():
        # Valid UTF-8 with multi-byte sequences is practically never Latin text: the label
        # is wrong (a common mislabelling by webmail and scripts).
        text = _valid_utf8(data)
        if text is not None:
            return text
    if codec and codec != "ascii":
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    elif declared and codec is None and defects is not None:
        defects.append(f"{where}: unknown charset {declared.strip()[:40]!r}")
    if data.isascii():
        return data.decode("ascii")
    text = _valid_utf8(data)
    if text is not None:
        return text
    if defects is not None and codec and codec != "ascii":
        defects.append(f"{where}: bytes invalid in declared charset {declared!r}")
    elif defects is not None and codec == "ascii":
        defects.append(f"{where}: 8-bit bytes in a part declared as ASCII")
    # Mostly right in the declared charset (a few broken bytes): keep it.
    if codec and codec != "ascii":
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") * 100 <= len(text):
            return text
    if codec in {None, "utf-8"} and _mostly_utf8(data):
        return data.decode("utf-8", errors="atiende-cp1252-fallback")
    hinted = codec_for(hint)
    if hinted and hinted not in {"ascii", "utf-8"}:
        try:
            return data.decode(hinted)
        except UnicodeDecodeError:
            pass
    # Detection needs material: a few stray bytes are most likely Western European.
    guessed = guess(data) if sum(1 for b in data if b > 127) >= 16 else "cp1252"
    if guessed:
        try:
            return data.decode(guessed)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode(codec or "cp1252", errors="replace")


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


codecs.register_error("atiende-cp1252-fallback", _cp1252_fallback)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with some stray bytes (text spliced from a UTF-8 and a Latin source, or cut)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return multibyte >= 3 and bad <= multibyte * 2
