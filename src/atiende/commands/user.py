"""``atiende user create``: a user account through ``accounts.actions.create_user``."""

import sys

from django.utils.translation import gettext as _

from atiende.accounts.actions import create_user, generate_password
from atiende.cli import EXIT_OK, CommandError
from atiende.customers.models import Organisation


def run(args) -> int:
    # Only one action so far; argparse makes ``user_command`` required.
    return create(args)


def create(args) -> int:
    organisation = None
    if args.organisation:
        organisation = Organisation.objects.filter(slug=args.organisation.strip()).first()
        if organisation is None:
            raise CommandError(
                _("there is no organisation with slug “%(slug)s”.") % {"slug": args.organisation}
            )
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError(_("no password on standard input."))
        generated = False
    else:
        password = generate_password()
        generated = True
    user = create_user(
        username=args.username,
        email=args.email,
        role=args.role,
        organisation=organisation,
        password=password,
        name=args.name,
    )
    print(
        _("Created user “%(username)s” with role %(role)s.")
        % {"username": user.username, "role": user.get_role_display()}
    )
    if generated:
        print(_("Password (shown only once): %(password)s") % {"password": password})
    return EXIT_OK
