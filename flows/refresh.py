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

import dataclasses
import os
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

import expectations
from ecobench import landing, notify, processes, runlog, unchanged, warehouse
from ecobench.ingest import intake
from ecobench.ingest.document import ParsedDocument
from ecobench.ingest.intake import ACCEPTED, DOCUMENT, QUARANTINED, SUBMISSION, Intake
from ecobench.messages import failed_zh, stage_zh
from ecobench.publish import run as exports
from ecobench.quality import quarantine
from ecobench.quality.checks import Check
from ecobench.quality.gate import Gate
from ecobench.quality.reference import load_reference
from ecobench.runlog import NothingToPublish, PublishedThenFailed
from ecobench.warehouse import BuildPlan, Layout

# the tasks that read or write files retry (2 s, 4 s, 8 s, with jitter): a share that
# blips, a file being copied in. Parsing, the gates and dbt are deterministic: no retry.
IO_RETRIES = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=2),
    "retry_jitter_factor": 0.5,
}


@task
def discover(sources_dir: Path, submissions_dir: Path | None) -> list[Path]:
    """Every entry of the sources folder, then of the submissions folder, in name order: the
    take-in accounts for each (read, or listed with why not)."""
    if not sources_dir.is_dir():
        raise NothingToPublish(
            f"sources folder not found: {sources_dir}", f"找不到文件目录：{sources_dir}"
        )
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
    """1. Archive a batch of files, parse those the parse cache does not hold (a quarantine,
    never a crash), their rows stashed pending the gate."""
    intakes = intake.take_in_batch(paths, archive_dir, allow_synthetic)
    for taken in intakes:
        if taken.repaired:
            get_run_logger().warning(
                "stage take in: %s %s: parsed again", taken.source_file, taken.repaired
            )
        if taken.outcome != ACCEPTED:
            get_run_logger().info(
                "stage take in: %s -> %s %s", taken.source_file, taken.outcome, taken.reason
            )
    return intakes


@task(cache_policy=NO_CACHE)
def open_gate() -> Gate:
    """The GX context with a checkpoint per suite of expectations/."""
    return Gate(load_reference(), expectations.SUITES)


@task(cache_policy=NO_CACHE)
def gate_new(new: list[Intake], gate: Gate, run_id: str) -> list[Check]:
    """2. Validate the rows of the files parsed this run (one checkpoint per table for all
    the documents, one for all the submissions); quarantine each file that fails."""
    checks = quarantine.gate_documents(gate, [i for i in new if i.kind == DOCUMENT], run_id)
    checks += quarantine.gate_submissions(gate, [i for i in new if i.kind == SUBMISSION], run_id)
    get_run_logger().info(
        "stage gate: %d new files, %d quarantined",
        len(new),
        sum(i.outcome == QUARANTINED for i in new),
    )
    return checks


@task(cache_policy=NO_CACHE, **IO_RETRIES)
def land(
    documents: list[ParsedDocument],
    superseded: list[tuple[ParsedDocument, str]],
    submissions: list[Path],
    run_log: dict[str, pl.DataFrame],
    landing_dir: Path,
) -> dict[str, int]:
    """3. Write the accepted documents' rows as parquet, the values of the revisions they
    superseded and the run log so far; link the accepted submissions' rows (their files in
    the parse cache): the sources of the dbt project."""
    landing.land_tables(run_log, landing_dir)
    counts = landing.land(documents, landing_dir)
    counts["superseded_values"] = landing.land_history(superseded, landing_dir)
    counts["submissions"] = landing.land_submissions(submissions, landing_dir)
    get_run_logger().info("stage land: %s", counts)
    return counts


@task
def dbt_build(layout: Layout, plan: BuildPlan) -> list[str]:
    """4. Build and test the models into the scratch warehouse; a failure fails the flow."""
    results = warehouse.dbt_build(
        layout.build, layout.landing, plan.base, plan.select, plan.full_checks
    )
    get_run_logger().info("stage dbt build: %d nodes passed (%s)", len(results), plan)
    return results


@task
def dbt_docs(layout: Layout, plan: BuildPlan) -> Path:
    """The dbt documentation site of the build, beside it; the exports take it in once the
    build is published (a run stopped before that leaves the published docs as they were)."""
    site = warehouse.dbt_docs(layout.build, layout.landing, plan.full_checks)
    get_run_logger().info("stage dbt docs: %s", site)
    runlog.fault_point("docs")
    return site


