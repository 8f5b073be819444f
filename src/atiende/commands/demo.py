"""``atiende demo``: load the demo data (idempotent) and print the demo logins."""

from django.conf import settings
from django.utils.translation import gettext as _

from atiende import demo
from atiende.cli import EXIT_OK, CommandError


def run(args) -> int:
    if settings.ATIENDE_ENV == "production":
        raise CommandError(
            _("demo data is refused in production: its logins share one published password.")
        )
    result = demo.load()
    if result.anything_created:
        labels = {
            "organisations": _("organisations"),
            "contacts": _("contacts"),
            "users": _("users"),
            "services": _("services"),
            "groups": _("support groups"),
            "tickets": _("tickets"),
        }
        made = ", ".join(
            f"{result.created[kind]} {label}"
            for kind, label in labels.items()
            if kind in result.created
        )
        print(_("Demo data loaded: %(made)s.") % {"made": made})
    else:
        print(_("The demo data is already there: nothing added."))
    print(_("Demo logins (password for all: %(password)s):") % {"password": demo.DEMO_PASSWORD})
    width = max(len(username) for username, _role, _name in result.logins)
    for username, role, name in result.logins:
        print(f"  {username:<{width}}  {role} — {name}")
    return EXIT_OK
