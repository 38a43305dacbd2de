"""The refresh flow: write, audit, publish.

documents → take in (archive, decode, parse) → quality gate per document → land the
accepted → dbt build into a scratch warehouse → quality gate on the marts → run log →
publish by atomic rename. A document that fails is quarantined and the others publish; a
run with nothing left to publish, or whose build fails, publishes nothing and the last good
warehouse stays byte-identical.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE

import expectations
from ecobench import runlog, warehouse
from ecobench.publish import exports
from ecobench.quality.gate import Check, Gate, document_frames
from ecobench.quality.intake import ACCEPTED, QUARANTINED, Intake, deduplicate, take_in
from ecobench.quality.reference import load_reference


class NothingToPublish(RuntimeError):
    """Every document was quarantined, or there were none."""


class MartsRejected(RuntimeError):
    """The built marts fail a blocking expectation no document can be blamed for."""


@task
def discover(sources_dir: Path) -> list[Path]:
    """The documents to load: every .txt file of the sources folder, in name order."""
    if not sources_dir.is_dir():
        raise NothingToPublish(f"sources folder not found: {sources_dir}")
    paths = sorted(p for p in sources_dir.glob("*.txt") if p.name.lower() != "readme.txt")
    get_run_logger().info("stage discover: %d documents in %s", len(paths), sources_dir)
    return paths


@task(task_run_name="take in {path.name}", retries=2, retry_delay_seconds=2)
def take(path: Path, archive_dir: Path) -> Intake:
    """Archive one document's bytes, decode and parse it (a quarantine, never a crash)."""
    intake = take_in(path, archive_dir)
    get_run_logger().info(
        "stage take in: %s -> %s %s", path.name, intake.outcome, intake.reason or ""
    )
    return intake


@task(cache_policy=NO_CACHE)
def open_gate(data_docs_dir: Path) -> Gate:
    """The GX context with a checkpoint per suite of expectations/."""
    return Gate(load_reference(), expectations.SUITES, data_docs_dir)


@task(cache_policy=NO_CACHE)
def gate_documents(intakes: list[Intake], gate: Gate, run_id: str) -> list[Check]:
    """Validate each taken-in document's rows; quarantine it on a blocking failure."""
    checks = []
    for intake in deduplicate(intakes):
        if intake.outcome != ACCEPTED:
            continue
        frames = document_frames(intake.parsed, load_reference())
        document_checks = [
            check
            for table, frame in frames.items()
            for check in gate.validate(
                table, frame, run_id=run_id, stage="document", source_file=intake.source_file
            )
        ]
        checks += document_checks
        _quarantine_on_failure(intake, document_checks)
    return checks


