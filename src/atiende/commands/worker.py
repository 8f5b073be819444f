"""``atiende worker``: the background worker alone, until SIGTERM/SIGINT or, with ``--once``,
until the queue is empty."""

import signal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atiende.cli import EXIT_OK
from atiende.core.worker import Worker


def run(args) -> int:
    worker = Worker(interval=args.interval)
    if args.once:
        count = worker.run_once()
        print(ngettext("Ran %(count)d task.", "Ran %(count)d tasks.", count) % {"count": count})
        return EXIT_OK

    def stop(signum, frame):
        worker.stopping.set()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    print(_("Worker %(id)s running; press Ctrl+C to stop.") % {"id": worker.worker_id}, flush=True)
    worker.start()
    try:
        worker.wait()
    finally:
        worker.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_OK
