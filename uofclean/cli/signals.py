"""Interrupts: Ctrl-C (SIGINT) and SIGTERM stop a run at once, worker processes included, with
no output left behind and one line on stderr.

The run is stopped where it stands rather than unwound: a worker pool that is terminated the
orderly way can wait for ever on a lock a worker held, and nothing needs unwinding, as every
unfinished output is known (uofclean.io.writer.pending) and is removed here."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import types
from pathlib import Path

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_stopping = threading.Lock()


def stop_on_signals() -> None:
    """On SIGINT or SIGTERM, stop (see stop_now), from whichever thread hears it first.

    Python runs a handler in the main thread only, when it next runs Python code, and the
    kernel may give the signal to any thread: a main thread asleep on the workers' results
    would not hear it until a chunk is done. So a watcher thread reads every signal from the
    wakeup fd too."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    for sig in _SIGNALS:
        signal.signal(sig, _on_signal)
    # The resource tracker (a process of multiprocessing's, started with these warning
    # options) unlinks the semaphores of a pool whose parent left without freeing them, and
    # would warn of each ("leaked semaphore objects").
    sys.warnoptions.append("ignore:resource_tracker:UserWarning")
    threading.Thread(target=_watch, args=(read_end,), daemon=True).start()


def _on_signal(signum: int, _frame: types.FrameType | None) -> None:
    stop_now(signum)


def _watch(read_end: int) -> None:
    while True:
        got = os.read(read_end, 1)
        if not got:
            return
        if got[0] in _SIGNALS:
            stop_now(got[0])


def stop_now(signum: int) -> None:
    """Kill the workers (they hold no output), remove every unfinished output, print one line
    and leave with the shell's code for the signal (130 for Ctrl-C, 143 for SIGTERM)."""
    if not _stopping.acquire(blocking=False):
        return  # the other thread is stopping the run
    from uofclean.io.writer import discard_pending

    stop_workers()
    discard_pending()
    announce(signum)
    os._exit(128 + signum)


def announce(signum: int) -> None:
    sys.stderr.write(
        f"uofclean: interrupted ({signal.Signals(signum).name}): stopped, no output written\n"
    )
    sys.stderr.flush()


def stop_workers() -> None:
    """Kill every worker, including any still being started (not yet among active_children:
    it would print an EOFError traceback as its parent leaves), until none is left. A pool
    replaces a dead worker at once, so it is first told not to."""
    mp = sys.modules.get("multiprocessing")
    if mp is None:
        return
    pool = sys.modules.get("multiprocessing.pool")
    if pool is not None:
        pool.Pool._repopulate_pool_static = staticmethod(lambda *args, **kwargs: None)
    for child in mp.active_children():
        child.kill()
    for _ in range(50):
        starting = _children()
        if not starting:
            return
        for pid in starting:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)


def _children() -> list[int]:
    """This process's live children but multiprocessing's resource tracker (which must live on
    to unlink the pool's semaphores), from Linux's /proc (elsewhere: none are found)."""
    found = []
    for listing in Path("/proc/self/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            for pid in map(int, listing.read_text().split()):
                with contextlib.suppress(OSError):
                    status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                    if status != "Z" and b"resource_tracker" not in command:
                        found.append(pid)
    return found
