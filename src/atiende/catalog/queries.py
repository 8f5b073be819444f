"""Reading the catalogue for an organisation: its services, their maintenance windows and
whether each is operating or in maintenance now (N4, shown in the portal)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from atiende import clock
from atiende.catalog.models import MaintenanceWindow, Service


@dataclass
class ServiceStatus:
    service: Service
    in_maintenance: bool  # a window of the service is under way now
    current: list[MaintenanceWindow]
    upcoming: list[MaintenanceWindow]


def maintenance_for(organisation, *, now: datetime | None = None) -> list[ServiceStatus]:
    """The organisation's subscribed active services with their current and upcoming
    maintenance windows (windows that ended are left out). Two queries."""
    now = now or clock.now()
    windows = MaintenanceWindow.objects.filter(ends_at__gt=now).order_by("starts_at", "pk")
    services = (
        Service.objects.filter(organisations=organisation, is_active=True)
        .order_by("name")
        .prefetch_related(Prefetch("maintenance_windows", queryset=windows, to_attr="open_windows"))
    )
    statuses = []
    for service in services:
        current = [w for w in service.open_windows if w.starts_at <= now]
        upcoming = [w for w in service.open_windows if w.starts_at > now]
        statuses.append(ServiceStatus(service, bool(current), current, upcoming))
    return statuses
