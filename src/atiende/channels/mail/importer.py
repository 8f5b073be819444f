"""Sources for ``atiende mail import``: a Maildir, an mbox file, a folder of ``.eml`` files
or one ``.eml`` file. Each yields (key, raw bytes) in a stable order; storing them is the
intake's business (a message imported twice is stored once)."""

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _


class ImportSourceError(Exception):
    """PATH is not something messages can be read from."""


@dataclass
class Source:
    path: Path
    kind: str  # maildir | mbox | folder | file

    def keys(self) -> list[str]:
        if self.kind == "maildir":
            box = mailbox.Maildir(self.path, factory=None, create=False)
            return sorted(box.iterkeys())
        if self.kind == "mbox":
            box = mailbox.mbox(self.path, factory=None, create=False)
            try:
                return [str(key) for key in box.iterkeys()]
            finally:
                box.close()
        if self.kind == "folder":
            return sorted(
                str(item.relative_to(self.path))
                for item in self.path.rglob("*")
                if item.is_file() and item.suffix.lower() == ".eml"
            )
        return [self.path.name]

    def count(self) -> int:
        return len(self.keys())

    def messages(self) -> Iterator[tuple[str, bytes]]:
        if self.kind == "maildir":
            box = mailbox.Maildir(self.path, factory=None, create=False)
            for key in sorted(box.iterkeys()):
                yield key, box.get_bytes(key)
        elif self.kind == "mbox":
            box = mailbox.mbox(self.path, factory=None, create=False)
            try:
                for key in box.iterkeys():
                    yield str(key), box.get_bytes(key)
            finally:
                box.close()
        elif self.kind == "folder":
            for key in self.keys():
                yield key, (self.path / key).read_bytes()
        else:
            yield self.path.name, self.path.read_bytes()


def open_source(path: Path) -> Source:
    if not path.exists():
        raise ImportSourceError(_("%(path)s does not exist.") % {"path": path})
    if path.is_dir():
        if all((path / name).is_dir() for name in ("cur", "new")):
            return Source(path, "maildir")
        return Source(path, "folder")
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise ImportSourceError(
            _("%(path)s cannot be read: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None
    if head == b"From ":
        return Source(path, "mbox")
    if not head:
        raise ImportSourceError(_("%(path)s is empty.") % {"path": path})
    return Source(path, "file")