@task(cache_policy=NO_CACHE)
def gate_marts(gate: Gate, frames: dict[str, pl.DataFrame], run_id: str) -> list[Check]:
    """5. Validate the built marts before they are published."""
    return quarantine.gate_marts(gate, frames, run_id)


@task(cache_policy=NO_CACHE)
def publish(layout: Layout, run_log: dict[str, pl.DataFrame], built_from: list[str]) -> str:
    """6. Add the run log to the build and replace the published warehouse atomically
    (refused while another program has it open for writing: no retry, it says who)."""
    runlog.write_tables(layout.build, run_log)
    path = warehouse.publish(layout.build, layout.warehouse, layout.archive)
    warehouse.save_build_state(layout.warehouse, built_from)
    get_run_logger().info("stage publish: %s", path)
    return str(path)


@task(**IO_RETRIES)
def export(warehouse_path: Path, exports_dir: Path, docs: Path | None) -> dict[str, str]:
    """Parquet, Excel, the Evidence DuckDB copy, the offline HTML report and the dbt docs
    of the marts, swapped in whole."""
    written = exports.export(warehouse_path, exports_dir, docs)
    get_run_logger().info("stage export: %d files in %s", len(written), exports_dir)
    return {name: str(path) for name, path in written.items()}


@contextmanager
def without_heartbeats():
    """For a refresh run in this process (the CLI, the bench). Prefect's flow-run heartbeats
    let a server spot the crashed runs of a deployment (served runs, in their own process,
    keep them); its heartbeat thread sleeps in one-second slices and held the end of every
    run for up to a second (docs/performance.md)."""
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def task_runner():
    """Threads on this machine; a Dask cluster when ECOBENCH_DASK_ADDRESS names one."""
    address = os.environ.get("ECOBENCH_DASK_ADDRESS")
    if address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=address)
    return ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2)


@flow(
    name="ecobench-refresh",
    log_prints=True,
    task_runner=task_runner(),
    on_completion=[notify.on_state],
    on_failure=[notify.on_state],
    on_crashed=[notify.on_state],
)
def refresh(
    sources_dir: Path,
    warehouse_path: Path,
    wait_seconds: float = 0.0,
    submissions_dir: Path | None = None,
    allow_synthetic: bool = False,
    full_checks: bool = False,
):
    """Refresh the warehouse from the documents in sources_dir and the district submissions
    in submissions_dir (one refresh at a time). Synthetic submissions are refused unless
    allow_synthetic (`ecobench bench`, in its scratch warehouse). A build on the published
    warehouse tests the rows it wrote; full_checks: every row (macros/checks.sql).

    Ends Completed when every file published, in a Completed state named Quarantined when a
    file was quarantined (the others published), Failed otherwise (docs/reliability.md)."""
    processes.on_stop_signals()
    layout = Layout(warehouse_path)
    with runlog.refresh_lock(layout.lock, wait_seconds):
        for told in runlog.mark_interrupted(layout.archive, layout.warehouse):
            get_run_logger().warning("an earlier run ended without a word: %s", told)
        run = runlog.Run(runlog.new_run_id(), str(sources_dir))
        unchanged.forget(layout.warehouse)  # recorded again only if this run ends clean
        given = unchanged.snapshot(sources_dir, submissions_dir, allow_synthetic)
        try:
            summary = _refresh(
                run, layout, sources_dir, submissions_dir, allow_synthetic, full_checks
            )
        except NothingToPublish as exc:
            run.finish("nothing_to_publish", str(exc), exc.zh)
            raise
        except PublishedThenFailed:
            raise  # told as published, with what failed after
        except BaseException as exc:
            if processes.stopping or not isinstance(exc, Exception):  # Ctrl-C, SIGTERM
                processes.stop_all()
                if not run.published:
                    run.finish(
                        "interrupted",
                        f"stopped by {processes.stopping or 'the user'} in {run.stage}: "
                        "nothing published",
                        f"在“{stage_zh(run.stage)}”步骤中被"
                        f"{f' {processes.stopping} 信号' if processes.stopping else '用户'}"
                        "停止：没有发布任何内容",
                    )
            else:
                run.finish("failed", str(exc), failed_zh(exc))
            raise
        finally:
            run.closed = True
            run.save(layout.archive)
    if not summary["quarantined"]:  # the next refresh given the same can say so at once
        unchanged.record(layout.warehouse, given, run.run_id, layout.exports)
    if summary["quarantined"]:
        return Completed(
            name="Quarantined",
            message=f"published; quarantined {', '.join(sorted(summary['quarantined']))}",
            data=summary,
        )
    return summary


