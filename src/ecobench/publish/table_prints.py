"""What each published table holds, computed once per export and kept in one record in the
exports folder (`_table_prints.json`), which both the parquet files (parquet.py) and the
DuckDB 1.x copy (duckdb1.py) are brought up to date from: hashing a table at province scale
costs seconds, and two writers hashing it each would pay twice and could disagree.

A table's print is its key (the column by which it is kept in parts: a per-district
mart's district, dbt's manifest tags, publish/manifest.py; the submissions' year), its part
(the key's value, or for a per-district mart its district's bucket, BUCKET), its columns,
and for each part (`'*'` for a table kept whole) the count of its rows and two sums of their
hashes. A per-district mart is kept in 16 buckets, not a part per district: at 3,000
districts a file per district made a full export 4.6-5.9x slower (docs/performance.md).
The record also holds the identity (inode, size, modification time) of every file the
export wrote or linked, so that the next export takes a file of this one only as it was
written: a link keeps the inode and the time, any write changes the time. Not a hash of the bytes: that would read the whole export again every time.

Not to be confused with ecobench/fingerprints.py, the code's fingerprints for caches."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import duckdb

from ecobench.config import file_identity

RECORD = "_table_prints.json"
WHOLE = "*"  # the one part of a table kept whole
# a per-district mart's part: the first hex digit of md5 of its district's id, 16 buckets,
# the same on every machine and DuckDB version, spread evenly whatever the ids look like
BUCKET = "district_bucket"


def compute(
    con: duckdb.DuckDBPyConnection,
    tables: Iterable[str],
    keys: Mapping[str, str],
    bucketed: Collection[str] = (),
) -> dict[str, dict]:
    """Each table's print (read as published.marts.<table>), by its key in `keys`; for
    the tables in `bucketed` (the per-district marts), by the bucket of its key."""
    return {table: table_print(con, table, keys.get(table), table in bucketed) for table in tables}


def table_print(
    con: duckdb.DuckDBPyConnection, table: str, column: str | None, bucketed: bool = False
) -> dict:
    """What a published table holds: its key and part, its columns (name and type) and,
    for each part (the whole table when no key), the count of its rows and two sums of
    their hashes (an XOR, and a plain sum, in which two equal rows do not cancel out),
    in one pass grouped by the part: hashing district by district cost a query each."""
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = 'published' and schema_name = 'marts' and table_name = $table "
        "order by column_index",
        {"table": table},
    ).fetchall()
    found = {"key": column, "part": (BUCKET if bucketed else column) if column else None}
    part = part_of(found) if column else f"'{WHOLE}'"
    rows = con.execute(
        f"select {part}, count(*), bit_xor(hash(t)), sum(hash(t)::hugeint) "
        f"from published.marts.{table} as t group by all"
    ).fetchall()
    return {
        **found,
        "columns": [list(c) for c in columns],
        "rows": {str(value): f"{n}:{xor}:{total}" for value, n, xor, total in rows},
    }


def part_of(print_: Mapping) -> str:
    """A row's part as text, SQL, for a print with a key: its key's value ('' for null),
    or the bucket of it (a null key's bucket that of '')."""
    value = f"coalesce(cast({print_['key']} as varchar), '')"
    return f"left(md5({value}), 1)" if print_["part"] == BUCKET else value


def changed_parts(was: dict | None, now: dict) -> list[str] | None:
    """The parts of a table whose rows differ from the last print; None when the table
    is to be taken whole (no last print, another key or part, or other columns)."""
    if was is None or any(was.get(f) != now[f] for f in ("key", "part", "columns")):
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
