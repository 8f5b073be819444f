"""The ``atiende`` command line: serve, worker, migrate, check, user, token, demo, mail, sla,
pack, manage.

This module only parses arguments and turns failures into messages and exit codes; each
sub-command lives in :mod:`atiende.commands` and is imported after Django is set up.

Exit codes: 0 success · 1 refused or failed (the message says why) · 2 bad arguments or a
configuration that cannot be loaded · 130 interrupted.
"""

import argparse
import importlib
import os
import sys

from atiende.commands import mail as mail_command  # argparse only: no Django import

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """A sub-command cannot do what was asked; ``message`` is shown without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_CONFIG, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="atiende",
        description="Atiende service desk: run the server, the worker and admin tasks.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    serve = commands.add_parser(
        "serve",
        help="run the web server and the background worker in one process",
        description=(
            "Serve Atiende with waitress and run the background worker in the same process. "
            "On an empty database, apply migrations and create the 'admin' account (its "
            "password is printed once, or taken from ATIENDE_ADMIN_PASSWORD); later starts "
            "apply pending migrations only."
        ),
    )
    serve.add_argument("--host", help="address to listen on (default: ATIENDE_HOST or 127.0.0.1)")
    serve.add_argument(
        "--port", type=_port, help="port to listen on, 0 for any free port "
        "(default: ATIENDE_PORT or 8000)"
    )  # fmt: skip
    serve.add_argument(
        "--threads", type=_positive_int,
        help="request threads (default: ATIENDE_WEB_THREADS or 8)",
    )  # fmt: skip
    serve.add_argument(
        "--no-worker", action="store_true",
        help="do not run the background worker here (run `atiende worker` elsewhere)",
    )  # fmt: skip

    worker = commands.add_parser(
        "worker",
        help="run the background worker alone",
        description=(
            "Run queued tasks and periodic jobs. Any number of workers may run at once, on "
            "any machine that reaches the database."
        ),
    )
    worker.add_argument(
        "--interval", type=_interval,
        help="seconds an idle worker waits before looking for tasks again "
        "(default: ATIENDE_WORKER_INTERVAL_MS / 1000)",
    )  # fmt: skip
    worker.add_argument(
        "--once", action="store_true",
        help="enqueue due periodic jobs, run every ready task, then exit (for cron and tests)",
    )  # fmt: skip

    commands.add_parser(
        "migrate",
        help="apply pending database migrations",
        description="Apply pending database migrations (run once per release).",
    )

    check = commands.add_parser(
        "check",
        help="check configuration and database health",
        description=(
            "Check that the settings load, the database answers, migrations are applied, a "
            "worker is alive and Django's system checks pass. Exits 1 on a problem, 2 when "
            "the configuration cannot be loaded."
        ),
    )
    check.add_argument(
        "--require-worker", action="store_true",
        help="treat a missing or silent background worker as a problem, not a warning",
    )  # fmt: skip

    user = commands.add_parser("user", help="manage user accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION",
                                        parser_class=_Parser)  # fmt: skip
    user_commands.required = True
    create = user_commands.add_parser(
        "create",
        help="create a user account",
        description=(
            "Create a user. Without --password-stdin a password is generated and printed once."
        ),
    )
    create.add_argument("--username", required=True, help="login name")
    create.add_argument("--email", required=True, help="e-mail address")
    create.add_argument(
        "--role", required=True,
        help="customer, customer_admin, agent, agent_l2, supervisor, manager or admin",
    )  # fmt: skip
    create.add_argument(
        "--organisation", metavar="SLUG", help="organisation of a customer user (its slug)"
    )
    create.add_argument("--name", default="", help="full name shown to others")
    create.add_argument(
        "--password-stdin", action="store_true",
        help="read the password from the first line of standard input",
    )  # fmt: skip

    token = commands.add_parser("token", help="manage API tokens")
    token_commands = token.add_subparsers(dest="token_command", metavar="ACTION",
                                          parser_class=_Parser)  # fmt: skip
    token_commands.required = True
    token_create = token_commands.add_parser(
        "create",
        help="print a new API token for a user",
        description="Create a new API token for USERNAME and print it; the old one stops working.",
    )
    token_create.add_argument("username", metavar="USERNAME")

    demo = commands.add_parser(
        "demo",
        help="load demo organisations, users, services and tickets",
        description=(
            "Load demo data in Spanish (organisations, users of every role, services, support "
            "groups, tickets with replies and notes) and print the demo logins. Running it "
            "again adds nothing. Refused when ATIENDE_ENV=production."
        ),
    )
    demo.add_argument(
        "--pack", metavar="NAME",
        help="load the shipped process pack NAME (aldeamo, cirion, wekall, ecc, movilnet) and "
        "serve the demo organisations under it",
    )  # fmt: skip

    mail_command.add_arguments(commands)  # atiende mail …: defined beside its run()
    from atiende.commands import sla as sla_command  # needs this module loaded first

    sla_command.add_arguments(commands)  # atiende sla due | elapsed
    from atiende.commands import pack as pack_command

    pack_command.add_arguments(commands)  # atiende pack check | schema | …

    manage = commands.add_parser(
        "manage",
        help="run a Django management command",
        description="Run any Django management command, e.g. `atiende manage shell`.",
        add_help=False,
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("a port number is between 0 and 65535")
    return number


def _interval(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 <= number <= 3600:
        raise argparse.ArgumentTypeError("give a number of seconds between 0 and 3600")
    return number


def setup_django() -> None:
    """Load the settings and the apps; a bad configuration becomes a :class:`CommandError`."""
    from django.core.exceptions import ImproperlyConfigured

    from atiende.env import EnvError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atiende.settings")
    try:
        import django
        from django.apps import apps

        if not apps.ready:  # already set up when called from tests or another program
            django.setup()
    except (EnvError, ImproperlyConfigured) as exc:
        raise CommandError(f"the configuration cannot be loaded:\n{exc}", EXIT_CONFIG) from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error, already printed
        return exc.code if isinstance(exc.code, int) else EXIT_CONFIG
    try:
        setup_django()
        return _run(args)
    except CommandError as exc:
        print(f"atiende: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("atiende: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, InterfaceError, OperationalError
    from django.utils.translation import gettext as _

    from atiende.core.errors import ActionError
    from atiende.env import EnvError

    command = importlib.import_module(f"atiende.commands.{args.command}")
    try:
        return command.run(args)
    except ActionError as exc:
        raise CommandError(exc.message) from None
    except (EnvError, ImproperlyConfigured) as exc:
        raise CommandError(str(exc), EXIT_CONFIG) from None
    except (OperationalError, InterfaceError) as exc:
        summary = _("the database cannot be reached")
        raise CommandError(_database_problem(exc, summary)) from None
    except DatabaseError as exc:
        summary = _("the database refused the operation")
        raise CommandError(_database_problem(exc, summary)) from None


def _database_problem(exc: Exception, summary: str) -> str:
    """Explain a database error; point at `atiende migrate` when that is the cause."""
    from django.db import DatabaseError
    from django.utils.translation import ngettext

    from atiende.core.bootstrap import pending_migrations

    try:
        pending = pending_migrations()
    except DatabaseError:
        pending = []
    if pending:
        return ngettext(
            "the database is not up to date (%(count)d migration pending): run "
            "`atiende migrate` first.",
            "the database is not up to date (%(count)d migrations pending): run "
            "`atiende migrate` first.",
            len(pending),
        ) % {"count": len(pending)}
    return f"{summary}: {str(exc).strip()}"


if __name__ == "__main__":
    sys.exit(main())
