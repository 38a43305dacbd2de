"""Wall time and peak memory of each stage of a refresh (its summary), for `ecobench bench`.

Memory is the resident set of this process and its children (dbt runs in its own
process), sampled every 20 ms from /proc while a stage runs.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss_mb(root: int | None = None) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    root = root or os.getpid()
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total / 2**20


class Stages:
    """Accumulates wall seconds and peak memory per stage name."""

    def __init__(self) -> None:
        self.figures: dict[str, dict[str, float]] = {}
        self.peak_mb = 0.0

    @contextmanager
    def measure(self, name: str):
        peak = [tree_rss_mb()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], tree_rss_mb())

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
