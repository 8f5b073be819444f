"""``atiende migrate``: apply pending database migrations."""

import sys

from django.utils.translation import gettext as _

from atiende.cli import EXIT_OK
from atiende.core import bootstrap
from atiende.core.bootstrap import applying_message


def run(args) -> int:
    pending = bootstrap.pending_migrations()
    if not pending:
        print(_("The database is up to date: no migration to apply."))
        return EXIT_OK
    print(applying_message(len(pending)), flush=True)
    bootstrap.migrate(stdout=sys.stdout, verbosity=1)
    print(_("Done."))
    return EXIT_OK
