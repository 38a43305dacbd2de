"""The DuckDB 1.x copy of the marts (`ecobench_duckdb1.duckdb`): every marts table with its
table and column comments, in storage 1.4 (ATTACH ... STORAGE_VERSION 'v1.4.0'), for
DBeaver, R, the DuckDB 1.x CLI and Evidence, which cannot open the warehouse's DuckDB 2.0
storage; linked where the Evidence project's source expects it
(reports/sources/ecobench/ecobench.duckdb, beside the exports folder). Brought up to date
from the last export's copy: only what changed is written again, by the prints the parquet
files share (table_prints.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb

from ecobench.publish import table_prints

EVIDENCE_DB = Path("sources") / "ecobench" / "ecobench.duckdb"
DUCKDB1_COPY = "ecobench_duckdb1.duckdb"


def copy_for_duckdb1(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    path: Path,
    prints: Mapping[str, dict],
    last: Path | None = None,
) -> tuple[Path, list[str]]:
    """Every marts table, with its table and column comments, in a file DuckDB 1.x opens
    (storage 1.4): the warehouse itself is DuckDB 2.0 storage, which DBeaver, R and the
    DuckDB 1.x CLI cannot read. Returns the file and what was written.

    Given the last export (folder `last`) whose record (table_prints.py) says its copy is
    as it wrote it, that copy is taken and only what changed since the prints it holds is
    written again: a table whose columns or rows differ, or, for a table with a key (a
    partitioned table's partitions, a per-district mart's bucket of districts,
    publish/manifest.py) and the same columns, the rows of the parts whose rows differ.
    `prints` are this export's (table_prints.compute, shared with the parquet files).
    Rewriting those tables whole after one
    submission took 5.0 s of the export at 3,000 districts, by district 1.9 s (by bucket,
    a sixteenth of each per-district mart, not measured): after one new submission at
    province scale this is a few years and one bucket, not millions of rows (README: scale
    and speed); the tables read across districts (ranks, benchmarks) change throughout and
    are written whole."""
    before = _last_copy(last, path)
    con.execute(f"attach '{path}' as duckdb1 (storage_version 'v1.4.0')")
    con.execute("create schema if not exists duckdb1.marts")
    written = []
    for gone in sorted(set(before) - set(prints)):
        con.execute(f"drop table duckdb1.marts.{gone}")
        written.append(gone)
    for table in tables:
        if before.get(table) != prints[table]:
            written += _write_table(con, table, before.get(table), prints[table])
    con.execute("detach duckdb1")
    return path, written


def _last_copy(last: Path | None, path: Path) -> dict:
    """The last copy, taken as `path` when it is as it was written (a program that wrote
    into it changed its identity): the prints of what it holds; else empty."""
    record = table_prints.load(last)
    if last and table_prints.intact(record, last, DUCKDB1_COPY):
        shutil.copyfile(last / DUCKDB1_COPY, path)
        return record["tables"]
    return {}


def _write_table(
    con: duckdb.DuckDBPyConnection, table: str, was: dict | None, now: dict
) -> list[str]:
    """Write a changed table into the copy: the rows of its changed parts (a year, a
    bucket of districts), when it has a key and the same key, part and columns; else
    whole, with its comments."""
    parts = table_prints.changed_parts(was, now) if now["key"] else None
    if parts is not None:
        where = f"{table_prints.part_of(now)} in (select unnest($parts))"
        con.execute(f"delete from duckdb1.marts.{table} where {where}", {"parts": parts})
        con.execute(
            f"insert into duckdb1.marts.{table} select * from published.marts.{table} "
            f"where {where}",
            {"parts": parts},
        )
        return [f"{table}[{now['part']}={key}]" for key in parts]
    con.execute(
        f"create or replace table duckdb1.marts.{table} as select * from published.marts.{table}"
    )
    _copy_comments(con, table)
    return [table]


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


def for_evidence(copy: Path, evidence: Path) -> Path:
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
