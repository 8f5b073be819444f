"""``atiende serve``: waitress and the background worker in one process.

Order of a start: bind the port first (a port in use fails at once, before touching the
database), bring the database up to date (migrate only when the plan has pending
migrations; create ``admin`` only on an empty database), start the worker threads, print
where to go, and serve until SIGTERM or SIGINT.
"""

import contextlib
import errno
import io
import signal
import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.utils.translation import gettext as _
from waitress.server import create_server

from atiende.cli import EXIT_OK, CommandError
from atiende.core import bootstrap
from atiende.core.worker import Worker
from atiende.env import env_int, env_secret, env_str

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_THREADS = 8


def run(args) -> int:
    host = args.host or env_str("ATIENDE_HOST", DEFAULT_HOST)
    port = args.port if args.port is not None else env_int("ATIENDE_PORT", DEFAULT_PORT, minimum=0)
    threads = args.threads or env_int("ATIENDE_WEB_THREADS", DEFAULT_THREADS, minimum=1)
    admin_password = env_secret("ATIENDE_ADMIN_PASSWORD")

    _ensure_static_root()
    server = _bind(host, port, threads)
    prepare_database(admin_password=admin_password, out=sys.stdout)

    worker = None
    if not args.no_worker:
        worker = Worker()
        worker.start()

    url = f"http://{_url_host(host)}:{_listening_port(server)}/"
    print(_("Atiende is running at %(url)s") % {"url": url})
    print(_("Sign in at %(url)slogin/ as user “admin”.") % {"url": url})
    if worker is None:
        print(_("No background worker here: run `atiende worker` beside it."))
    print(_("Press Ctrl+C to stop."), flush=True)

    def stop(signum, frame):
        # Raised inside waitress' loop, which catches it and shuts its threads down.
        raise SystemExit(EXIT_OK)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print(_("Stopping…"), flush=True)
        server.close()
        if worker is not None:
            worker.stop()
    return EXIT_OK


def prepare_database(*, admin_password: str | None, out) -> None:
    """Migrate when migrations are pending; create ``admin`` on an empty database."""
    pending = bootstrap.pending_migrations()
    if pending:
        print(bootstrap.applying_message(len(pending)), file=out, flush=True)
        bootstrap.migrate(stdout=io.StringIO(), verbosity=0)
    admin = bootstrap.create_first_admin(
        password=admin_password, email=env_str("ATIENDE_ADMIN_EMAIL", "")
    )
    if admin is None:
        return
    if admin.generated:
        print(
            _(
                "Created the administrator account “%(username)s” with password: %(password)s\n"
                "This password is shown only once: keep it, and change it after signing in."
            )
            % {"username": admin.user.username, "password": admin.password},
            file=out,
        )
    else:
        print(
            _("Created the administrator account “%(username)s” with the password from "
              "ATIENDE_ADMIN_PASSWORD.") % {"username": admin.user.username},
            file=out,
        )  # fmt: skip


def _bind(host: str, port: int, threads: int):
    try:
        return create_server(
            get_wsgi_application(), host=host, port=port, threads=threads, ident="Atiende"
        )
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                _(
                    "port %(port)s on %(host)s is already in use: stop the program using it, "
                    "or choose another port with --port or ATIENDE_PORT."
                )
                % {"port": port, "host": host}
            ) from None
        if exc.errno == errno.EACCES:
            raise CommandError(
                _("not allowed to listen on port %(port)s: choose a port above 1023.")
                % {"port": port}
            ) from None
        raise CommandError(
            _("cannot listen on %(host)s:%(port)s: %(error)s")
            % {"host": host, "port": port, "error": exc.strerror or exc}
        ) from None
    except ValueError:
        # waitress' way of saying the host name does not resolve
        raise CommandError(
            _("cannot listen on %(host)s:%(port)s: unknown host name or address.")
            % {"host": host, "port": port}
        ) from None


def _ensure_static_root() -> None:
    # WhiteNoise serves from the finders; an existing STATIC_ROOT spares it a warning.
    with contextlib.suppress(OSError):
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


def _listening_port(server) -> int:
    # One socket: TcpWSGIServer; a name with several addresses (localhost): MultiSocketServer.
    if hasattr(server, "effective_port"):
        return server.effective_port
    return server.effective_listen[0][1]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
