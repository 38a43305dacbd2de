"""The processes a refresh starts (dbt, a document's parser) end with it.

Each is started so that the kernel kills it when the refresh dies, even by `kill -9`
(Linux's parent-death signal): an orphaned dbt would go on writing the scratch build, and
a parser stuck on a hostile file would go on using a core. On Ctrl-C or SIGTERM the
refresh kills them itself (`on_stop_signal`): whatever step waits on one then fails at
once, and the refresh ends within seconds, told as stopped (`stopping`).

What remains after a stop is Prefect telling its API how the run ended. With the API
slow or gone, its client retries for minutes (a stop whose server had died ran on for
more than 120 s), so a stopped process ends at the latest STOP_GRACE_SECONDS after the
signal. By then the run has recorded its stop, and a run ended at any point is told by
the next one (runlog.mark_interrupted): ending it loses nothing.

The refresh's own process hands the heap it freed back to the system (`give_back_memory`).
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import subprocess
import sys
import threading

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)
_running: set[subprocess.Popen] = set()
_guard = threading.RLock()  # the handler may run while this thread holds it
stopping: str | None = None  # the signal that is stopping this process, once one came
STOP_GRACE_SECONDS = 10.0
EXIT_INTERRUPTED = 130  # what a stopped refresh exits with (runlog: the exit codes)


class Stopping(RuntimeError):
    """No child is started while the refresh is being stopped."""


def on_stop_signals() -> None:
    """In the main thread: SIGTERM and Ctrl-C kill the children, then interrupt. (Prefect
    installs its own SIGTERM handler while a flow runs, so the flow calls this first.)"""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)


def between_runs() -> None:
    """In the main thread of a process that outlives its runs (`ecobench serve`): a stop
    signal between runs ends it as Ctrl-C does, at the latest SERVE_GRACE_SECONDS after
    (the grace of a stopped run, 10 s, cut it short while it stopped its Prefect server)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_between_runs)
        signal.signal(signal.SIGINT, _stop_between_runs)


SERVE_GRACE_SECONDS = 45.0


def _stop_between_runs(signum: int, _frame) -> None:
    signame = signal.Signals(signum).name
    _end_within(SERVE_GRACE_SECONDS, signame, "its Prefect server was still stopping")
    raise KeyboardInterrupt(signame)


def _stop(signum: int, _frame) -> None:
    global stopping
    first = stopping is None
    stopping = signal.Signals(signum).name
    stop_all()
    if first:
        why = "Prefect's API did not take the run's last state in time (the run log has it)"
        _end_within(STOP_GRACE_SECONDS, stopping, why)
    raise KeyboardInterrupt(stopping)


def _end_within(seconds: float, signame: str, why: str) -> None:
    """The process ends `seconds` after the signal, whatever is still waiting then."""
    ending = threading.Timer(seconds, _end, (signame, seconds, why))
    ending.daemon = True
    ending.start()


def _end(signame: str, seconds: float, why: str) -> None:
    print(
        f"\nstopped ({signame}): ended {seconds:g} s after the signal; {why}",
        file=sys.stderr,
        flush=True,
    )
    os._exit(EXIT_INTERRUPTED)


def die_with_parent() -> None:
    """In a child: be killed when the process that started it ends."""
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def start(command: list[str], **options) -> subprocess.Popen:
    """A child tied to us (killed with us, stopped by stop_all); `forget` it once it ended."""
    if stopping:
        raise Stopping(f"not started: the refresh is being stopped ({stopping})")
    child = subprocess.Popen(
        command,
        preexec_fn=die_with_parent,
        **options,
    )
    with _guard:
        _running.add(child)
    if stopping:  # the stop came while it was starting: stop_all did not see it
        child.kill()
        child.wait()
        forget(child)
        raise Stopping(f"stopped as it started: the refresh is being stopped ({stopping})")
    return child


def raise_if_stopping() -> None:
    """Interrupt now if a stop signal came whose interrupt Python swallowed."""
    if stopping:
        raise KeyboardInterrupt(stopping)


def forget(child: subprocess.Popen) -> None:
    with _guard:
        _running.discard(child)


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    """subprocess.run(command, capture_output=True, text=True), the child tied to us."""
    child = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)
    try:
        out, err = communicate(child)
    finally:
        forget(child)
    return subprocess.CompletedProcess(command, child.returncode, out, err)


WAKE_SECONDS = 0.5


def communicate(child: subprocess.Popen) -> tuple:
    """child.communicate(), waking every WAKE_SECONDS: a SIGTERM the kernel hands to another
    thread is only handled once the main thread runs Python again, and a wait with no
    timeout held a stop until dbt had finished (tests/quality/test_fault_drill.py)."""
    while True:
        try:
            return child.communicate(timeout=WAKE_SECONDS)
        except subprocess.TimeoutExpired:
            continue  # the output read so far is kept for the next call


def stop_all() -> None:
    """Kill every child still running (dbt, parsers): the refresh is being stopped."""
    with _guard:
        children = list(_running)
    for child in children:
        child.kill()


def give_back_memory() -> None:
    """Return the memory freed so far to the system: glibc keeps a freed heap for the
    process (one arena per thread of the task runner), and it counted against the steps
    after (dbt runs beside it; docs/performance.md)."""
    gc.collect()
    _libc.malloc_trim(0)