@task(retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def land(intakes: list[Intake], landing_dir: Path) -> dict[str, int]:
    """Write the accepted documents' rows as parquet, the sources of the dbt project."""
    counts = warehouse.land([i.parsed for i in intakes if i.outcome == ACCEPTED], landing_dir)
    get_run_logger().info("stage land: %s", counts)
    return counts


@task
def dbt_build(build_path: Path, landing_dir: Path) -> list[str]:
    """Build and test every model into the scratch warehouse; a failure fails the flow."""
    results = warehouse.dbt_build(build_path, landing_dir)
    get_run_logger().info("stage dbt build: %d nodes passed", len(results))
    return results


@task
def dbt_docs(build_path: Path, landing_dir: Path, out_dir: Path) -> str:
    """The dbt documentation site of the warehouse about to be published."""
    index = warehouse.dbt_docs(build_path, landing_dir, out_dir)
    get_run_logger().info("stage dbt docs: %s", index)
    return str(index)


@task(cache_policy=NO_CACHE)
def gate_marts(build_path: Path, gate: Gate, run_id: str) -> list[Check]:
    """Validate the built marts before they are published."""
    checks = []
    for module in expectations.MART_SUITES:
        frame = warehouse.read_table(build_path, f"marts.{module.TABLE}")
        checks += gate.validate(module.TABLE, frame, run_id=run_id, stage="marts")
    return checks


@task(retries=2, retry_delay_seconds=2)
def publish(build_path: Path, warehouse_path: Path) -> str:
    """Replace the published warehouse atomically."""
    path = warehouse.publish(build_path, warehouse_path)
    get_run_logger().info("stage publish: %s", path)
    return str(path)


@task(retries=2, retry_delay_seconds=2)
def export(warehouse_path: Path, exports_dir: Path) -> dict[str, str]:
    """Parquet, Excel, the Evidence DuckDB copy and the offline HTML report of the marts."""
    written = exports.export(warehouse_path, exports_dir)
    get_run_logger().info("stage export: %d files in %s", len(written), exports_dir)
    return {name: str(path) for name, path in written.items()}


@flow(name="ecobench-refresh", log_prints=True)
def refresh(sources_dir: Path, warehouse_path: Path, wait_seconds: float = 0.0) -> dict:
    """Refresh the warehouse from the documents in sources_dir (one refresh at a time)."""
    work_dir = warehouse_path.parent
    archive_dir = work_dir / "archive"
    with runlog.refresh_lock(work_dir / ".refresh.lock", wait_seconds):
        run = runlog.Run(runlog.new_run_id(), str(sources_dir))
        try:
            return _refresh(run, sources_dir, warehouse_path, archive_dir)
        except NothingToPublish as exc:
            run.finish("nothing_to_publish", str(exc))
            raise
        except Exception as exc:
            run.finish("failed", str(exc))
            raise
        finally:
            run.save(archive_dir)


def _refresh(run: runlog.Run, sources_dir: Path, warehouse_path: Path, archive_dir: Path) -> dict:
    logger = get_run_logger()
    work_dir = warehouse_path.parent
    landing_dir = work_dir / "landing"
    build_path = work_dir / ".build" / warehouse_path.name
    paths = discover(sources_dir)
    run.intakes = take.map(paths, archive_dir=unmapped(archive_dir)).result()
    gate = open_gate(work_dir / "data_docs")
    run.checks += gate_documents(run.intakes, gate, run.run_id)
    while True:
        accepted = [i for i in run.intakes if i.outcome == ACCEPTED]
        if not accepted:
            raise NothingToPublish(
                "nothing to publish: "
                + ("; ".join(_why(i) for i in run.intakes) or f"no documents in {sources_dir}")
                + f". The published warehouse {warehouse_path} is unchanged."
            )
        run.rows_published = land(run.intakes, landing_dir)
        nodes = dbt_build(build_path, landing_dir)
        mart_checks = gate_marts(build_path, gate, run.run_id)
        run.checks += mart_checks
        blamed = _blame(run.intakes, mart_checks)
        if not blamed:
            break
        logger.warning("marts gate: quarantining %s and building again", sorted(blamed))
    quarantined = [i for i in run.intakes if i.outcome == QUARANTINED]
    run.finish(
        "published_with_quarantine" if quarantined else "published",
        "; ".join(_why(i) for i in quarantined) or None,
    )
    runlog.write_tables(build_path, runlog.history(archive_dir, run))
    gate.build_data_docs()
    dbt_docs(build_path, landing_dir, work_dir.parent / "reports" / "exports" / "dbt_docs")
    published = publish(build_path, warehouse_path)
    exported = export(warehouse_path, work_dir.parent / "reports" / "exports")
    return {
        "run_id": run.run_id,
        "status": run.status,
        "documents": len(accepted),
        "quarantined": {i.source_file: i.reason for i in quarantined},
        "duplicates": {i.source_file: i.duplicate_of for i in run.intakes if i.duplicate_of},
        "rows": run.rows_published,
        "dbt_nodes": len(nodes),
        "warehouse": published,
        "data_docs": str(work_dir / "data_docs" / "index.html"),
        "exports": exported,
    }


def _quarantine_on_failure(intake: Intake, checks: list[Check]) -> bool:
    failed = [c for c in checks if c.blocking and not c.success]
    if failed:
        intake.quarantine(
            "; ".join(check.describe() for check in failed),
            [
                {"source_file": file, "source_line": line, "suite": check.suite}
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
