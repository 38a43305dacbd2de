"""The parquet files of the published marts, in the exports folder: a table kept whole as
`<table>.parquet`; a table kept in parts as a hive dataset of one file per part: a
per-district mart (as dbt's manifest tags it, publish/manifest.py) in 16 buckets of
districts, `<table>/district_bucket=<first hex digit of md5(district_id)>/data.parquet`,
the submissions by year, `<table>/period_year=<year>/data.parquet`. Each file holds every
column of the table (the district's, the year's too; not the bucket, which is no column),
so an analyst reads a dataset whole as `read_parquet('<table>/*/*.parquet')`.

Buckets, not a file per district: at 3,000 districts that was 18,050 files, and DuckDB's
PARTITION_BY pays milliseconds a file, a full write (every full dbt build) 4.6-5.9x the
old one's time (docs/performance.md); 16 files a table keep one district's change to a
sixteenth of it.

Only what changed is written: a table, or a part, whose print (table_prints.py, computed
once per export and shared with the DuckDB 1.x copy) equals the last export's is linked
from the last export's folder, when its file there is the one that export recorded; the
rest is written. After one new submission at province scale that is a year of submissions
and one bucket's file of each per-district mart, not every table again."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb

from ecobench.publish import table_prints
from ecobench.publish.manifest import district_keys

# a province's submissions (millions of rows, a year at a time) are a parquet dataset with
# one file per year, whatever dbt's manifest says
PARTITIONED = {"fct_submitted_values": "period_year"}
PART_FILE = "data.parquet"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # DuckDB's folder for a null key

log = logging.getLogger(__name__)


def write_parquet(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    out_dir: Path,
    last: Path,
    prints: Mapping[str, dict],
) -> dict[str, Path]:
    """Every table (read as published.marts.<table>) into out_dir, as its file or, for a
    table with a key in its print, its dataset; what is unchanged since the last export
    (folder `last`, with its record) is linked from there. `prints`: this export's
    (table_prints.compute, by dataset_keys), shared with the DuckDB 1.x copy. Returns
    table -> its file or folder."""
    record = table_prints.load(last)
    written, keyed = {}, []
    for table in tables:
        if prints[table]["key"]:
            keyed.append(table)
            continue
        name = f"{table}.parquet"
        if table_prints.changed_parts(record["tables"].get(table), prints[table]) != [] or (
            not _link(record, name, last, out_dir)
        ):
            con.execute(f"copy published.marts.{table} to '{out_dir / name}' (format parquet)")
        written[table] = out_dir / name
    if keyed:
        # the rows' order need not be kept (a mart promises none within a part): a quarter
        # faster. On this connection, within its memory limit: a DuckDB of the parts' own
        # took its limit again beside it, and the export's peak passed 2 GB
        # (docs/performance.md)
        con.execute("set preserve_insertion_order = false")
        try:
            for table in keyed:
                written[table] = _write_dataset(con, table, prints[table], record, out_dir, last)
        finally:
            con.execute("reset preserve_insertion_order")
    return written


def dataset_keys(manifest: Path) -> tuple[dict[str, str], set[str]]:
    """The tables kept in parts, as an export writes them: table -> its key, the
    per-district marts dbt's manifest tags and PARTITIONED; and those of them kept in
    buckets of districts (table_prints.BUCKET). A table not among them is
    `<table>.parquet`."""
    districts = district_keys(manifest)
    return {**districts, **PARTITIONED}, set(districts) - set(PARTITIONED)


def folders(written: Mapping[str, Path] | None = None) -> dict[str, str]:
    """The tables written as datasets, not as <table>.parquet: table -> its folder (for
    the index); without `written`, those that are always datasets."""
    if written is None:
        return {table: f"{table}/" for table in PARTITIONED}
    return {table: f"{table}/" for table, path in written.items() if path.is_dir()}


def part_path(table: str, column: str, part: str) -> str:
    """A part's file, relative to the exports folder (its folder as DuckDB names it)."""
    return f"{table}/{column}={part or HIVE_NULL}/{PART_FILE}"


def _link(record: dict, relative: str, last: Path, out_dir: Path) -> bool:
    """Link the last export's file (relative to its folder) into out_dir, when it is the
    file that export recorded; False when it must be written."""
    if not table_prints.intact(record, last, relative):
        if relative in record["files"]:
            log.warning("%s is not the file the last export recorded", last / relative)
        return False
    target = out_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(last / relative, target)
    except OSError:  # another file system: written instead
        return False
    return True


def _write_dataset(
    con: duckdb.DuckDBPyConnection,
    table: str,
    now: dict,
    record: dict,
    out_dir: Path,
    last: Path,
) -> Path:
    """A table's dataset in out_dir: the parts whose rows are unchanged linked from the
    last export, the others written."""
    column = now["part"]
    changed = table_prints.changed_parts(record["tables"].get(table), now)
    parts = set(now["rows"])
    to_write = parts if changed is None else parts & set(changed)
    for part in sorted(parts - to_write):
        if not _link(record, part_path(table, column, part), last, out_dir):
            to_write = to_write | {part}
    dataset = out_dir / table
    dataset.mkdir(exist_ok=True)
    if to_write:
        _copy_parts(con, table, now, None if to_write == parts else sorted(to_write), dataset)
    return dataset


def _copy_parts(
    con: duckdb.DuckDBPyConnection,
    table: str,
    now: dict,
    parts: list[str] | None,
    dataset: Path,
) -> None:
    """Write the given parts of a table (all when None). A table in buckets: in one pass,
    DuckDB's PARTITION_BY into a scratch folder, then each part's file renamed to its place
    (the bucket, computed for the folders, is no column of the mart and stays out of the
    files; a part DuckDB split into several files keeps them under DuckDB's names, and the
    next export writes it again). A table by a column of its own (the submissions by year):
    a query per part, which reads only that part's row groups: the one pass took 9.5-19 s
    for the submissions at 3,000 districts against 6.7-7.2 s so (docs/performance.md)."""
    part, expression = now["part"], table_prints.part_of(now)
    if part == now["key"]:
        for value in sorted(now["rows"]) if parts is None else parts:
            target = dataset / f"{part}={value or HIVE_NULL}" / PART_FILE
            target.parent.mkdir(exist_ok=True)
            # the key against the value itself (a literal DuckDB casts once): only that
            # part's row groups are read; '' is a null key's part
            where = f"{part} = $part" if value else f"{expression} = $part"
            con.execute(
                f"copy (select * from published.marts.{table} where {where}) "
                f"to '{target}' (format parquet)",
                {"part": value},
            )
        return
    scratch = dataset.with_name(f".{table}.parts")
    shutil.rmtree(scratch, ignore_errors=True)
    where = "" if parts is None else f"where {expression} in (select unnest($parts))"
    copy = (
        f"copy (select *, {expression} as {part} from published.marts.{table} {where}) "
        f"to '{scratch}' (format parquet, partition_by ({part}), write_partition_columns false)"
    )
    con.execute(copy) if parts is None else con.execute(copy, {"parts": parts})
    for folder in sorted(scratch.iterdir()) if scratch.is_dir() else []:
        files = list(folder.iterdir())
        if len(files) == 1:
            files[0].rename(folder / PART_FILE)
        folder.rename(dataset / folder.name)
    shutil.rmtree(scratch, ignore_errors=True)
