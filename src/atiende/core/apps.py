from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "atiende.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(_install_config_triggers, sender=self)


def _install_config_triggers(sender, using, **kwargs) -> None:
    """After every ``migrate``: the configuration-change triggers (atiende.core.configcache)."""
    from django.db import connections

    from atiende.core import configcache
    from atiende.core.models import ConfigGeneration

    tables = set(connections[using].introspection.table_names())
    needed = {ConfigGeneration._meta.db_table}
    needed |= {model._meta.db_table for model in configcache.config_models}
    if needed <= tables:
        configcache.install_triggers(using)