def _refresh(
    run: runlog.Run,
    layout: Layout,
    sources_dir: Path,
    submissions_dir: Path | None,
    allow_synthetic: bool,
    full_checks: bool = False,
) -> dict:
    gate = _take_in(run, layout, sources_dir, submissions_dir, allow_synthetic)
    plan, nodes, docs = _build(run, layout, sources_dir, gate, full_checks)
    published, exported = _publish(run, layout, docs)
    run.done()
    return {
        **run.summary(),
        "dbt_nodes": len(nodes),
        "dbt_select": plan.select,
        "warehouse": published,
        "quality_report": str(exported["quality"]),
        "exports": exported,
    }


def _take_in(
    run: runlog.Run,
    layout: Layout,
    sources_dir: Path,
    submissions_dir: Path | None,
    allow_synthetic: bool,
) -> Gate:
    """Take in every file (parsing those the cache does not hold) and gate the new ones."""
    run.enter("take_in", layout.archive)
    batches = intake.batches(discover(sources_dir, submissions_dir), 2 * (os.cpu_count() or 2))
    taken = take.map(
        batches,
        [len(b) - 1 for b in batches],
        archive_dir=unmapped(layout.archive),
        allow_synthetic=unmapped(allow_synthetic),
    ).result()
    run.intakes = intake.deduplicate([i for batch in taken for i in batch])
    run.enter("validate", layout.archive)
    gate = open_gate()
    # each task is given only the files it works on: Prefect walks a task's arguments
    run.checks += gate_new(run.new(), gate, run.run_id)
    intake.admit(run.intakes, layout.archive)
    processes.give_back_memory()  # the rows read and validated: their memory to the system
    return gate


def _build(
    run: runlog.Run, layout: Layout, sources_dir: Path, gate: Gate, full_checks: bool = False
) -> tuple[BuildPlan, list[str], PrefectFuture[Path] | None]:
    """Land, build and gate the marts until they pass: each time without the documents a
    dbt test or the marts gate blamed. Gives the plan, the nodes built and the dbt docs
    being generated (none when only submissions changed)."""
    while True:
        run.check_publishable(sources_dir, layout.warehouse)
        plan = warehouse.build_plan(layout.warehouse, intake.built_from(run.intakes))
        plan = dataclasses.replace(plan, full_checks=full_checks)
        run.enter("land", layout.archive)
        run_log = runlog.history(layout.archive, run)
        run.rows_published = land(*run.to_land(layout.archive), run_log, layout.landing)
        run.enter("dbt_build", layout.archive)
        try:
            nodes = dbt_build(layout, plan)
        except warehouse.DbtBuildError as exc:
            # a document whose rows fail a data test is quarantined, as at the gates
            blamed = quarantine.blame_tests(run.intakes, layout.build, exc.failed_tests)
            if not blamed:
                raise
            get_run_logger().warning("dbt tests: quarantined %s, building again", sorted(blamed))
            continue
        run.enter("gate_marts", layout.archive)
        frames = quarantine.mart_frames(layout.build, nodes)  # before dbt docs opens it
        # the docs site is generated while GX checks the marts (one core each); not
        # when only submissions changed: the models are those documented already
        docs = None if plan.select else dbt_docs.submit(layout, plan)
        mart_checks = gate_marts(gate, frames, run.run_id)
        run.checks += mart_checks
        blamed = quarantine.blame(run.intakes, mart_checks)
        if not blamed:
            return plan, nodes, docs
        get_run_logger().warning("marts gate: quarantined %s, building again", sorted(blamed))
        if docs is not None:
            docs.wait()  # it reads the build about to be replaced


def _publish(
    run: runlog.Run, layout: Layout, docs: PrefectFuture[Path] | None
) -> tuple[str, dict[str, str]]:
    """Publish the build with the run log as it ends, then export it: the published
    warehouse's path and the files exported."""
    run.enter("publish", layout.archive)
    site = docs.result() if docs is not None else None  # the build is ours alone again
    run.finish_published()  # as the published run log will say
    history = runlog.history(layout.archive, run)
    published = publish(layout, history, intake.built_from(run.intakes))
    run.published = True
    run.enter("export", layout.archive)
    try:
        exported = export(layout.warehouse, layout.exports, site)
    except Exception as exc:
        run.failed_after_publishing("the exports", "导出", exc)
        raise PublishedThenFailed(
            f"published {published} (run {run.run_id}); then the exports failed: {exc}"
        ) from exc
    return published, exported
