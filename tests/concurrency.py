"""Running test code in several threads at once, each with its own database connection."""

import threading
from collections.abc import Callable


def run_in_threads(work: Callable[[int, threading.Barrier], None], count: int) -> None:
    """Start ``count`` threads running ``work(index, barrier)`` and wait for them.

    ``barrier`` is shared by the threads (``barrier.wait()`` lines them up); each thread closes
    its own database connection at the end. The first error raised in a thread is raised here.
    """
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        from django.db import connection

        try:
            work(index, barrier)
        except BaseException as exc:  # re-raised in the test's thread below
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def drain_in_threads(batch: Callable[[], int], count: int = 2) -> list[int]:
    """Call ``batch()`` in ``count`` threads started together until it returns 0 in each;
    return every non-zero count returned (their sum is the work done)."""
    handled: list[int] = []

    def work(_index: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        while (done := batch()) > 0:
            handled.append(done)

    run_in_threads(work, count)
    return handled
