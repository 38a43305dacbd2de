"""Wall time and peak memory of each stage of a refresh (its summary), for `ecobench bench`.

Memory is the resident set of this process and its children (dbt runs in its own
process), sampled every 20 ms from /proc while a stage runs. The process tree is listed
again every half second (a scan of every process): scanning at every sample slowed the dbt
build being measured (docs/performance.md).
"""

from __future__ import annotations

import ctypes
import gc
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.02
RESCAN_EVERY = 25  # samples


def process_tree(root: int | None = None) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root or os.getpid()]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes (those still running), in MB."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            continue
    return total / 2**20


_libc = ctypes.CDLL(None)


class Stages:
    """Accumulates wall seconds and peak memory per stage name."""

    def __init__(self) -> None:
        self.figures: dict[str, dict[str, float]] = {}
        self.peak_mb = 0.0

    @contextmanager
    def measure(self, name: str):
        pids = process_tree()
        peak = [rss_mb(pids)]
        done = threading.Event()

        def sample() -> None:
            tree, n = pids, 0
            while not done.wait(SAMPLE_SECONDS):
                n += 1
                if n % RESCAN_EVERY == 0:
                    tree = process_tree()
                peak[0] = max(peak[0], rss_mb(tree))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            yield
        finally:
            done.set()
            sampler.join()
            figure = self.figures.setdefault(name, {"wall_seconds": 0.0, "peak_memory_mb": 0.0})
            figure["wall_seconds"] = round(figure["wall_seconds"] + time.perf_counter() - start, 3)
            figure["peak_memory_mb"] = round(max(figure["peak_memory_mb"], peak[0]), 1)
            self.peak_mb = max(self.peak_mb, figure["peak_memory_mb"])

    @staticmethod
    def give_back() -> None:
        """Return the memory freed so far to the system: glibc keeps a freed heap for the
        process (one arena per thread of the task runner), and it counted against the
        stages after (dbt runs beside it)."""
        gc.collect()
        _libc.malloc_trim(0)
