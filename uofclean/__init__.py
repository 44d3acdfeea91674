"""uofclean: validate, dedupe, redact and publish police use-of-force extracts."""

__version__ = "0.1.0"


def _worker_ignores_interrupts() -> None:
    """A worker process (multiprocessing, spawned by redaction) leaves Ctrl-C to its parent,
    which stops it: a worker of its own would print a traceback and be restarted by the pool."""
    import signal
    import sys

    mp = sys.modules.get("multiprocessing")  # already imported in a worker; never imported here
    if mp is not None and mp.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


_worker_ignores_interrupts()
