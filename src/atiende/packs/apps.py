from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PacksConfig(AppConfig):
    name = "atiende.packs"
    label = "packs"
    verbose_name = _("Process packs")

    def ready(self) -> None:
        # Registers the timed-transition job with the scheduler (atiende.core.scheduler).
        from atiende.core import configcache
        from atiende.packs import tasks  # noqa: F401
        from atiende.packs.models import Pack, PackVersion, Plan

        # Configuration: cached per process (atiende.core.configcache). Account checks are
        # not: intake writes them.
        configcache.register(Pack, PackVersion, Plan)
