"""Land parsed rows for dbt: one parquet file per table in the landing folder, which the
dbt sources read (models/staging/landing/__sources.yml).

A built warehouse's fingerprint (fingerprints.built) follows this module's imports, with the
parsers' and the run log's: edit any code that shapes a landed row, and the next refresh
builds from scratch rather than on rows landed by the old code.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl

from ecobench.config import SEEDS_DIR
from ecobench.ingest.districts import divisions_frame
from ecobench.ingest.document import TABLES, ParsedDocument
from ecobench.ingest.schema import (
    DocumentMeta,
    IndicatorValue,
    ParseIssue,
    Project,
    SubmittedValue,
    Task,
    polars_schema,
)
from ecobench.ingest.values import ExpressionPart, read_expression

SCHEMAS = {
    "documents": DocumentMeta,
    "indicator_values": IndicatorValue,
    "tasks": Task,
    "projects": Project,
    "parse_issues": ParseIssue,
}


def land(parsed: list[ParsedDocument], landing_dir: Path) -> dict[str, int]:
    """Write one parquet file per table; returns the row count of each."""
    counts, tables = {}, {}
    for name in TABLES:
        frames = [p.frames()[name] for p in parsed]
        frame = pl.concat(frames) if frames else pl.DataFrame(schema=polars_schema(SCHEMAS[name]))
        counts[name] = frame.height
        tables[name] = frame
    printed = (
        pl.concat([p.indicator_values.select("value_raw") for p in parsed]) if parsed else None
    )
    tables["admin_divisions"] = divisions_frame()  # the marts name districts by it
    tables["expressions"] = expressions_frame(printed)  # every printed expression, read
    land_tables(tables, landing_dir)
    return counts


def land_tables(tables: dict[str, pl.DataFrame], landing_dir: Path) -> None:
    """Each frame as landing/<name>.parquet, written beside and renamed into place: a dbt
    source never reads a half-written file."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        tmp = landing_dir / f".{name}.parquet.tmp"
        frame.write_parquet(tmp)
        os.replace(tmp, landing_dir / f"{name}.parquet")


HISTORY = {"superseded_by": pl.String, "doc_number": pl.String, "issued_date": pl.String}


def land_history(superseded: list[tuple[ParsedDocument, str]], landing_dir: Path) -> int:
    """Write the indicator values of older revisions, each with the file that superseded
    it and its own 文号 and date, to landing/superseded_values.parquet; returns the rows."""
    frames = [
        parsed.indicator_values.with_columns(
            superseded_by=pl.lit(newer, pl.String),
            doc_number=pl.lit(parsed.documents["doc_number"][0], pl.String),
            issued_date=pl.lit(parsed.documents["issued_date"][0], pl.String),
        )
        for parsed, newer in superseded
    ]
    empty = pl.DataFrame(schema={**polars_schema(IndicatorValue), **HISTORY})
    frame = pl.concat(frames) if frames else empty
    land_tables({"superseded_values": frame}, landing_dir)
    return frame.height


def expressions_frame(printed: pl.DataFrame | None, seeds_dir: Path = SEEDS_DIR) -> pl.DataFrame:
    """The parts of every expression the comparisons read: the values and standards the
    documents print and the standards of the framework lists (seeds), by the one value
    grammar (ingest/values.py)."""
    with open(seeds_dir / "framework_indicators.csv", encoding="utf-8") as handle:
        standards = [row["standard_raw"] for row in csv.DictReader(handle)]
    texts = set(standards) | (set(printed["value_raw"].to_list()) if printed is not None else set())
    parts = [
        dataclasses.asdict(part)
        for text in sorted(t for t in texts if t and t.strip())
        for part in read_expression(text)
    ]
    return pl.DataFrame(parts, schema=polars_schema(ExpressionPart))


def land_submissions(cached: list[Path], landing_dir: Path) -> int:
    """Link each accepted submission's validated rows into landing/submissions/ (one parquet
    file per submission, unchanged ones never rewritten); returns the rows landed."""
    folder = landing_dir / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {path.name: path for path in cached}
    empty = "_schema.parquet"  # the schema when no district has submitted anything
    for stale in folder.glob("*.parquet"):
        if stale.name not in wanted and stale.name != empty:
            stale.unlink()
    if not (folder / empty).exists():
        pl.DataFrame(schema=polars_schema(SubmittedValue)).write_parquet(folder / empty)
    for name, source in wanted.items():
        target = folder / name
        if target.exists() and not _same_file(target, source):
            target.unlink()  # its cache entry was rebuilt (found damaged): link the new one
        if not target.exists():
            try:
                os.link(source, target)
            except OSError:
                shutil.copy(source, target)
    with duckdb.connect() as con:  # the row counts in the files' footers
        counted = con.execute(
            f"select sum(num_rows) from parquet_file_metadata('{folder}/*.parquet')"
        ).fetchone()
        return counted[0] if counted else 0


def _same_file(a: Path, b: Path) -> bool:
    """A landed submission is its cache entry: the same file, or a copy of its bytes."""
    return os.path.samefile(a, b) or a.read_bytes() == b.read_bytes()
