"""Services as a user may see them (R1, R3).

Support staff see the whole catalogue, inactive services included. A customer sees the
active services its organisation subscribes to: the subscriptions are per organisation, so
another organisation's list stays private. Anything else is a 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from atiende.catalog.models import Service


def services_visible_to(user) -> QuerySet[Service]:
    if not user.is_authenticated or not user.is_active:
        return Service.objects.none()
    if user.is_agent:
        return Service.objects.all()
    return Service.objects.filter(is_active=True, subscription__organisation=user.organisation_id)


def access_service_for(user, service_id) -> Service:
    queryset = services_visible_to(user)
    try:
        return queryset.get(pk=int(service_id))
    except (TypeError, ValueError, OverflowError, Service.DoesNotExist):
        raise Http404 from None
