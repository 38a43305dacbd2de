"""Export the published marts: parquet per table, one Excel workbook, and a DuckDB copy in
the storage format DuckDB 1.x (DBeaver, R, Evidence) can open, linked where the Evidence
project's source expects it (reports/sources/ecobench/ecobench.duckdb, beside the exports
folder).

The workbook, for people rather than for code, is publish/workbook.py.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ecobench import processes
from ecobench.config import DUCKDB_MEMORY, PROJECT_ROOT, file_identity, file_sha256
from ecobench.publish import evidence, report
from ecobench.publish.marts import published_tables

EVIDENCE_DB = Path("sources") / "ecobench" / "ecobench.duckdb"
WORKBOOK = "ecobench.xlsx"
# a province's submissions (millions of rows, a year at a time) are a parquet dataset with
# one file per year, hive layout (fct_submitted_values/period_year=2024/data.parquet): a
# refresh rewrites only the years whose rows changed
PARTITIONED = {"fct_submitted_values": "period_year"}
FINGERPRINTS = "_fingerprints.json"


DUCKDB1_COPY = "ecobench_duckdb1.duckdb"
DUCKDB1_FINGERPRINTS = "_ecobench_duckdb1.json"  # what the copy was written from
# the keys by which the copy is brought up to date: a partitioned table's partitions, and
# the district of the tables whose rows are each district's own, which one new submission
# changes for that district only (its ranks and benchmarks are read across districts and
# change throughout: those tables are written whole). Rewriting them whole after one
# submission took 5.0 s of the export at 3,000 districts, by district 1.9 s
COPY_KEYS = {
    **PARTITIONED,
    "fct_status_trajectory": "district_id",
    "rpt_progress": "district_id",
    "fct_submission_verdicts": "district_id",
    "fct_indicator_scores": "district_id",
}


def copy_for_duckdb1(
    con: duckdb.DuckDBPyConnection, tables: list[str], path: Path, last: Path | None = None
) -> tuple[Path, list[str]]:
    """Every marts table, with its table and column comments, in a file DuckDB 1.x opens
    (storage 1.4): the warehouse itself is DuckDB 2.0 storage, which DBeaver, R and the
    DuckDB 1.x CLI cannot read. Returns the file and what was written.

    Given the last export's copy (in `last`) and the fingerprints it was written with
    (`fingerprints`: its columns and rows), that copy is taken and only what changed is
    written again: a table whose columns or rows differ, or, for a table of COPY_KEYS with
    the same columns, the rows of the keys whose rows differ. After one new submission at
    province scale this is a few years and one district, not millions of rows (README:
    scale and speed)."""
    now = {table: fingerprints(con, table, COPY_KEYS.get(table)) for table in tables}
    record = _json(last / DUCKDB1_FINGERPRINTS) if last else {}
    before = record.get("tables")
    # the last copy as it was written (a program that wrote into it changed its identity)
    if (
        last
        and isinstance(before, dict)
        and record.get("file") == file_identity(last / DUCKDB1_COPY)
    ):
        shutil.copyfile(last / DUCKDB1_COPY, path)
    else:
        before = {}
    con.execute(f"attach '{path}' as duckdb1 (storage_version 'v1.4.0')")
    con.execute("create schema if not exists duckdb1.marts")
    written = []
    for gone in sorted(set(before) - set(now)):
        con.execute(f"drop table duckdb1.marts.{gone}")
        written.append(gone)
    for table in tables:
        was, column = before.get(table), COPY_KEYS.get(table)
        if was == now[table]:
            continue
        if was is not None and column and was["columns"] == now[table]["columns"]:
            parts = sorted(
                key
                for key in {*was["rows"], *now[table]["rows"]}
                if was["rows"].get(key) != now[table]["rows"].get(key)
            )
            where = f"{_partition(column)} in (select unnest($parts))"
            con.execute(f"delete from duckdb1.marts.{table} where {where}", {"parts": parts})
            con.execute(
                f"insert into duckdb1.marts.{table} select * from published.marts.{table} "
                f"where {where}",
                {"parts": parts},
            )
            written += [f"{table}[{column}={key}]" for key in parts]
            continue
        con.execute(
            f"create or replace table duckdb1.marts.{table} as "
            f"select * from published.marts.{table}"
        )
        _copy_comments(con, table)
        written.append(table)
    con.execute("detach duckdb1")
    record = {"file": file_identity(path), "tables": now}
    (path.parent / DUCKDB1_FINGERPRINTS).write_text(json.dumps(record, indent=1))
    return path, written


def fingerprints(con: duckdb.DuckDBPyConnection, table: str, column: str | None) -> dict:
    """What a published table holds: its columns (name and type) and, for each value of
    `column` (the whole table when None), the count of its rows and two sums of their
    hashes (an XOR, and a plain sum, in which two equal rows do not cancel out)."""
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = 'published' and schema_name = 'marts' and table_name = $table "
        "order by column_index",
        {"table": table},
    ).fetchall()
    key = _partition(column) if column else "'*'"
    rows = con.execute(
        f"select {key}, count(*), bit_xor(hash(t)), sum(hash(t)::hugeint) "
        f"from published.marts.{table} as t group by all"
    ).fetchall()
    return {
        "columns": [list(c) for c in columns],
        "rows": {str(value): f"{n}:{xor}:{total}" for value, n, xor, total in rows},
    }


def _partition(column: str) -> str:
    """A partition's key as text ('' for null)."""
    return f"coalesce(cast({column} as varchar), '')"


