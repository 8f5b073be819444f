"""Creating and changing services and support groups (R1, E1, S11).

Support groups are defined in ``accounts.models`` next to the users they hold; they are
catalogue configuration, so their actions live here with the services'.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.accounts.models import SupportGroup, User
from atiende.catalog.models import Service, Subscription
from atiende.core.errors import ActionError
from atiende.core.sentinel import UNCHANGED
from atiende.customers.models import Organisation


def _save_validated(instance, *, unique_field: str):
    """Validate ``instance`` like a form would and save it; the first problem is the error."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ActionError(
            messages[0], code="invalid", field=None if field == "__all__" else field
        ) from None
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ActionError(
            _("This conflicts with an existing record."), code="duplicate", field=unique_field
        ) from None
    return instance


def _set_subscriptions(service: Service, organisations: Iterable[Organisation]) -> None:
    wanted = {organisation.pk for organisation in organisations}
    Subscription.objects.filter(service=service).exclude(organisation_id__in=wanted).delete()
    existing = set(
        Subscription.objects.filter(service=service).values_list("organisation_id", flat=True)
    )
    now = clock.now()
    Subscription.objects.bulk_create(
        Subscription(service=service, organisation_id=pk, since=now)
        for pk in sorted(wanted - existing)
    )


def create_service(
    *,
    code: str,
    name: str,
    organisations: Iterable[Organisation] = (),
    **fields,
) -> Service:
    """A new service of the catalogue, optionally with the organisations that use it (N3)."""
    with transaction.atomic():
        service = _save_validated(
            Service(code=code.strip(), name=name.strip(), **fields), unique_field="code"
        )
        _set_subscriptions(service, organisations)
    return service


def update_service(service: Service, *, organisations=UNCHANGED, **fields) -> Service:
    """Change a service; ``organisations``, when given, replaces the set of subscribers."""
    with transaction.atomic():
        for key, value in fields.items():
            setattr(service, key, value)
        _save_validated(service, unique_field="code")
        if organisations is not UNCHANGED:
            _set_subscriptions(service, organisations)
    return service


def _check_members(members: Iterable[User]) -> list[User]:
    members = list(members)
    customers = [member.username for member in members if not member.is_agent]
    if customers:
        raise ActionError(
            _("Only support staff can be members of a support group, not %(users)s.")
            % {"users": ", ".join(customers)},
            code="member_not_staff",
            field="members",
        )
    return members


def create_group(*, name: str, slug: str, members: Iterable[User] = (), **fields) -> SupportGroup:
    """A new support group (a tier or an external team, E1)."""
    members = _check_members(members)
    with transaction.atomic():
        group = _save_validated(
            SupportGroup(name=name.strip(), slug=slug.strip(), **fields), unique_field="slug"
        )
        group.members.set(members)
    return group


def update_group(group: SupportGroup, *, members=UNCHANGED, **fields) -> SupportGroup:
    """Change a support group; ``members``, when given, replaces its members."""
    if members is not UNCHANGED:
        members = _check_members(members)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(group, key, value)
        _save_validated(group, unique_field="slug")
        if members is not UNCHANGED:
            group.members.set(members)
    return group
