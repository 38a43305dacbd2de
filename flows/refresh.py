"""The refresh flow: documents -> parsed rows -> landed parquet -> dbt build -> publish."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

from ecobench import warehouse
from ecobench.ingest.document import ParsedDocument, parse_file


@task
def discover(sources_dir: Path) -> list[Path]:
    """The documents to load: every .txt file of the sources folder, in name order."""
    if not sources_dir.is_dir():
        raise FileNotFoundError(f"sources folder not found: {sources_dir}")
    paths = sorted(p for p in sources_dir.glob("*.txt") if p.name.lower() != "readme.txt")
    if not paths:
        raise FileNotFoundError(f"no documents (*.txt) in {sources_dir}")
    get_run_logger().info("stage discover: %d documents in %s", len(paths), sources_dir)
    return paths


@task(task_run_name="parse {path.name}")
def parse(path: Path) -> ParsedDocument:
    """Parse one document into its rows (a pure function of its text)."""
    parsed = parse_file(path)
    counts = {name: frame.height for name, frame in parsed.frames().items() if name != "documents"}
    get_run_logger().info("stage parse: %s -> %s", path.name, counts)
    return parsed


@task(retries=2, retry_delay_seconds=2)
def land(parsed: list[ParsedDocument], landing_dir: Path) -> dict[str, int]:
    """Write the parsed rows as parquet, the sources of the dbt project."""
    counts = warehouse.land(parsed, landing_dir)
    get_run_logger().info("stage land: %s", counts)
    return counts


@task
def dbt_build(build_path: Path, landing_dir: Path) -> list[str]:
    """Build and test every model; a failure fails the flow."""
    results = warehouse.dbt_build(build_path, landing_dir)
    get_run_logger().info("stage dbt build: %d nodes passed", len(results))
    return results


@task(retries=2, retry_delay_seconds=2)
def publish(build_path: Path, warehouse_path: Path) -> str:
    """Replace the published warehouse atomically."""
    path = warehouse.publish(build_path, warehouse_path)
    get_run_logger().info("stage publish: %s", path)
    return str(path)


@flow(name="ecobench-refresh", log_prints=True)
def refresh(sources_dir: Path, warehouse_path: Path) -> dict:
    """Refresh the warehouse from the documents in sources_dir."""
    work_dir = warehouse_path.parent
    landing_dir = work_dir / "landing"
    build_path = work_dir / ".build" / warehouse_path.name
    paths = discover(sources_dir)
    parsed = parse.map(paths).result()
    counts = land(parsed, landing_dir)
    nodes = dbt_build(build_path, landing_dir)
    published = publish(build_path, warehouse_path)
    return {
        "documents": len(paths),
        "rows": counts,
        "dbt_nodes": len(nodes),
        "warehouse": published,
    }
