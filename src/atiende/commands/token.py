"""``atiende token create USERNAME``: print a fresh API token (the old one stops working).

Only the key goes to standard output, so that ``TOKEN=$(atiende token create admin)`` works.
"""

from django.utils.translation import gettext as _

from atiende.accounts.actions import create_token
from atiende.accounts.models import User
from atiende.cli import EXIT_OK, CommandError


def run(args) -> int:
    user = User.objects.filter(username__iexact=args.username.strip()).first()
    if user is None:
        raise CommandError(_("there is no user “%(username)s”.") % {"username": args.username})
    if not user.is_active:
        raise CommandError(
            _("user “%(username)s” is deactivated: a token would not work.")
            % {"username": user.username}
        )
    print(create_token(user))
    return EXIT_OK
