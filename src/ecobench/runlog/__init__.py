"""What each refresh did, kept beside the warehouse and published with it: the lock
(`lock`), the run's record through its steps (`record`), runs that ended without a word
told by the next (`interrupted`), and the run-log tables the warehouse publishes
(`tables`). A run's message and a file's reason are kept in English and in Chinese.
"""

from __future__ import annotations

from ecobench import processes
from ecobench.runlog.interrupted import mark_interrupted
from ecobench.runlog.lock import RefreshBusy, refresh_lock
from ecobench.runlog.record import (
    DONE,
    NothingToPublish,
    PublishedThenFailed,
    Run,
    fault_point,
    manifests,
    new_run_id,
    watching_steps,
)
from ecobench.runlog.tables import (
    BEFORE_ZH,
    QUARANTINE_SCHEMA,
    RUN_SCHEMA,
    before_zh,
    history,
    write_tables,
)

# What `ecobench refresh` exits with (docs/reliability.md)
EXIT_PUBLISHED, EXIT_QUARANTINED, EXIT_NOTHING, EXIT_BUSY, EXIT_AFTER_PUBLISH = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = processes.EXIT_INTERRUPTED  # stopped by Ctrl-C or SIGTERM

__all__ = [
    "BEFORE_ZH",
    "DONE",
    "EXIT_AFTER_PUBLISH",
    "EXIT_BUSY",
    "EXIT_INTERRUPTED",
    "EXIT_NOTHING",
    "EXIT_PUBLISHED",
    "EXIT_QUARANTINED",
    "QUARANTINE_SCHEMA",
    "RUN_SCHEMA",
    "NothingToPublish",
    "PublishedThenFailed",
    "RefreshBusy",
    "Run",
    "before_zh",
    "fault_point",
    "history",
    "manifests",
    "mark_interrupted",
    "new_run_id",
    "refresh_lock",
    "watching_steps",
    "write_tables",
]
