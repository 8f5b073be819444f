from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "atiende.sla"
    label = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        # Registers the periodic sweep with the scheduler (atiende.core.scheduler).
        from atiende.core import configcache
        from atiende.sla import tasks  # noqa: F401
        from atiende.sla.models import (
            BusinessCalendar,
            ChannelHours,
            Policy,
            PolicyRule,
            PriorityMatrix,
            Target,
        )

        # Configuration: cached per process (atiende.core.configcache).
        configcache.register(
            BusinessCalendar, PriorityMatrix, Policy, PolicyRule, Target, ChannelHours
        )