def _copy_comments(con: duckdb.DuckDBPyConnection, table: str) -> None:
    comments = con.execute(
        "select null, comment from duckdb_tables() "
        "where database_name = 'published' and schema_name = 'marts' and table_name = $table "
        "and comment is not null "
        "union all select column_name, comment from duckdb_columns() "
        "where database_name = 'published' and schema_name = 'marts' and table_name = $table "
        "and comment is not null",
        {"table": table},
    ).fetchall()
    for column, comment in comments:
        text = comment.replace("'", "''")
        target = (
            f"table duckdb1.marts.{table}"
            if column is None
            else f'column duckdb1.marts.{table}."{column}"'
        )
        con.execute(f"comment on {target} is '{text}'")


def _json(path: Path) -> dict:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _for_evidence(copy: Path, evidence: Path) -> Path:
    """The DuckDB 1.x copy where the Evidence project's source expects it: the same file,
    linked (Evidence opens it read-only; its source queries read marts.<table>), swapped in
    by one rename. A second copy of the marts cost a tenth of the exports
    (docs/performance.md)."""
    evidence.parent.mkdir(parents=True, exist_ok=True)
    tmp_db = evidence.with_name(f".{evidence.name}.{os.getpid()}.tmp")
    tmp_db.unlink(missing_ok=True)
    try:
        os.link(copy, tmp_db)
    except OSError:  # another file system
        shutil.copyfile(copy, tmp_db)
    os.replace(tmp_db, evidence)
    return evidence


