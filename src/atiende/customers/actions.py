"""Creating and changing organisations, contacts and sites (R1)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from atiende.core.errors import ActionError
from atiende.customers.models import Contact, Organisation, Site


def _save_validated(instance, *, unique_message: str | None = None, unique_field: str = ""):
    try:
        # Constraints are left to the database: a violation is the IntegrityError below,
        # with a message that names the field (full_clean's would name the constraint).
        instance.full_clean(validate_constraints=False)
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
            unique_message or _("This conflicts with an existing record."),
            code="duplicate",
            field=unique_field or None,
        ) from None
    return instance


def create_organisation(*, name: str, slug: str, **fields) -> Organisation:
    organisation = Organisation(name=name.strip(), slug=slug.strip(), **fields)
    return _save_validated(organisation)


def update_organisation(organisation: Organisation, **fields) -> Organisation:
    for key, value in fields.items():
        setattr(organisation, key, value)
    return _save_validated(organisation)


def create_contact(*, organisation: Organisation, name: str, email: str = "", **fields) -> Contact:
    contact = Contact(organisation=organisation, name=name.strip(), email=email.strip(), **fields)
    return _save_validated(
        contact,
        unique_message=_("This organisation already has a contact with that e-mail address."),
        unique_field="email",
    )


def update_contact(contact: Contact, **fields) -> Contact:
    for key, value in fields.items():
        setattr(contact, key, value)
    return _save_validated(
        contact,
        unique_message=_("This organisation already has a contact with that e-mail address."),
        unique_field="email",
    )


def create_site(*, organisation: Organisation, name: str, **fields) -> Site:
    return _save_validated(Site(organisation=organisation, name=name.strip(), **fields))
