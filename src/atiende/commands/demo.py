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
    pack = None
    if getattr(args, "pack", None):
        pack = demo.load_shipped_pack(args.pack)
        print(_("Process pack %(name)s loaded (version %(version)s).")
              % {"name": pack.name, "version": pack.version})  # fmt: skip
    result = demo.load(pack=pack)
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
    if result.skipped:
        print(_("Skipped because the pack's rules refuse them: %(items)s.")
              % {"items": "; ".join(result.skipped)})  # fmt: skip
    print(_("Demo logins (password for all: %(password)s):") % {"password": demo.DEMO_PASSWORD})
    width = max(len(username) for username, _role, _name in result.logins)
    for username, role, name in result.logins:
        print(f"  {username:<{width}}  {role} — {name}")
    return EXIT_OK
