"""Periodic mail work (see :mod:`atiende.core.scheduler`): poll the IMAP mailboxes that are
due (``ATIENDE_MAIL_POLL_SECONDS``, read at each run) and process messages a crash left
stored but unprocessed. Thin wrappers: the work is in :mod:`imap` and :mod:`actions`."""

import logging
from datetime import timedelta

from django.conf import settings
from django_tasks import task

from atiende import clock
from atiende.channels.mail import actions, imap
from atiende.core.scheduler import periodic

log = logging.getLogger("atiende.mail")

#: Messages read per mailbox and run: keeps a run well under the worker's task time limit.
PER_RUN = 500


def poll_due_mailboxes() -> dict:
    now = clock.now()
    results = {"recovered": actions.process_pending(now=now), "mailboxes": []}
    for mailbox in imap.due_mailboxes(now, settings.ATIENDE_MAIL_POLL_SECONDS):
        try:
            results["mailboxes"].append(imap.poll(mailbox, limit=PER_RUN).as_dict())
        except imap.MailboxError as exc:
            log.warning("%s", exc)
            results["mailboxes"].append({"mailbox": mailbox.name, "error": str(exc)})
    return results


@periodic("mail.poll", every=timedelta(minutes=1))
@task()
def poll_mailboxes() -> dict:
    return poll_due_mailboxes()
