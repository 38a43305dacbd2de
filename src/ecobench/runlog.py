"""What each refresh did, kept beside the warehouse and published with it.

Every run writes a manifest under `warehouse/archive/runs/<run_id>/` (the documents it saw,
what became of each, its status) and the results of its quality checks. The published
warehouse carries the history of every run, failed ones included, as `marts.pipeline_runs`,
`marts.dq_results` and `marts.dq_quarantine`: a failed run publishes nothing, so its
record appears with the next run that publishes. A run's message and a file's reason are
kept in English and in Chinese (`message_zh`, `reason_zh`); a run archived before the
Chinese was kept is told in Chinese as such (`_before_zh`).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import duckdb
import polars as pl

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
from ecobench.messages import OUTCOMES_ZH, Bilingual, stage_zh, zh_of
from ecobench.quality.checks import CHECK_SCHEMA, Check, checks_frame


class NothingToPublish(Bilingual, RuntimeError):
    """Every document was quarantined, or there were none."""


class RefreshBusy(RuntimeError):
    """Another refresh holds the warehouse."""


class PublishedThenFailed(RuntimeError):
    """The warehouse was replaced; a step after it (exports, docs) failed."""


# What `ecobench refresh` exits with (docs/reliability.md)
EXIT_PUBLISHED, EXIT_QUARANTINED, EXIT_NOTHING, EXIT_BUSY, EXIT_AFTER_PUBLISH = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = processes.EXIT_INTERRUPTED  # stopped by Ctrl-C or SIGTERM


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
        in it is told as `interrupted` in that step by the next run (`mark_interrupted`)."""
        self.stage = stage
        self.save(archive_dir)
        fault_point(stage)

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


