"""Running the ``atiende`` command line in tests: in-process (``main``) or as a subprocess."""

import os
import socket
import subprocess
import sys
from pathlib import Path

from atiende.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``main(argv)`` in this process (on the test database); exit code, stdout, stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def subprocess_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh ``atiende`` process on its own data directory."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ATIENDE_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(ATIENDE_HOME=str(home), ATIENDE_LANGUAGE="en", PYTHONUNBUFFERED="1")
    # so that worker processes find the tasks tests enqueue (tests.core.sample_tasks)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "atiende.cli", *argv]


def run_process(home: Path, *argv: str, timeout: float = 120, **env: str):
    return subprocess.run(
        command(*argv),
        env=subprocess_env(home, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
