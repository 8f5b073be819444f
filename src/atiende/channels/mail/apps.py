from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "atiende.channels.mail"
    label = "mail"
    verbose_name = _("E-mail intake")

    def ready(self) -> None:
        from atiende.channels.mail import queries
        from atiende.notify import outbox

        # Customers' Message-IDs join the thread of the mail we send about their tickets.
        if queries.thread_message_ids not in outbox.thread_sources:
            outbox.thread_sources.append(queries.thread_message_ids)
        # Registers the periodic poll with the scheduler (atiende.core.scheduler).
        from atiende.channels.mail import tasks  # noqa: F401