def mark_interrupted(archive_dir: Path, published: Path) -> list[str]:
    """Under the refresh lock: a run whose manifest was never closed was killed (no refresh
    can be running beside this one). Before publishing, it becomes `interrupted`, in the
    step it reached, with the checks it had saved; if it had replaced the warehouse (its
    manifest says so, or its record is in the published run log), it stays `published`,
    and its message says it was stopped after that. Returns what it told."""
    told = []
    for path, manifest in manifests(archive_dir):
        if manifest.get("closed", True):
            continue  # ended by itself (or written before runs said so)
        stage = manifest.get("stage") or "start"
        status = manifest["status"]
        if status == "running":  # killed before its end, perhaps right after the rename
            status = _published_status(published, manifest["run_id"]) or "interrupted"
        if status.startswith("published"):
            manifest["message"] = "; ".join(
                filter(
                    None,
                    [
                        manifest.get("message"),
                        f"published; then stopped in {stage} (killed, or the machine stopped)",
                    ],
                )
            )
            manifest["message_zh"] = "；".join(
                filter(
                    None,
                    [
                        manifest.get("message_zh") or _before_zh(manifest.get("message")),
                        f"已发布；随后在“{stage_zh(stage)}”步骤中被停止（进程被终止，或机器停机）",
                    ],
                )
            )
        else:
            manifest["message"] = (
                f"stopped without a word in {stage} (killed, or the machine stopped): nothing "
                "of it was published; the warehouse stayed as the last run that published left it"
            )
            manifest["message_zh"] = (
                f"在“{stage_zh(stage)}”步骤中意外停止，未留下结束记录（进程被终止，或机器停机）："
                "本次运行没有发布任何内容；数据仓库保持为上一次发布后的状态"
            )
        manifest["status"], manifest["closed"] = status, True
        published_now = status.startswith("published")
        manifest["documents_published"] = (
            sum(d["outcome"] == ACCEPTED for d in manifest["documents"]) if published_now else 0
        )
        manifest["ended_at"] = manifest.get("ended_at") or datetime.now(UTC).isoformat()
        tmp = path.with_name(".manifest.json.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(tmp, path)
        told.append(f"{manifest['run_id']}: {manifest['status']} ({manifest['message']})")
    return told


def _published_status(published: Path, run_id: str) -> str | None:
    """The status a run has in the published warehouse's run log, if it is there."""
    if not published.exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            found = con.execute(
                "select status from marts.pipeline_runs where run_id = ?", [run_id]
            ).fetchall()
    except duckdb.Error:
        return None
    return found[0][0] if found else None


RUN_SCHEMA = {
    "run_id": pl.String,
    "started_at": pl.String,
    "ended_at": pl.String,
    "status": pl.String,
    "stage": pl.String,
    "message": pl.String,
    "message_zh": pl.String,
    "sources_dir": pl.String,
    "documents_seen": pl.Int64,
    "documents_published": pl.Int64,
    "documents_quarantined": pl.Int64,
    "documents_duplicate": pl.Int64,
    "documents_superseded": pl.Int64,
    "rows_published": pl.Int64,
}
QUARANTINE_SCHEMA = {
    "run_id": pl.String,
    "source_file": pl.String,
    "sha256": pl.String,
    "archived_as": pl.String,
    "reason": pl.String,
    "reason_zh": pl.String,
    "offending_rows": pl.String,
}


def history(archive_dir: Path, current: Run) -> dict[str, pl.DataFrame]:
    """The run-log tables: every archived run, and the current one as it will be published."""
    archived = [m for path, m in manifests(archive_dir) if path.parent.name != current.run_id]
    logged = [*archived, current.manifest()]
    runs = pl.DataFrame(
        [
            {
                **{key: m.get(key) for key in RUN_SCHEMA if key != "rows_published"},
                "message_zh": m.get("message_zh") or _before_zh(m.get("message")),
                "rows_published": sum((m.get("rows_published") or {}).values()),
            }
            for m in logged
        ],
        schema=RUN_SCHEMA,
    )
    quarantine = pl.DataFrame(
        [
            {
                "run_id": m["run_id"],
                "source_file": d["source_file"],
                "sha256": d["sha256"],
                "archived_as": d["archived_as"],
                "reason": d["reason"],
                "reason_zh": d.get("reason_zh") or _before_zh(d["reason"], d["source_file"]),
                "offending_rows": json.dumps(d["offending_rows"], ensure_ascii=False),
            }
            for m in logged
            for d in m["documents"]
            if d["outcome"] == QUARANTINED
        ],
        schema=QUARANTINE_SCHEMA,
    )
    earlier = [
        _checks_as_now(pl.read_parquet(path))
        for path in sorted((archive_dir / "runs").glob("*/dq_results.parquet"))
        if path.parent.name != current.run_id
    ]
    results = pl.concat([*earlier, checks_frame(current.checks)], how="vertical_relaxed")
    results = results.cast(cast(dict[Any, Any], CHECK_SCHEMA)).with_columns(
        check_no=pl.int_range(1, pl.len() + 1).over("run_id")  # the key, with run_id
    )
    return {
        "pipeline_runs": runs.sort("started_at"),
        "dq_results": results,
        "dq_quarantine": quarantine,
    }


BEFORE_ZH = "此记录早于中文说明，见英文说明"  # a run archived before the Chinese was kept


def _before_zh(english: str | None, source_file: str | None = None) -> str | None:
    """The Chinese of a message or reason archived before the Chinese was kept: that it is
    in English only (beside it), with the file it is about."""
    if english is None:
        return None
    return f"{source_file}：{BEFORE_ZH}" if source_file else BEFORE_ZH


def _checks_as_now(frame: pl.DataFrame) -> pl.DataFrame:
    """An archived run's checks with the columns checks have now: one archived before the
    Chinese has why_en from its why, why_zh saying it is in English only, and the suites'
    Chinese names (they are named as they were)."""
    if "why_zh" in frame.columns:
        return frame.select(list(CHECK_SCHEMA))
    import expectations  # only for an old run's checks: the suites load GX

    names = {module.TABLE: module.TABLE_ZH for module in expectations.SUITES}
    return frame.with_columns(
        suite_zh=pl.col("suite").replace_strict(names, default=pl.col("suite")),
        why_en=pl.col("why"),
        why_zh=pl.lit(BEFORE_ZH),
    ).select(list(CHECK_SCHEMA))


def write_tables(database: Path, tables: dict[str, pl.DataFrame]) -> None:
    """The run-log tables of the built warehouse (dbt's models, with their comments) given
    this run as it ends (its status, the marts' checks), before it is published."""
    with duckdb.connect(str(database)) as con:
        for name, frame in tables.items():
            con.register("frame", frame.to_arrow())
            con.execute(f"delete from marts.{name}")
            con.execute(f"insert into marts.{name} by name select * from frame")
            con.unregister("frame")
