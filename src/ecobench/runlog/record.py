"""The record of one refresh: its state through its steps, kept beside the warehouse.

Every run writes a manifest under `warehouse/archive/runs/<run_id>/` (the documents it saw,
what became of each, its status, the step it is in) and the results of its quality checks,
each time it enters a step: a run killed in one is told by the next (`interrupted`). A
run's message and a file's reason are kept in English and in Chinese (`message_zh`,
`reason_zh`).

Whoever wants to hear the steps a run in this process enters watches them
(`watching_steps`): `ecobench bench` times its stages so (bench_timing.py); the flow
knows of no watcher.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ecobench import processes
from ecobench.ingest.intake import (
    ACCEPTED,
    DOCUMENT,
    DUPLICATE,
    IGNORED,
    QUARANTINED,
    SUBMISSION,
    SUPERSEDED,
    Intake,
    cache_path,
)
from ecobench.messages import OUTCOMES_ZH, Bilingual, zh_of
from ecobench.quality.checks import Check, checks_frame


class NothingToPublish(Bilingual, RuntimeError):
    """Every document was quarantined, or there were none."""


class PublishedThenFailed(RuntimeError):
    """The warehouse was replaced; a step after it (exports, docs) failed."""


DONE = "done"  # the step of a run whose steps are over
_step_watchers: list[Callable[[str], None]] = []


@contextmanager
def watching_steps(watcher: Callable[[str], None]) -> Iterator[None]:
    """While in it, watcher is told each step a run in this process enters, once the run
    has recorded it, and DONE when its steps are over."""
    _step_watchers.append(watcher)
    try:
        yield
    finally:
        _step_watchers.remove(watcher)


def new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass
class Run:
    run_id: str
    sources_dir: str
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    ended_at: str | None = None
    status: str = "running"
    stage: str = "start"  # the step it is in, or was in when it ended
    message: str | None = None
    message_zh: str | None = None  # the message in Chinese
    intakes: list[Intake] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    rows_published: dict[str, int] = field(default_factory=dict)
    published: bool = False  # the warehouse was replaced by this run
    closed: bool = False  # the run ended by itself (a killed run never does)

    def finish(
        self, status: str, message: str | None = None, message_zh: str | None = None
    ) -> None:
        """End the run with its status and what it says, in English and in Chinese."""
        self.status, self.message, self.message_zh = status, message, message_zh
        self.ended_at = datetime.now(UTC).isoformat()

    def enter(self, stage: str, archive_dir: Path) -> None:
        """Record that the run reached a step, with the checks it has so far: a run killed
        in it is told as `interrupted` in that step by the next run (`mark_interrupted`).
        A run being stopped goes no further, even where Python swallowed the interrupt."""
        processes.raise_if_stopping()
        self.stage = stage
        self.save(archive_dir)
        fault_point(stage)
        for watcher in _step_watchers:
            watcher(stage)

    def done(self) -> None:
        """Its steps are over: what is left is to close its record."""
        self.stage = DONE
        for watcher in _step_watchers:
            watcher(DONE)

    def failed_after_publishing(self, step: str, step_zh: str, exc: BaseException) -> None:
        """The warehouse was replaced: the run stays published, and says what failed after
        (the error's own text, in Chinese when it has one)."""
        told = f"published; then {step} failed: {exc}"
        told_zh = f"已发布；随后{step_zh}失败：{zh_of(exc) or exc}"
        self.message = f"{self.message}; {told}" if self.message else told
        self.message_zh = f"{self.message_zh}；{told_zh}" if self.message_zh else told_zh
        self.ended_at = datetime.now(UTC).isoformat()

    def count(self, outcome: str) -> int:
        return sum(1 for intake in self.intakes if intake.outcome == outcome)

    def of(self, outcome: str, kind: str | None = None) -> list[Intake]:
        """The files taken in with this outcome (of this kind: document, submission)."""
        return [i for i in self.intakes if i.outcome == outcome and kind in (None, i.kind)]

    def new(self) -> list[Intake]:
        """The files parsed this run that are still accepted: those the gates judge."""
        return [i for i in self.of(ACCEPTED) if not i.cached]

    def to_land(self, archive_dir: Path) -> tuple[list, list, list[Path]]:
        """What the land step writes: the accepted documents' rows, the older revisions'
        rows with the file that superseded each, the accepted submissions' cached rows."""
        return (
            [i.parsed for i in self.of(ACCEPTED, DOCUMENT)],
            [(i.parsed, i.superseded_by) for i in self.of(SUPERSEDED, DOCUMENT)],
            [cache_path(i, archive_dir) for i in self.of(ACCEPTED, SUBMISSION)],
        )

    def why(self, outcome: str | None = QUARANTINED) -> str:
        """Each file of an outcome (of any, None) with its reason, on one line."""
        chosen = self.of(outcome) if outcome else self.intakes
        return "; ".join(f"{i.source_file} {i.outcome}: {i.reason}" for i in chosen)

    def why_zh(self, outcome: str | None = QUARANTINED) -> str:
        """`why` in Chinese: each file, what became of it, its reason."""
        chosen = self.of(outcome) if outcome else self.intakes
        return "；".join(
            f"{i.source_file} {OUTCOMES_ZH.get(i.outcome, i.outcome)}："
            f"{i.reason_zh or i.reason or ''}"
            for i in chosen
        )

    def check_publishable(self, sources_dir: Path, warehouse_path: Path) -> None:
        """Raise NothingToPublish, naming every file and why, when no document is left."""
        if not self.of(ACCEPTED, DOCUMENT):
            every = self.why(None) or f"no documents in {sources_dir}"
            every_zh = self.why_zh(None) or f"{sources_dir} 中没有文件"
            raise NothingToPublish(
                f"nothing to publish: {every}. "
                f"The published warehouse {warehouse_path} is unchanged.",
                f"没有可发布的内容：{every_zh}。已发布的数据仓库 {warehouse_path} 保持不变。",
            )

    def finish_published(self) -> None:
        quarantined = self.of(QUARANTINED)
        self.finish(
            "published_with_quarantine" if quarantined else "published",
            self.why() or None,
            self.why_zh() or None,
        )

    def summary(self) -> dict:
        """What the refresh returns (and the CLI prints): the files by outcome."""
        accepted = self.of(ACCEPTED)
        return {
            "run_id": self.run_id,
            "status": self.status,
            "documents": sum(i.kind == DOCUMENT for i in accepted),
            "submissions": sum(i.kind == SUBMISSION for i in accepted),
            "parsed": sum(not i.cached and bool(i.sha256) for i in self.intakes),
            "ignored": {i.source_file: i.reason for i in self.of(IGNORED)},
            "quarantined": {i.source_file: i.reason for i in self.of(QUARANTINED)},
            "duplicates": {i.source_file: i.duplicate_of for i in self.intakes if i.duplicate_of},
            "superseded": {i.source_file: i.superseded_by for i in self.of(SUPERSEDED)},
            "rows": self.rows_published,
        }

    def manifest(self) -> dict:
        return {
            "run_id": self.run_id,
            "sources_dir": self.sources_dir,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "status": self.status,
            "stage": self.stage,
            "closed": self.closed,
            "message": self.message,
            "message_zh": self.message_zh,
            "documents_seen": len(self.intakes) - self.count(IGNORED),
            "documents_published": self.count(ACCEPTED)
            if self.status.startswith("published")
            else 0,
            "documents_quarantined": self.count(QUARANTINED),
            "documents_duplicate": self.count(DUPLICATE),
            "documents_superseded": self.count(SUPERSEDED),
            "rows_published": self.rows_published,
            "documents": [intake.manifest() for intake in self.intakes],
        }

    def save(self, archive_dir: Path) -> Path:
        """Write the manifest and the checks of this run (atomically, as one folder)."""
        folder = archive_dir / "runs" / self.run_id
        folder.mkdir(parents=True, exist_ok=True)
        checks_frame(self.checks).write_parquet(folder / "dq_results.parquet")
        tmp = folder / ".manifest.json.tmp"
        tmp.write_text(json.dumps(self.manifest(), ensure_ascii=False, indent=2))
        os.replace(tmp, folder / "manifest.json")
        return folder


def fault_point(name: str) -> None:
    """The fault drill (tests/quality/test_fault_drill.py) kills a refresh here, as `kill -9`
    would, when ECOBENCH_KILL_AT names this point; nothing happens otherwise."""
    if os.environ.get("ECOBENCH_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def manifests(archive_dir: Path):
    """Every archived run's manifest, with its path. Ours are written by rename, never
    half; one that cannot be read (damaged on disk, a foreign file) is left out of the run
    log with a warning naming it, rather than stopping the refresh."""
    for path in sorted((archive_dir / "runs").glob("*/manifest.json")):
        try:
            yield path, json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            logging.getLogger("ecobench").warning(
                "unreadable run manifest %s left out: %s", path, exc
            )
