"""A refresh given nothing new says so at once, without starting Prefect or dbt.

After a run that published every file and its exports, the flow records what it was given
(`record`): each entry of the two input folders by name, size and modification time (the
file system's word, no byte read), whether synthetic files were allowed, a digest of the
project's code, models, seeds and suites, the published file's identity and the run id.
`ecobench refresh` compares a new snapshot with that record before anything else
(`unchanged_since`): the same, it prints that the warehouse is current and exits 0.

Any doubt means a full refresh: a changed or touched file, a new or removed one, a changed
line of code, a warehouse replaced or written to (or a session's log beside it), exports
gone, a record missing. The flow
removes the record when it starts (`forget`), so a run that fails, is stopped, quarantines a
file or fails in its exports leaves none, and the next refresh does the whole work.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ecobench import fingerprints
from ecobench.config import file_identity


def snapshot(sources_dir: Path, submissions_dir: Path | None, allow_synthetic: bool) -> dict:
    """What a refresh is given, as the file system tells it, and the project's digest."""
    entries: list[list[str | int | None]] = []
    for folder in (sources_dir, submissions_dir):
        if folder is None or not folder.is_dir():
            entries.append([str(folder), None])
            continue
        for entry in sorted(folder.iterdir()):
            status = entry.lstat()
            entries.append([str(entry), status.st_mode, status.st_size, status.st_mtime_ns])
    return {
        "inputs": entries,
        "allow_synthetic": allow_synthetic,
        "project": fingerprints.published(),
    }


def _record_path(warehouse: Path) -> Path:
    return warehouse.with_suffix(".unchanged.json")


def forget(warehouse: Path) -> None:
    _record_path(warehouse).unlink(missing_ok=True)


def record(warehouse: Path, taken: dict, run_id: str, exports: Path) -> None:
    """After a run that published every file (and its exports): what it was given."""
    state = {
        **taken,
        "warehouse": file_identity(warehouse),
        "report": file_identity(exports / "report.html"),
        "exports": str(exports),
        "run_id": run_id,
    }
    path = _record_path(warehouse)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, path)


def unchanged_since(
    warehouse: Path, sources_dir: Path, submissions_dir: Path | None, allow_synthetic: bool
) -> str | None:
    """The id of the last run when nothing it was given has changed since; else None."""
    if warehouse.with_name(f"{warehouse.name}.wal").exists():
        return None  # a session wrote to it: the next refresh moves its log aside
    try:
        state = json.loads(_record_path(warehouse).read_text())
    except (OSError, ValueError):
        return None
    now = {
        **snapshot(sources_dir, submissions_dir, allow_synthetic),
        "warehouse": file_identity(warehouse),
        "report": file_identity(Path(state.get("exports", "")) / "report.html"),
    }
    if any(state.get(key) != value for key, value in now.items()):
        return None
    return state.get("run_id")
