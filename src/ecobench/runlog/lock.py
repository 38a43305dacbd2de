"""One refresh at a time per warehouse: the lock beside it, naming its holder."""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class RefreshBusy(RuntimeError):
    """Another refresh holds the warehouse."""


@contextmanager
def refresh_lock(lock_path: Path, wait_seconds: float = 0.0):
    """One refresh at a time per warehouse: the second waits up to wait_seconds, then stops
    with a message naming the holder."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                raise RefreshBusy(
                    f"another refresh is writing this warehouse ({holder}; lock {lock_path}); "
                    "nothing was changed. Try again when it ends, or pass --wait SECONDS."
                ) from None
            time.sleep(0.2)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
    handle.flush()
    try:
        yield
    finally:
        handle.truncate(0)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
