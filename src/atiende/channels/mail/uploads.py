"""Mail attachments as ticket uploads, without ever losing the message over a file.

Each file goes through :func:`atiende.tickets.attachments.check_upload`. A file it refuses
as disguised (named ``.pdf`` but HTML inside, …) is stored under its name plus ``.bin``: the
type is then taken from its content and it is only ever served as a download. A file that
is empty or over ``ATIENDE_ATTACHMENT_MAX_BYTES`` is not stored; the reason is written in an
internal note on the ticket, and the whole message stays in the inbound store.
"""

from collections.abc import Iterable

from atiende.core.errors import ActionError
from atiende.tickets.attachments import Upload, check_upload

DISGUISED_SUFFIX = ".bin"


def prepare(files: Iterable[tuple[str, bytes]]) -> tuple[list[Upload], list[str]]:
    """(uploads that will be accepted, one sentence per file changed or left out)."""
    accepted: list[Upload] = []
    problems: list[str] = []
    for name, content in files:
        upload = Upload(filename=name or "attachment", content=content)
        try:
            check_upload(upload)
        except ActionError as exc:
            if exc.code != "attachment_disguised":
                problems.append(exc.message)
                continue
            renamed = Upload(filename=f"{upload.filename}{DISGUISED_SUFFIX}", content=content)
            try:
                check_upload(renamed)
            except ActionError as again:
                problems.append(again.message)
                continue
            problems.append(f"{exc.message} → {renamed.filename}")
            upload = renamed
        accepted.append(upload)
    return accepted, problems
