"""The processes a refresh starts (dbt, a document's parser) end with it.

Each is started so that the kernel kills it when the refresh dies, even by `kill -9`
(Linux's parent-death signal): an orphaned dbt would go on writing the scratch build, and
a parser stuck on a hostile file would go on using a core. On Ctrl-C or SIGTERM the
refresh stops them itself (`stop_all`) and ends within seconds.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import threading

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)
_running: set[subprocess.Popen] = set()
_guard = threading.Lock()


def die_with_parent() -> None:
    """In a child: be killed when the process that started it ends."""
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def start(command: list[str], **options) -> subprocess.Popen:
    """A child tied to us (killed with us, stopped by stop_all); `forget` it once it ended."""
    child = subprocess.Popen(
        command,
        preexec_fn=die_with_parent,
        **options,
    )
    with _guard:
        _running.add(child)
    return child


def forget(child: subprocess.Popen) -> None:
    with _guard:
        _running.discard(child)


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    """subprocess.run(command, capture_output=True, text=True), the child tied to us."""
    child = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)
    try:
        out, err = child.communicate()
    finally:
        forget(child)
    return subprocess.CompletedProcess(command, child.returncode, out, err)


def stop_all() -> None:
    """Kill every child still running (dbt, parsers): the refresh is being stopped."""
    with _guard:
        children = list(_running)
    for child in children:
        child.kill()
