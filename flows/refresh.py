"""The refresh flow: write, audit, publish.

documents and submissions → take in (archive; parse what the parse cache does not hold, in
parallel batches on the flow's task runner) → quality gates (per document, and on all new
submissions at once) → land the accepted → dbt build into a scratch warehouse (on a copy of
the published one when only submissions changed: incremental models add the new rows, and
only the models downstream of the submissions are built) → quality gate on the marts →
run log → publish by atomic rename → exports. A file that fails is quarantined and the
others publish; a run with nothing left to publish, or whose build fails, publishes nothing
and the last good warehouse stays byte-identical.

The task runner is a thread pool (polars and DuckDB release the GIL); set
ECOBENCH_DASK_ADDRESS=tcp://scheduler:8786 to run the parse batches on a Dask cluster
through prefect-dask (see README).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

import expectations
from ecobench import runlog, warehouse
from ecobench.ingest.document import ParsedDocument
from ecobench.publish import exports
from ecobench.quality.gate import Check, Gate, describe_cells, document_frames, submission_frame
from ecobench.quality.intake import (
    ACCEPTED,
    DOCUMENT,
    IGNORED,
    QUARANTINED,
    SUBMISSION,
    SUPERSEDED,
    Intake,
    cache_path,
    count_once,
    deduplicate,
    keep,
    stash,
    take_in_batch,
)
from ecobench.quality.reference import load_reference
from ecobench.stages import Stages

# the tasks that read or write files retry (2 s, 4 s, 8 s, with jitter): a share that
# blips, a file being copied in. Parsing, the gates and dbt are deterministic: no retry.
IO_RETRIES = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=2),
    "retry_jitter_factor": 0.5,
}


class NothingToPublish(RuntimeError):
    """Every document was quarantined, or there were none."""


class MartsRejected(RuntimeError):
    """The built marts fail a blocking expectation no document can be blamed for."""


@task
def discover(sources_dir: Path, submissions_dir: Path | None) -> list[Path]:
    """Every entry of the sources folder, then of the submissions folder, in name order: the
    take-in accounts for each (read, or listed with why not)."""
    if not sources_dir.is_dir():
        raise NothingToPublish(f"sources folder not found: {sources_dir}")
    documents = sorted(sources_dir.iterdir())
    submitted = (
        sorted(submissions_dir.iterdir())
        if submissions_dir is not None and submissions_dir.is_dir()
        else []
    )
    get_run_logger().info(
        "stage discover: %d documents in %s, %d submissions in %s",
        len(documents),
        sources_dir,
        len(submitted),
        submissions_dir,
    )
    return documents + submitted


@task(task_run_name="take in {paths[0].name} (+{n_more})", **IO_RETRIES)
def take(paths: list[Path], n_more: int, archive_dir: Path, allow_synthetic: bool) -> list[Intake]:
    """Archive a batch of files, parse those the parse cache does not hold (a quarantine,
    never a crash)."""
    intakes = take_in_batch(paths, archive_dir, allow_synthetic)
    for intake in intakes:
        stash(intake, archive_dir)
        if intake.outcome != ACCEPTED:
            get_run_logger().info(
                "stage take in: %s -> %s %s", intake.source_file, intake.outcome, intake.reason
            )
    return intakes


def _batches(paths: list[Path], n: int) -> list[list[Path]]:
    """Split the files in n batches of about equal size (one Prefect task each: a task per
    file would cost more than parsing it)."""
    n = max(1, min(n, len(paths)))
    return [batch for batch in (paths[i::n] for i in range(n)) if batch]


@task(cache_policy=NO_CACHE)
def open_gate(data_docs_dir: Path) -> Gate:
    """The GX context with a checkpoint per suite of expectations/."""
    return Gate(load_reference(), expectations.SUITES, data_docs_dir)


@task(cache_policy=NO_CACHE)
def gate_documents(new: list[Intake], gate: Gate, run_id: str) -> list[Check]:
    """Validate the new documents' rows, one checkpoint per table for all of them, each
    outcome then told per document; quarantine a document on a blocking failure."""
    if not new:
        return []
    frames = [document_frames(intake.parsed, load_reference()) for intake in new]
    batch = [
        check
        for table in frames[0]
        for check in gate.validate(
            table,
            pl.concat([f[table] for f in frames], how="diagonal_relaxed"),
            run_id=run_id,
            stage="document",
        )
    ]
    checks = []
    for intake in new:
        document_checks = [check.for_file(intake.source_file) for check in batch]
        checks += document_checks
        _quarantine_on_failure(intake, document_checks)
    return checks


@task(cache_policy=NO_CACHE)
def gate_submissions(new: list[Intake], gate: Gate, run_id: str) -> list[Check]:
    """Validate the rows of every new submission at once; quarantine each file with a
    failing row, naming its sheet, row and column."""
    if not new:
        return []
    rows = pl.concat([i.submitted for i in new])
    checks = gate.validate(
        "submissions", submission_frame(rows, load_reference()), run_id=run_id, stage="submission"
    )
    for intake in new:
        mine = [c.for_file(intake.source_file) for c in checks]
        # each cell named with its sheet and value, from the file's own rows
        _quarantine_on_failure(intake, mine, partial(describe_cells, rows=intake.submitted))
    get_run_logger().info(
        "stage gate submissions: %d new, %d quarantined",
        len(new),
        sum(i.outcome == QUARANTINED for i in new),
    )
    return checks


@task(cache_policy=NO_CACHE, **IO_RETRIES)
def land(
    documents: list[ParsedDocument],
    superseded: list[tuple[ParsedDocument, str]],
    submissions: list[Path],
    landing_dir: Path,
) -> dict[str, int]:
    """Write the accepted documents' rows as parquet, and the values of the revisions they
    superseded; link the accepted submissions' rows (their files in the parse cache): the
    sources of the dbt project."""
    counts = warehouse.land(documents, landing_dir)
    counts["superseded_values"] = warehouse.land_history(superseded, landing_dir)
    counts["submissions"] = warehouse.land_submissions(submissions, landing_dir)
    get_run_logger().info("stage land: %s", counts)
    return counts


@task
def dbt_build(
    build_path: Path, landing_dir: Path, base: Path | None, select: str | None
) -> list[str]:
    """Build and test the models into the scratch warehouse; a failure fails the flow."""
    results = warehouse.dbt_build(build_path, landing_dir, base, select)
    get_run_logger().info(
        "stage dbt build: %d nodes passed (%s)",
        len(results),
        f"on the published warehouse, {select}" if select else "all models",
    )
    return results


@task
def dbt_docs(build_path: Path, landing_dir: Path, out_dir: Path) -> str:
    """The dbt documentation site of the warehouse about to be published."""
    index = warehouse.dbt_docs(build_path, landing_dir, out_dir)
    get_run_logger().info("stage dbt docs: %s", index)
    return str(index)


def mart_frames(build_path: Path, nodes: list[str]) -> dict[str, pl.DataFrame]:
    """The guarded marts this build made (a build limited to what depends on the
    submissions leaves the others as they were validated)."""
    return {
        module.TABLE: warehouse.read_table(build_path, f"marts.{module.TABLE}")
        for module in expectations.MART_SUITES
        if any(node.startswith(f"model.ecobench.{module.TABLE}:") for node in nodes)
    }


@task(cache_policy=NO_CACHE)
def gate_marts(frames: dict[str, pl.DataFrame], gate: Gate, run_id: str) -> list[Check]:
    """Validate the built marts before they are published."""
    checks = []
    for table, frame in frames.items():
        checks += gate.validate(table, frame, run_id=run_id, stage="marts")
    return checks


@task(**IO_RETRIES)
def publish(build_path: Path, warehouse_path: Path) -> str:
    """Replace the published warehouse atomically."""
    path = warehouse.publish(build_path, warehouse_path)
    get_run_logger().info("stage publish: %s", path)
    return str(path)


@task(**IO_RETRIES)
def export(warehouse_path: Path, exports_dir: Path) -> dict[str, str]:
    """Parquet, Excel, the Evidence DuckDB copy and the offline HTML report of the marts."""
    written = exports.export(warehouse_path, exports_dir)
    get_run_logger().info("stage export: %d files in %s", len(written), exports_dir)
    return {name: str(path) for name, path in written.items()}


@contextmanager
def without_heartbeats():
    """For a refresh run in this process (the CLI, the bench). Prefect's flow-run heartbeats
    let a server spot the crashed runs of a deployment (served runs, in their own process,
    keep them); its heartbeat thread sleeps in one-second slices and held the end of every
    run for up to a second (measured 0.1-1.0 s)."""
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def task_runner():
    """Threads on this machine; a Dask cluster when ECOBENCH_DASK_ADDRESS names one."""
    address = os.environ.get("ECOBENCH_DASK_ADDRESS")
    if address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=address)
    return ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2)


@flow(name="ecobench-refresh", log_prints=True, task_runner=task_runner())
def refresh(
    sources_dir: Path,
    warehouse_path: Path,
    wait_seconds: float = 0.0,
    submissions_dir: Path | None = None,
    allow_synthetic: bool = False,
) -> dict:
    """Refresh the warehouse from the documents in sources_dir and the district submissions
    in submissions_dir (one refresh at a time). Synthetic submissions are refused unless
    allow_synthetic (`ecobench bench`, in its scratch warehouse)."""
    work_dir = warehouse_path.parent
    archive_dir = work_dir / "archive"
    with runlog.refresh_lock(work_dir / ".refresh.lock", wait_seconds):
        run = runlog.Run(runlog.new_run_id(), str(sources_dir))
        try:
            return _refresh(
                run, sources_dir, submissions_dir, warehouse_path, archive_dir, allow_synthetic
            )
        except NothingToPublish as exc:
            run.finish("nothing_to_publish", str(exc))
            raise
        except Exception as exc:
            run.finish("failed", str(exc))
            raise
        finally:
            run.save(archive_dir)


def _refresh(
    run: runlog.Run,
    sources_dir: Path,
    submissions_dir: Path | None,
    warehouse_path: Path,
    archive_dir: Path,
    allow_synthetic: bool,
) -> dict:
    logger = get_run_logger()
    stages = Stages()
    work_dir = warehouse_path.parent
    landing_dir = work_dir / "landing"
    build_path = work_dir / ".build" / warehouse_path.name
    exports_dir = work_dir.parent / "reports" / "exports"
    with stages.measure("parse"):
        paths = discover(sources_dir, submissions_dir)
        batches = _batches(paths, 2 * (os.cpu_count() or 2))
        taken = take.map(
            batches,
            [len(b) - 1 for b in batches],
            archive_dir=unmapped(archive_dir),
            allow_synthetic=unmapped(allow_synthetic),
        ).result()
        run.intakes = deduplicate([intake for batch in taken for intake in batch])
    with stages.measure("validate"):
        gate = open_gate(work_dir / "data_docs")
        # each task is given only the files it works on: Prefect walks a task's arguments,
        # which costs ~0.1 ms per file
        new = [i for i in run.intakes if i.outcome == ACCEPTED and not i.cached]
        run.checks += gate_documents([i for i in new if i.kind == DOCUMENT], gate, run.run_id)
        run.checks += gate_submissions([i for i in new if i.kind == SUBMISSION], gate, run.run_id)
        for intake in run.intakes:
            keep(intake, archive_dir)
            intake.submitted = None  # landed from the cache: no need to hold it in memory
        count_once(run.intakes)  # the same document twice, among those that passed
    base, select = _build_plan(warehouse_path, run.intakes)
    while True:
        accepted = [i for i in run.intakes if i.outcome == ACCEPTED]
        if not any(i.kind == DOCUMENT for i in accepted):
            raise NothingToPublish(
                "nothing to publish: "
                + ("; ".join(_why(i) for i in run.intakes) or f"no documents in {sources_dir}")
                + f". The published warehouse {warehouse_path} is unchanged."
            )
        with stages.measure("land"):
            run.rows_published = land(
                [i.parsed for i in accepted if i.kind == DOCUMENT],
                [(i.parsed, i.superseded_by) for i in run.intakes if i.outcome == SUPERSEDED],
                [cache_path(i, archive_dir) for i in accepted if i.kind == SUBMISSION],
                landing_dir,
            )
        with stages.measure("dbt_build"):
            nodes = dbt_build(build_path, landing_dir, base, select)
        with stages.measure("validate"):
            frames = mart_frames(build_path, nodes)
            # the docs site, generated while GX checks the marts (each keeps one core busy);
            # not when only submissions changed: the models are those documented already
            docs = (
                None
                if select
                else dbt_docs.submit(build_path, landing_dir, exports_dir / "dbt_docs")
            )
            mart_checks = gate_marts(frames, gate, run.run_id)
        run.checks += mart_checks
        blamed = _blame(run.intakes, mart_checks)
        if not blamed:
            break
        logger.warning("marts gate: quarantining %s and building again", sorted(blamed))
        if docs is not None:
            docs.wait()  # it reads the build this loop is about to replace
        base, select = _build_plan(warehouse_path, run.intakes)
    quarantined = [i for i in run.intakes if i.outcome == QUARANTINED]
    run.finish(
        "published_with_quarantine" if quarantined else "published",
        "; ".join(_why(i) for i in quarantined) or None,
    )
    with stages.measure("publish"), ThreadPoolExecutor(1) as aside:
        # GX renders the Data Docs (Python) while dbt docs, if any, and then DuckDB's
        # exports run
        rendering = aside.submit(gate.build_data_docs)
        if docs is not None:
            docs.result()  # raises if dbt docs failed; then the build is ours alone again
        runlog.write_tables(build_path, runlog.history(archive_dir, run))
        published = publish(build_path, warehouse_path)
        _save_build_state(warehouse_path, run.intakes)
        exported = export(warehouse_path, exports_dir)
        rendering.result()
    return {
        "run_id": run.run_id,
        "status": run.status,
        "documents": sum(i.kind == DOCUMENT for i in accepted),
        "submissions": sum(i.kind == SUBMISSION for i in accepted),
        "parsed": sum(not i.cached and bool(i.sha256) for i in run.intakes),
        "ignored": {i.source_file: i.reason for i in run.intakes if i.outcome == IGNORED},
        "quarantined": {i.source_file: i.reason for i in quarantined},
        "duplicates": {i.source_file: i.duplicate_of for i in run.intakes if i.duplicate_of},
        "superseded": {i.source_file: i.superseded_by for i in run.intakes if i.superseded_by},
        "rows": run.rows_published,
        "dbt_nodes": len(nodes),
        "dbt_select": select,
        "warehouse": published,
        "data_docs": str(work_dir / "data_docs" / "index.html"),
        "exports": exported,
        "stages": stages.figures,
        "peak_memory_mb": stages.peak_mb,
    }


def _build_state(intakes: list[Intake]) -> dict:
    return {
        "project": warehouse.project_fingerprint(),
        "documents": sorted(
            i.content_sha256
            for i in intakes
            if i.outcome in (ACCEPTED, SUPERSEDED) and i.kind == DOCUMENT
        ),
    }


def _build_plan(warehouse_path: Path, intakes: list[Intake]) -> tuple[Path | None, str | None]:
    """Build on a copy of the published warehouse when it was built by the same project
    (models, seeds, macros); when its documents are also the same, build only what depends
    on the submissions. Otherwise build everything from scratch."""
    state_file = warehouse_path.with_suffix(".build.json")
    if not (warehouse_path.exists() and state_file.exists()):
        return None, None
    previous, current = json.loads(state_file.read_text()), _build_state(intakes)
    if previous.get("project") != current["project"]:
        return None, None
    if previous.get("documents") != current["documents"]:
        return warehouse_path, None
    return warehouse_path, "source:landing.submissions+"


def _save_build_state(warehouse_path: Path, intakes: list[Intake]) -> None:
    state_file = warehouse_path.with_suffix(".build.json")
    tmp = state_file.with_name(f".{state_file.name}.tmp")
    tmp.write_text(json.dumps(_build_state(intakes), indent=1))
    os.replace(tmp, state_file)


def _quarantine_on_failure(
    intake: Intake, checks: list[Check], describe: Callable[[Check], str] = Check.describe
) -> bool:
    failed = [c for c in checks if c.blocking and not c.success]
    if failed:
        intake.quarantine(
            "; ".join(describe(check) for check in failed),
            [
                {
                    "source_file": file,
                    "source_line": line,
                    "suite": check.suite,
                    "column": check.column,
                }
                for check in failed
                for file, line in check.offending[:20]
            ],
        )
    return bool(failed)


def _blame(intakes: list[Intake], checks: list[Check]) -> set[str]:
    """Quarantine the documents whose rows fail a blocking marts expectation; a failure no
    accepted document can be blamed for rejects the whole build."""
    failed = [c for c in checks if c.blocking and not c.success]
    if not failed:
        return set()
    by_file = {i.source_file: i for i in intakes if i.outcome == ACCEPTED}
    blamed = set()
    for intake in by_file.values():
        if _quarantine_on_failure(
            intake, [c for c in failed if any(f == intake.source_file for f, _ in c.offending)]
        ):
            blamed.add(intake.source_file)
    if not blamed:
        raise MartsRejected("the built marts fail: " + "; ".join(c.describe() for c in failed))
    return blamed


def _why(intake: Intake) -> str:
    return f"{intake.source_file} {intake.outcome}: {intake.reason}"
