from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "atiende.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Registers the periodic sender with the scheduler (atiende.core.scheduler).
        from atiende.notify import tasks  # noqa: F401
        from atiende.notify.models import OutboxMessage
        from atiende.tickets import numbering

        # The acknowledgement is written before the ticket has its case number (T1).
        numbering.register_mention(OutboxMessage, ("subject", "text", "html", "headers"))
