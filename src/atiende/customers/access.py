"""Organisations, contacts and sites as a user may see them (R3)."""

from django.db.models import QuerySet
from django.http import Http404

from atiende.core.statements import Statement
from atiende.customers.models import Contact, Organisation, Site


def organisations_visible_to(user) -> QuerySet[Organisation]:
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_agent:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=user.organisation_id)


def may_see_organisation(user, organisation: Organisation) -> bool:
    """Whether ``organisation`` is among ``organisations_visible_to(user)``, without a query."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_agent or organisation.pk == user.organisation_id


def contacts_visible_to(user) -> QuerySet[Contact]:
    if not user.is_authenticated or not user.is_active:
        return Contact.objects.none()
    if user.is_agent:
        return Contact.objects.all()
    if user.role == "customer_admin":
        return Contact.objects.filter(organisation_id=user.organisation_id)
    return Contact.objects.filter(pk=user.contact_id) if user.contact_id else Contact.objects.none()


# Staff see every contact: their reads of one contact with its organisation (every API ticket
# opened by staff names its requester) are compiled once per connection.
_CONTACT_WITH_ORGANISATION = Statement(
    lambda pk: Contact.objects.select_related("organisation").filter(pk=pk)
)


def contact_with_organisation(user, pk: int) -> Contact | None:
    """Contact ``pk`` with its organisation loaded, or ``None`` when ``user`` may not see it
    (or it does not exist): ``contacts_visible_to(user)`` for one contact."""
    if user.is_authenticated and user.is_active and user.is_agent:
        found = _CONTACT_WITH_ORGANISATION.rows(pk)
    else:
        found = list(contacts_visible_to(user).select_related("organisation").filter(pk=pk))
    return found[0] if found else None


def sites_visible_to(user) -> QuerySet[Site]:
    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_agent:
        return Site.objects.all()
    return Site.objects.filter(organisation_id=user.organisation_id)


def _get(queryset, object_id):
    try:
        return queryset.get(pk=int(object_id))
    except (TypeError, ValueError, queryset.model.DoesNotExist):
        raise Http404 from None


def access_organisation_for(user, organisation_id) -> Organisation:
    return _get(organisations_visible_to(user), organisation_id)


def access_contact_for(user, contact_id) -> Contact:
    return _get(contacts_visible_to(user), contact_id)


def access_site_for(user, site_id) -> Site:
    return _get(sites_visible_to(user), site_id)
