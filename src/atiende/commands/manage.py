"""``atiende manage …``: any Django management command.

Django is already set up by :mod:`atiende.cli`, so the command is fetched and run directly
(``execute_from_command_line`` would set Django up, and reconfigure logging, a second time).
"""

import django
from django.core.management import ManagementUtility


def run(args) -> int:
    argv = ["atiende manage", *args.args]
    utility = ManagementUtility(argv)
    subcommand = argv[1] if len(argv) > 1 else "help"
    try:
        if subcommand in ("version", "--version"):
            print(django.get_version())
        elif subcommand in ("help", "--help", "-h"):
            if len(argv) > 2 and not argv[2].startswith("-"):
                utility.fetch_command(argv[2]).print_help(argv[0], argv[2])
            else:
                print(utility.main_help_text())
        else:
            utility.fetch_command(subcommand).run_from_argv(argv)
    except SystemExit as exc:  # Django exits on errors and after --help
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    return 0