def export(
    warehouse: Path, out_dir: Path, docs_dir: Path | None = None, site: bool | None = None
) -> dict[str, Path]:
    """Write every marts table as parquet, the Excel workbook, the DuckDB 1.x copy, the
    offline HTML report and the dbt docs (from docs_dir, the build's docs; else those
    already published), each through a read-only attachment of the published warehouse;
    and, when site (default: ECOBENCH_EVIDENCE=1 with npm installed), the Evidence site
    built from the DuckDB 1.x copy (`site/`, publish/evidence.py).

    Everything is written into a scratch folder beside out_dir and swapped in whole, under a
    lock of the exports' own: a reader sees the last export or this one, never a mix; two
    exports at once take turns; one that fails leaves the last one as it was."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exports_lock(out_dir):
        scratch = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        try:
            written = _export_into(warehouse, scratch, out_dir, docs_dir)
            if evidence.wanted() if site is None else site:
                evidence.build_site(written["duckdb_v1"], scratch / evidence.SITE)
                written["site"] = scratch / evidence.SITE
            _swap(scratch, out_dir)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)  # after the swap: the last export
    return {
        name: out_dir / path.relative_to(scratch) if path.is_relative_to(scratch) else path
        for name, path in written.items()
    }


@contextmanager
def _exports_lock(out_dir: Path):
    with out_dir.with_name(f".{out_dir.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another export finishes first
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(None, use_errno=True)


def _swap(scratch: Path, out_dir: Path) -> None:
    """Put scratch in out_dir's place in one step (Linux renameat2 RENAME_EXCHANGE); the
    last export ends up at scratch's path. Where the file system cannot exchange, two
    renames (a reader may find no folder for that instant)."""
    if not out_dir.exists():
        os.replace(scratch, out_dir)
        return
    at_cwd = -100
    if _libc.renameat2(at_cwd, bytes(scratch), at_cwd, bytes(out_dir), RENAME_EXCHANGE) == 0:
        return
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    os.replace(out_dir, old)
    os.replace(scratch, out_dir)
    os.replace(old, scratch)


def _export_into(
    warehouse: Path, scratch: Path, last: Path, docs_dir: Path | None
) -> dict[str, Path]:
    # the workbook (Python, cell by cell) is written in a process of its own while DuckDB
    # copies the tables and the report renders in this one: both cores busy
    workbook = processes.start(
        [
            sys.executable,
            "-m",
            "ecobench.publish.workbook",
            str(warehouse),
            str(scratch / WORKBOOK),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        written = _export_tables(warehouse, scratch, last)
    except BaseException:
        workbook.kill()  # this export failed: no workbook of it either
        workbook.wait()
        processes.forget(workbook)
        raise
    _, error = processes.communicate(workbook)
    processes.forget(workbook)
    if workbook.returncode != 0 or not (scratch / WORKBOOK).is_file():
        raise RuntimeError(f"writing {WORKBOOK} failed:\n{error[-3000:]}")
    written["workbook"] = scratch / WORKBOOK
    docs = scratch / "dbt_docs"
    if docs_dir is not None:
        docs.mkdir()
        for name in ("manifest.json", "catalog.json"):
            shutil.copy(docs_dir / name, docs / name)
        # --static: one page with the manifest and catalog inside, that opens from file://
        static = docs_dir / "static_index.html"
        shutil.copy(static if static.exists() else docs_dir / "index.html", docs / "index.html")
    elif (last / "dbt_docs").is_dir():
        shutil.copytree(last / "dbt_docs", docs, copy_function=os.link)
    return written


def _export_tables(warehouse: Path, out_dir: Path, last: Path) -> dict[str, Path]:
    """The parquet files, the DuckDB 1.x copy and the report (into out_dir; partitions
    unchanged since the last export, in `last`, are linked, not written)."""
    written = {}
    with duckdb.connect(config={"memory_limit": DUCKDB_MEMORY}) as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        tables = published_tables(con)
        for table in tables:
            if table in PARTITIONED:
                written[table] = export_partitioned(
                    warehouse, table, PARTITIONED[table], out_dir, last
                )
                continue
            target = out_dir / f"{table}.parquet"
            con.execute(f"copy published.marts.{table} to '{target}' (format parquet)")
            written[table] = target
        written["duckdb_v1"], _ = copy_for_duckdb1(con, tables, out_dir / DUCKDB1_COPY, last)
        written["evidence"] = _for_evidence(written["duckdb_v1"], out_dir.parent / EVIDENCE_DB)
        con.execute("use published")
        files = {table: f"{table}/" for table in PARTITIONED}
        # report.html, quality.html, parquet.html (the index) and methodology.html
        written.update(report.write_report(con, out_dir, files))
    # the method beside the report as written too: the exports folder is read on its own
    written["methodology_md"] = Path(shutil.copy(PROJECT_ROOT / "docs" / "methodology.md", out_dir))
    return written


def export_partitioned(
    warehouse: Path, table: str, column: str, out_dir: Path, last: Path | None = None
) -> Path:
    """Export a table as one parquet file per value of column (hive layout) into out_dir,
    linking from the last export (`last`) each partition whose rows are unchanged and whose
    file still has the hash recorded when it was written; the others are written. Each
    partition's row count, hash of its rows and file hash are kept in the dataset's
    _fingerprints.json. On a DuckDB of its own that need not keep the rows' order (a fact
    table promises none): a quarter faster."""
    with duckdb.connect(
        config={"preserve_insertion_order": False, "memory_limit": DUCKDB_MEMORY}
    ) as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        return _export_partitions(con, table, column, out_dir, last or out_dir)


def _export_partitions(
    con: duckdb.DuckDBPyConnection, table: str, column: str, out_dir: Path, last: Path
) -> Path:
    dataset = out_dir / table
    dataset.mkdir(parents=True, exist_ok=True)
    rows = con.execute(
        f"select {column}, count(*), bit_xor(hash(t)) from published.marts.{table} as t group by all"
    ).fetchall()
    try:
        previous = json.loads((last / table / FINGERPRINTS).read_text())
    except (OSError, ValueError):
        previous = {}
    fingerprints = {}
    for value, n, digest in rows:
        key, part = str(value), f"{column}={value}/data.parquet"
        target, kept = dataset / part, last / table / part
        rows_hash = f"{n}:{digest}"
        before = previous.get(key)
        target.parent.mkdir(exist_ok=True)
        unchanged = isinstance(before, dict) and before.get("rows") == rows_hash
        if unchanged and _intact(kept, before):
            if kept != target:
                os.link(kept, target)
            fingerprints[key] = before
            continue
        if unchanged:
            logging.getLogger(__name__).warning("%s did not match its recorded hash", kept)
        con.execute(
            f"copy (select * exclude ({column}) from published.marts.{table} "
            f"where {column} = $value) to '{target}' (format parquet)",
            {"value": value},
        )
        fingerprints[key] = {"rows": rows_hash, "sha256": file_sha256(target)}
    (dataset / FINGERPRINTS).write_text(json.dumps(fingerprints, indent=1))
    return dataset


def _intact(path: Path, recorded: dict) -> bool:
    try:
        return file_sha256(path) == recorded.get("sha256")
    except OSError:
        return False
