"""The parse cache: a file taken in before, with the same bytes under the same name, is not
parsed again. Its rows, once they passed the gate, are kept under
`archive/parsed/<fingerprint>/` (fingerprints.parsed: the parsers, the suites, the seeds),
each part with its recorded hash; an entry that does not match is removed and the file
parsed again."""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from ecobench import fingerprints
from ecobench.config import file_sha256
from ecobench.ingest.document import TABLES, ParsedDocument
from ecobench.ingest.intake.model import ACCEPTED, SUBMISSION, Intake


@cache
def fingerprint() -> str:
    """What a parsed and validated file depends on besides its bytes (fingerprints.parsed),
    once per process."""
    return fingerprints.parsed()


def cache_path(intake: Intake, archive_dir: Path) -> Path:
    """Where a file's validated rows are kept: a parquet file for a submission, a folder of
    one parquet file per table for a document."""
    folder = archive_dir / "parsed" / fingerprint()
    name = f"{intake.sha256}-{intake.source_file}"
    return folder / (f"{name}.parquet" if intake.kind == SUBMISSION else name)


def pending_path(intake: Intake, archive_dir: Path) -> Path:
    target = cache_path(intake, archive_dir)
    return target.with_name(f".{target.name}.pending")


def stash(intake: Intake, archive_dir: Path) -> None:
    """Write a freshly parsed file's rows beside the cache, pending its gate (in the parse
    task, so that the writing runs in parallel too); a submission's rows are then read
    from there."""
    if intake.cached or intake.outcome != ACCEPTED or intake.submitted_at is not None:
        return
    pending = pending_path(intake, archive_dir)
    pending.parent.mkdir(parents=True, exist_ok=True)
    target = cache_path(intake, archive_dir)
    if intake.kind == SUBMISSION:
        pq.write_table(intake.submitted_rows().to_arrow(), pending)  # no polars query per file
        hashes = {target.name: file_sha256(pending)}
        hashes_file(pending).write_text(json.dumps(hashes))
        intake.submitted, intake.submitted_at = None, pending  # the gate reads them there
    else:
        pending.mkdir(exist_ok=True)
        for name, frame in intake.rows().frames().items():
            frame.write_parquet(pending / f"{name}.parquet")
        hashes = {
            f"{target.name}/{name}.parquet": file_sha256(pending / f"{name}.parquet")
            for name in intake.rows().frames()
        }
        (pending / "hashes.json").write_text(json.dumps(hashes))


def keep(intake: Intake, archive_dir: Path) -> None:
    """After the gate: the rows of a file that passed it enter the cache (one rename); those
    of a file that did not are dropped."""
    if intake.cached:
        return  # not parsed this time: nothing pending
    pending = pending_path(intake, archive_dir)
    if not pending.exists():
        return
    target = cache_path(intake, archive_dir)
    if intake.outcome == ACCEPTED:
        if pending.is_file():  # the hash first: rows without their hash are parsed again
            os.replace(hashes_file(pending), hashes_file(target))
        os.replace(pending, target)
    else:
        remove(pending)
        hashes_file(pending).unlink(missing_ok=True)


def is_cached(intake: Intake, archive_dir: Path) -> bool:
    """Whether the parse cache holds the file's rows, every part as its recorded hash says.
    An entry that does not match (truncated, damaged, half-copied) is removed and the file
    parsed again, with a warning (`Intake.repaired`)."""
    entry = cache_path(intake, archive_dir)
    if not entry.exists():
        return False
    recorded = hashes_file(entry)
    try:
        hashes = json.loads(recorded.read_text())
        intact = all(file_sha256(entry.parent / part) == sha for part, sha in hashes.items())
    except (OSError, ValueError):
        intact = False
    if not intact:
        intake.repaired = f"its parse-cache entry {entry.name} did not match its recorded hash"
        remove(entry)
        recorded.unlink(missing_ok=True)
    return intact


def hashes_file(entry: Path) -> Path:
    """The SHA-256 of each part of a cache entry, recorded when it was written."""
    return entry / "hashes.json" if entry.is_dir() else entry.with_name(f"{entry.name}.sha256")


def remove(entry: Path) -> None:
    if entry.is_dir():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


def load(intake: Intake, archive_dir: Path) -> None:
    cached = cache_path(intake, archive_dir)
    intake.parsed = ParsedDocument(
        **{name: pl.read_parquet(cached / f"{name}.parquet") for name in TABLES}
    )
    meta = intake.rows().documents.row(0, named=True)
    intake.encoding, intake.content_sha256 = meta["encoding"], meta["content_sha256"]
