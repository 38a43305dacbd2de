"""The DuckDB 1.x copy of the marts (`ecobench_duckdb1.duckdb`): every marts table with its
table and column comments, in storage 1.4 (ATTACH ... STORAGE_VERSION 'v1.4.0'), for
DBeaver, R, the DuckDB 1.x CLI and Evidence, which cannot open the warehouse's DuckDB 2.0
storage; linked where the Evidence project's source expects it
(reports/sources/ecobench/ecobench.duckdb, beside the exports folder). Brought up to date
from the last export's copy: only what changed is written again."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb

from ecobench.config import file_identity

EVIDENCE_DB = Path("sources") / "ecobench" / "ecobench.duckdb"
DUCKDB1_COPY = "ecobench_duckdb1.duckdb"
DUCKDB1_FINGERPRINTS = "_ecobench_duckdb1.json"  # what the copy was written from


def copy_for_duckdb1(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    path: Path,
    last: Path | None = None,
    keys: Mapping[str, str] | None = None,
) -> tuple[Path, list[str]]:
    """Every marts table, with its table and column comments, in a file DuckDB 1.x opens
    (storage 1.4): the warehouse itself is DuckDB 2.0 storage, which DBeaver, R and the
    DuckDB 1.x CLI cannot read. Returns the file and what was written.

    Given the last export's copy (in `last`) and the fingerprints it was written with
    (`fingerprints`: its columns and rows), that copy is taken and only what changed is
    written again: a table whose columns or rows differ, or, for a table of `keys` (table ->
    the column it is brought up to date by: a partitioned table's partitions, a
    per-district mart's district, publish/manifest.py) with the same columns, the rows of
    the keys whose rows differ. Rewriting those tables whole after one submission took 5.0 s
    of the export at 3,000 districts, by district 1.9 s: after one new submission at
    province scale this is a few years and one district, not millions of rows (README:
    scale and speed); the tables read across districts (ranks, benchmarks) change
    throughout and are written whole."""
    keys = keys or {}
    now = {table: fingerprints(con, table, keys.get(table)) for table in tables}
    before = _last_copy(last, path)
    con.execute(f"attach '{path}' as duckdb1 (storage_version 'v1.4.0')")
    con.execute("create schema if not exists duckdb1.marts")
    written = []
    for gone in sorted(set(before) - set(now)):
        con.execute(f"drop table duckdb1.marts.{gone}")
        written.append(gone)
    for table in tables:
        if before.get(table) != now[table]:
            written += _write_table(con, table, before.get(table), now[table], keys.get(table))
    con.execute("detach duckdb1")
    record = {"file": file_identity(path), "tables": now}
    (path.parent / DUCKDB1_FINGERPRINTS).write_text(json.dumps(record, indent=1))
    return path, written


def _last_copy(last: Path | None, path: Path) -> dict:
    """The last copy, taken as `path` when it is as it was written (a program that wrote
    into it changed its identity): its record of what it holds; else empty."""
    record = _json(last / DUCKDB1_FINGERPRINTS) if last else {}
    before = record.get("tables")
    if (
        last
        and isinstance(before, dict)
        and record.get("file") == file_identity(last / DUCKDB1_COPY)
    ):
        shutil.copyfile(last / DUCKDB1_COPY, path)
        return before
    return {}


def _write_table(
    con: duckdb.DuckDBPyConnection, table: str, was: dict | None, now: dict, column: str | None
) -> list[str]:
    """Write a changed table into the copy: the rows of its changed keys, when it has a
    key and its columns are the same; else whole, with its comments."""
    if was is not None and column and was["columns"] == now["columns"]:
        parts = sorted(
            key
            for key in {*was["rows"], *now["rows"]}
            if was["rows"].get(key) != now["rows"].get(key)
        )
        where = f"{_partition(column)} in (select unnest($parts))"
        con.execute(f"delete from duckdb1.marts.{table} where {where}", {"parts": parts})
        con.execute(
            f"insert into duckdb1.marts.{table} select * from published.marts.{table} "
            f"where {where}",
            {"parts": parts},
        )
        return [f"{table}[{column}={key}]" for key in parts]
    con.execute(
        f"create or replace table duckdb1.marts.{table} as select * from published.marts.{table}"
    )
    _copy_comments(con, table)
    return [table]


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
