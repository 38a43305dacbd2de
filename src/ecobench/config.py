"""Paths and process-wide settings.

Imported before Prefect, dbt or GX so that telemetry is off and Prefect keeps its state
inside the project, whatever the caller's environment (a fresh clone, CI, a cron job).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("ECOBENCH_HOME", Path(__file__).resolve().parents[2]))
SOURCES_DIR = PROJECT_ROOT / "data" / "sources"
SUBMISSIONS_DIR = PROJECT_ROOT / "data" / "submissions"
SEEDS_DIR = PROJECT_ROOT / "seeds"
WAREHOUSE_PATH = PROJECT_ROOT / "warehouse" / "ecobench.duckdb"
EXPORTS_DIR = PROJECT_ROOT / "reports" / "exports"
# `ecobench serve`'s schedules (Asia/Shanghai): the daily refresh, and the weekly one whose
# build tests every row (macros/checks.sql), on Sunday night before the daily run
REFRESH_CRON = "0 6 * * *"
FULL_CHECKS_CRON = "0 3 * * 0"


def _limit(name: str, default: float) -> float:
    return float(os.environ.get(f"ECOBENCH_{name}", default))


# What one input may cost (docs/reliability.md): a file over a limit is quarantined with the
# limit named, and the others go on. Each can be raised through its environment variable.
MAX_FILE_MB = _limit("MAX_FILE_MB", 50)  # any file taken in
MAX_WORKBOOK_ROWS = int(_limit("MAX_WORKBOOK_ROWS", 100_000))  # rows of a submission
MAX_WORKBOOK_CELLS = int(_limit("MAX_WORKBOOK_CELLS", 2_000_000))  # rows x columns
MAX_INFLATED_MB = _limit("MAX_INFLATED_MB", 200)  # a workbook's XML once unzipped
PARSE_SECONDS = _limit("PARSE_SECONDS", 120)  # parsing one file
# what DuckDB may hold in memory before it spills to disk, in dbt and in the exports
# (DuckDB's default is 80 % of the machine's memory; docs/performance.md)
DUCKDB_MEMORY = os.environ.get("ECOBENCH_DUCKDB_MEMORY", "768MB")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes: what a cache entry or an export records to be trusted."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_identity(path: Path) -> list[int] | None:
    """A file as the file system knows it (inode, size, modification time): replaced or
    written to, it differs; None when there is none."""
    if not path.is_file():
        return None
    status = path.stat()
    return [status.st_ino, status.st_size, status.st_mtime_ns]


_OFFLINE_DEFAULTS = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "INFO",
}
for _key, _value in _OFFLINE_DEFAULTS.items():
    os.environ.setdefault(_key, _value)
