"""What each published table holds, computed once per export and kept in one record in the
exports folder (`_table_prints.json`), which both the parquet files (parquet.py) and the
DuckDB 1.x copy (duckdb1.py) are brought up to date from: hashing a table at province scale
costs seconds, and two writers hashing it each would pay twice and could disagree.

A table's print is its key (the column by which it is kept in parts: a per-district
mart's district, dbt's manifest tags, publish/manifest.py; the submissions' year), its
columns, and for each value of the key (`'*'` for a table kept whole) the count of its rows
and two sums of their hashes. The record also holds the identity (inode, size, modification
time) of every file the export wrote or linked, so that the next export takes a file of
this one only as it was written: a link keeps the inode and the time, any write changes
the time. Not a hash of the bytes: that would read the whole export again every time.

Not to be confused with ecobench/fingerprints.py, the code's fingerprints for caches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from ecobench.config import file_identity

RECORD = "_table_prints.json"
WHOLE = "*"  # the one part of a table kept whole


def compute(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str], keys: Mapping[str, str]
) -> dict[str, dict]:
    """Each table's print (read as published.marts.<table>), by its key in `keys`."""
    return {table: table_print(con, table, keys.get(table)) for table in tables}


def table_print(con: duckdb.DuckDBPyConnection, table: str, column: str | None) -> dict:
    """What a published table holds: its key, its columns (name and type) and, for each
    value of `column` (the whole table when None), the count of its rows and two sums of
    their hashes (an XOR, and a plain sum, in which two equal rows do not cancel out)."""
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = 'published' and schema_name = 'marts' and table_name = $table "
        "order by column_index",
        {"table": table},
    ).fetchall()
    key = part_of(column) if column else f"'{WHOLE}'"
    rows = con.execute(
        f"select {key}, count(*), bit_xor(hash(t)), sum(hash(t)::hugeint) "
        f"from published.marts.{table} as t group by all"
    ).fetchall()
    return {
        "key": column,
        "columns": [list(c) for c in columns],
        "rows": {str(value): f"{n}:{xor}:{total}" for value, n, xor, total in rows},
    }


def part_of(column: str) -> str:
    """A row's part (the value of its key) as text, '' for null: SQL."""
    return f"coalesce(cast({column} as varchar), '')"


def changed_parts(was: dict | None, now: dict) -> list[str] | None:
    """The parts of a table whose rows differ from the last print; None when the table
    is to be taken whole (no last print, another key or other columns)."""
    if was is None or was.get("key") != now["key"] or was.get("columns") != now["columns"]:
        return None
    rows = was.get("rows", {})
    return sorted(k for k in {*rows, *now["rows"]} if rows.get(k) != now["rows"].get(k))


def load(folder: Path | None) -> dict:
    """The record an export left in `folder`: {"tables": print by table, "files": identity
    by path relative to the folder}; empty parts when there is none to read."""
    try:
        found = json.loads((folder / RECORD).read_text()) if folder else {}
    except (OSError, ValueError):
        found = {}
    if not isinstance(found, dict):
        found = {}
    tables, files = found.get("tables"), found.get("files")
    return {
        "tables": tables if isinstance(tables, dict) else {},
        "files": files if isinstance(files, dict) else {},
    }


def intact(record: dict, folder: Path, relative: str) -> bool:
    """Whether folder/relative is the file the record's export wrote (or linked) there."""
    identity = record["files"].get(relative)
    return identity is not None and identity == file_identity(folder / relative)


def save(folder: Path, prints: Mapping[str, dict], files: Iterable[Path]) -> Path:
    """Record the prints the export was written from and the identity of its files."""
    record = {
        "tables": dict(prints),
        "files": {str(f.relative_to(folder)): file_identity(f) for f in sorted(files)},
    }
    path = folder / RECORD
    path.write_text(json.dumps(record, indent=1))
    return path
