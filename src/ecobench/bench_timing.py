"""Wall time and peak memory of each stage of a refresh, for `ecobench bench`.

The flow knows nothing of it. The bench runs `ecobench refresh --summary-json`, which
watches the steps its run enters (`runlog.watching_steps`) and writes the stages they
make up into the summary (`timing_stages`): a stage lasts from the step that begins it to
the next step of another stage, or to the end of the steps.

Memory is the resident set of this process and its children (dbt runs in its own
process), sampled every 20 ms from /proc while a stage runs. The process tree is listed
again every half second (a scan of every process): scanning at every sample slowed the dbt
build being measured (docs/performance.md).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ecobench import runlog

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.02
RESCAN_EVERY = 25  # samples
# the bench's stage of each step a run records (runlog.Run.enter); the others, none
STAGE_OF_STEP = {
    "take_in": "parse",
    "validate": "validate",
    "land": "land",
    "dbt_build": "dbt_build",
    "gate_marts": "validate",
    "publish": "publish",
    "export": "publish",
}


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


class _StepTimer:
    """Measures the stage of the step a run is in, until it enters one of another stage."""

    def __init__(self) -> None:
        self.stages = Stages()
        self.stage: str | None = None
        self.measuring = ExitStack()

    def enter(self, step: str) -> None:
        stage = STAGE_OF_STEP.get(step)
        if stage == self.stage:
            return
        self.measuring.close()
        self.stage = stage
        if stage is not None:
            self.measuring.enter_context(self.stages.measure(stage))


@contextmanager
def timing_stages() -> Iterator[Stages]:
    """The stages of the refresh run in it, measured as its run enters its steps."""
    timer = _StepTimer()
    with runlog.watching_steps(timer.enter):
        try:
            yield timer.stages
        finally:
            timer.enter(runlog.DONE)


@contextmanager
def summary_figures(timed: bool) -> Iterator[dict]:
    """With timed (the bench asks), the figures of the refresh run in it, for its summary
    once it ends: each stage's wall time and peak memory; else nothing."""
    figures: dict = {}
    if not timed:
        yield figures
        return
    with timing_stages() as stages:
        yield figures
    figures.update(stages=stages.figures, peak_memory_mb=stages.peak_mb)
