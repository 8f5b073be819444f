"""``atiende migrate``: apply pending database migrations."""

import sys

from django.utils.translation import gettext as _

from atiende.cli import EXIT_OK
from atiende.core import bootstrap


def run(args) -> int:
    pending = bootstrap.pending_migrations()
    if not pending:
        print(_("The database is up to date: no migration to apply."))
        return EXIT_OK
    print(_("Applying %(count)d database migrations…") % {"count": len(pending)}, flush=True)
    bootstrap.migrate(stdout=sys.stdout, verbosity=1)
    print(_("Done."))
    return EXIT_OK
