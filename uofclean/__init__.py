"""uofclean: validate, dedupe, redact and publish police use-of-force extracts."""

__version__ = "0.1.0"


def _worker_ignores_interrupts() -> None:
    """A worker process (multiprocessing, spawned by redaction) leaves Ctrl-C to its parent,
    which stops it: a worker of its own would print a traceback and be restarted by the pool."""
    import signal
    import sys

    # a worker imports uofclean as it unpickles its task; spawn_main's own command line says
    # so (sys.argv is the parent's by then)
    if "--multiprocessing-fork" in getattr(sys, "orig_argv", ()):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


_worker_ignores_interrupts()
