"""Accepting uploaded files: size limit, type sniffed from the content, safe serving."""

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from atiende.core.errors import ActionError

# Images a browser may show inline; everything else is served as a download.
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# Types whose claimed extension must match the sniffed content.
_EXTENSION_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
_TEXT_EXTENSIONS = {"txt", "log", "csv", "json", "xml", "eml", "md"}


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content: bytes
    content_type: str
    sha256: str

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.sha256)


def _clean_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return name[:255] or "attachment"


def check_upload(upload: Upload) -> CheckedUpload:
    """Refuse oversize or disguised files; the type comes from the bytes, never the client."""
    name = _clean_name(upload.filename)
    limit = settings.ATIENDE_ATTACHMENT_MAX_BYTES
    if len(upload.content) > limit:
        raise ActionError(
            _("“%(name)s” is %(size)s bytes; attachments may be at most %(limit)s bytes.")
            % {"name": name, "size": len(upload.content), "limit": limit},
            code="attachment_too_large",
            field="attachments",
        )
    if not upload.content:
        raise ActionError(
            _("“%(name)s” is empty: attach a file with content.") % {"name": name},
            code="attachment_empty",
            field="attachments",
        )
    guess = filetype.guess(upload.content)
    sniffed = guess.mime if guess else None
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = _EXTENSION_TYPES.get(extension)
    if claimed and sniffed != claimed:
        raise ActionError(
            _(
                "“%(name)s” is named like a %(claimed)s file but its content is %(actual)s: "
                "rename it to match its content or attach the real file."
            )
            % {"name": name, "claimed": claimed, "actual": sniffed or _("not recognised")},
            code="attachment_disguised",
            field="attachments",
        )
    if extension in _TEXT_EXTENSIONS and sniffed is not None:
        raise ActionError(
            _("“%(name)s” is named like a text file but its content is %(actual)s.")
            % {"name": name, "actual": sniffed},
            code="attachment_disguised",
            field="attachments",
        )
    content_type = sniffed or (
        "text/plain" if _looks_like_text(upload.content) else "application/octet-stream"
    )
    return CheckedUpload(
        filename=name,
        content=upload.content,
        content_type=content_type,
        sha256=hashlib.sha256(upload.content).hexdigest(),
    )


def _looks_like_text(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_inline_image(content_type: str) -> bool:
    return content_type in INLINE_IMAGE_TYPES
