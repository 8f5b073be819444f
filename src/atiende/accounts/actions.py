"""Creating users and API tokens (R2)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from atiende.accounts.models import User
from atiende.accounts.roles import CUSTOMER_ROLES, Role
from atiende.core.errors import ActionError
from atiende.customers.models import Contact, Organisation


def generate_password() -> str:
    return get_random_string(20)


def create_user(
    *,
    username: str,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    password: str | None = None,
    name: str = "",
    language: str | None = None,
    contact: Contact | None = None,
) -> User:
    """Create a user; a customer user gets (or is linked to) a contact of its organisation."""
    username = username.strip()
    if not username:
        raise ActionError(_("Give a user name."), code="required", field="username")
    if role not in Role.values:
        raise ActionError(
            _("Unknown role “%(role)s”: use one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            code="invalid_role",
            field="role",
        )
    if role in CUSTOMER_ROLES and organisation is None:
        raise ActionError(
            _("Customer users belong to an organisation: give its slug."),
            code="required",
            field="organisation",
        )
    if role not in CUSTOMER_ROLES and organisation is not None:
        raise ActionError(
            _("Support staff do not belong to a customer organisation."),
            code="staff_with_organisation",
            field="organisation",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(
            _("The user name “%(username)s” is taken.") % {"username": username},
            code="duplicate",
            field="username",
        )
    if contact is not None and (organisation is None or contact.organisation_id != organisation.pk):
        raise ActionError(
            _("The contact belongs to another organisation."),
            code="contact_other_organisation",
            field="contact",
        )
    user = User(
        username=username,
        email=email.strip(),
        role=role,
        organisation=organisation,
        first_name=name.strip()[:150],
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if language:
        user.language = language
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ActionError(
                " ".join(exc.messages), code="weak_password", field="password"
            ) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        if role in CUSTOMER_ROLES and contact is None:
            contact = (
                Contact.objects.filter(organisation=organisation, email__iexact=user.email).first()
                if user.email
                else None
            )
            if contact is None:
                contact = Contact.objects.create(
                    organisation=organisation,
                    name=name.strip() or username,
                    email=user.email,
                    language=user.language,
                )
        user.contact = contact
        user.save()
    return user


def create_token(user: User) -> str:
    """A fresh API token for ``user`` (the previous one stops working)."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user).key


def set_language(user: User, language: str) -> User:
    """Save the language ``user`` reads the desk, the portal and its mail in."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ActionError(
            _("Unknown language “%(language)s”: use one of %(languages)s.")
            % {"language": language, "languages": ", ".join(dict(settings.LANGUAGES))},
            code="invalid_language",
            field="language",
        )
    user.language = language
    user.save(update_fields=["language"])
    return user
