"""`ecobench bench --profile`: where a full refresh's time goes, piece by piece.

After the bench's full refresh, on what it built:

- each dbt model and data test, its compiled SQL run directly in DuckDB in dbt's order on a
  copy of the built warehouse (dbt's own seconds for it beside, from run_results.json), the
  rows it writes (a model's relation, a test's failures) and the rows it reads (the sum of
  its parents': models, seeds and the landed parquet);
- each GX suite, run as the gates run it: on the five documents' parsed rows, on the
  landed submissions in the gate's parts, on the marts it guards;
- each publish writer (parquet, the DuckDB 1.x copy, the report, the workbook), writing
  everything into a scratch folder as a first export does.

The seconds are measured in this one process, one piece at a time; the rows counted outside
the clock. Read them as shares of the whole: the bench's end-to-end figures are the ones a
user waits for.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from ecobench.config import DUCKDB_MEMORY, SOURCES_DIR


def dbt_costs(build_dir: Path, warehouse: Path) -> list[dict]:
    """Each model and data test of the build: direct seconds, dbt's seconds, rows written
    and read; in dbt's order (the bench sums the direct seconds: what dbt itself adds)."""
    manifest = json.loads((build_dir / "target" / "manifest.json").read_text())
    results = json.loads((build_dir / "target" / "run_results.json").read_text())["results"]
    nodes = {**manifest["nodes"], **manifest["sources"]}
    copy = build_dir / "direct" / warehouse.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(warehouse, copy)
    costs = []
    with duckdb.connect(config={"memory_limit": DUCKDB_MEMORY}) as con:
        con.execute(f"attach '{copy}' as {warehouse.stem}")
        con.execute(f"use {warehouse.stem}")
        rows = _row_counter(con)
        for result in results:
            node = nodes.get(result["unique_id"])
            if not node or node["resource_type"] not in {"model", "test"}:
                continue
            if not node.get("compiled_code"):
                continue
            seconds, written = _run_node(con, node, rows)
            parents = [nodes[p] for p in node["depends_on"]["nodes"] if p in nodes]
            costs.append(
                {
                    "node": node["name"],
                    "kind": node["resource_type"],
                    "materialized": node["config"].get("materialized"),
                    "seconds": seconds,
                    "dbt_seconds": round(result.get("execution_time") or 0.0, 3),
                    "rows_written": written,
                    "rows_read": sum(rows(p["relation_name"]) for p in parents),
                }
            )
    shutil.rmtree(copy.parent)
    return costs


def _run_node(con, node: dict, rows: Callable[[str], int]) -> tuple[float, int]:
    """Run one node's compiled SQL; its seconds, and the rows it wrote (a test: failures)."""
    sql = node["compiled_code"]
    if node["resource_type"] == "test":
        start = time.perf_counter()
        failures = (con.execute(f"select count(*) from ({sql}) as failures").fetchone() or (0,))[0]
        return round(time.perf_counter() - start, 3), failures
    kind = "view" if node["config"]["materialized"] == "view" else "table"
    start = time.perf_counter()
    con.execute(f"create or replace {kind} {node['relation_name']} as ({sql})").fetchall()
    return round(time.perf_counter() - start, 3), rows(node["relation_name"])


def _row_counter(con) -> Callable[[str], int]:
    """The rows of a relation (a table, a view, a source's parquet), counted once each."""
    counted: dict[str, int] = {}

    def rows(relation: str | None) -> int:
        if not relation:
            return 0
        if relation not in counted:
            found = con.execute(f"select count(*) from {relation}").fetchone()
            counted[relation] = found[0] if found else 0
        return counted[relation]

    return rows


def gx_costs(warehouse: Path, landing: Path) -> list[dict]:
    """Each GX suite as the gates run it, on this build's rows: its seconds and rows."""
    import expectations
    from ecobench.ingest.document import parse_file
    from ecobench.quality import quarantine
    from ecobench.quality.frames import SUBMISSION_CHECKED, document_frames, submission_frame
    from ecobench.quality.gate import Gate
    from ecobench.quality.reference import load_reference

    reference = load_reference()
    gate = Gate(reference, expectations.SUITES)
    frames: dict[str, list[pl.DataFrame]] = {}
    for path in sorted(SOURCES_DIR.glob("*.txt")):
        for table, frame in document_frames(parse_file(path), reference).items():
            frames.setdefault(table, []).append(frame)
    submitted = pl.read_parquet(
        landing / "submissions" / "*.parquet", columns=list(SUBMISSION_CHECKED)
    )
    frames["submissions"] = [
        submission_frame(part, reference) for part in submitted.iter_slices(quarantine.PART_ROWS)
    ]
    marts = [f"model.ecobench.{module.TABLE}:" for module in expectations.MART_SUITES]
    frames.update({t: [f] for t, f in quarantine.mart_frames(warehouse, marts).items()})
    costs = []
    for table, parts in frames.items():
        gate.checkpoint(table)  # registered outside the clock, as a refresh does once
        start = time.perf_counter()
        for part in parts:
            gate.validate(table, part, run_id="profile", stage="profile")
        seconds = round(time.perf_counter() - start, 3)
        costs.append({"suite": table, "seconds": seconds, "rows": sum(p.height for p in parts)})
    return costs


def publish_costs(warehouse: Path, scratch: Path, manifest: Path) -> list[dict]:
    """Each publish writer, writing everything from the built warehouse into scratch as a
    first export does: the tables' prints once, by the keys the build's dbt manifest tags
    (a per-district mart in buckets), then the parquet files and the DuckDB 1.x copy
    from them."""
    from ecobench.publish import duckdb1, parquet, report, table_prints
    from ecobench.publish.marts import published_tables
    from ecobench.publish.workbook import write_workbook_of

    scratch.mkdir(parents=True, exist_ok=True)
    costs: list[dict] = []
    with duckdb.connect(config={"memory_limit": DUCKDB_MEMORY}) as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        tables = published_tables(con)
        with _timed(costs, "table_prints"):
            prints = table_prints.compute(con, tables, *parquet.dataset_keys(manifest))
        with _timed(costs, "parquet"):
            written = parquet.write_parquet(con, tables, scratch, scratch / "last", prints)
        with _timed(costs, "duckdb1_copy"):
            duckdb1.copy_for_duckdb1(con, tables, scratch / duckdb1.DUCKDB1_COPY, prints)
        con.execute("use published")
        with _timed(costs, "report"):
            report.write_report(con, scratch, parquet.folders(written))
    with _timed(costs, "workbook"):
        write_workbook_of(warehouse, scratch / "ecobench.xlsx")
    shutil.rmtree(scratch, ignore_errors=True)
    return costs


@contextmanager
def _timed(costs: list[dict], writer: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    costs.append({"writer": writer, "seconds": round(time.perf_counter() - start, 3)})


def table(rows: list[dict], key: str = "seconds", top: int | None = None) -> str:
    """Rows as a Markdown table, the costliest first."""
    ordered = sorted(rows, key=lambda row: row[key], reverse=True)[:top]
    if not ordered:
        return ""
    columns = list(ordered[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row[c]) for c in columns) + " |" for row in ordered]
    return "\n".join(lines)


def _cell(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
