from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "atiende.tickets"
    label = "tickets"

    def ready(self) -> None:
        from atiende.core import configcache
        from atiende.tickets.models import State, Transition, Workflow

        # Workflows are configuration: cached per process (atiende.core.configcache).
        configcache.register(Workflow, State, Transition)
