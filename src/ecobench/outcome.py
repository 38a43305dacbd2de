"""How a refresh run ended, as `ecobench refresh` tells it: its exit code, the line that
says why when it did not publish cleanly, and its summary when it completed; a failure it
tells in words is logged without a traceback. One reading for a run in the command's own
process and one run in a warm `ecobench serve`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prefect.states import State


@dataclass(frozen=True)
class Outcome:
    code: int  # runlog.EXIT_*
    said: str  # rich markup; empty for a run that completed
    summary: dict | None = None


def outcome_of(state: State) -> Outcome:
    """The outcome of the refresh flow's final state."""
    from ecobench import processes, runlog
    from ecobench.warehouse import WarehouseHeld

    if state.is_completed():
        return Outcome(runlog.EXIT_PUBLISHED, "", state.result())
    if processes.stopping:
        return Outcome(
            runlog.EXIT_INTERRUPTED, f"[red]stopped[/red] ({processes.stopping}): nothing published"
        )
    try:
        state.result()
    except (runlog.RefreshBusy, WarehouseHeld) as exc:
        return Outcome(runlog.EXIT_BUSY, f"[yellow]busy, nothing published:[/yellow] {exc}")
    except runlog.PublishedThenFailed as exc:
        return Outcome(runlog.EXIT_AFTER_PUBLISH, f"[yellow]published, then failed:[/yellow] {exc}")
    except Exception as exc:
        return Outcome(runlog.EXIT_NOTHING, f"[red]refresh failed, nothing published:[/red] {exc}")
    return Outcome(runlog.EXIT_NOTHING, "[red]refresh failed, nothing published[/red]")


class _ToldFailure(logging.Filter):
    """A failure the refresh tells in words (a dbt test, the marts gate, a busy warehouse)
    is logged as its message alone: Prefect's log would add a Python traceback to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from ecobench import runlog
        from ecobench.quality.quarantine import MartsRejected
        from ecobench.warehouse import DbtBuildError, WarehouseHeld

        told = (
            DbtBuildError,
            MartsRejected,
            WarehouseHeld,
            runlog.NothingToPublish,
            runlog.RefreshBusy,
            runlog.PublishedThenFailed,
        )
        if record.exc_info and isinstance(record.exc_info[1], told):
            record.exc_info, record.exc_text = None, None
        return True


def no_tracebacks_for_told_failures() -> None:
    """Install _ToldFailure on the handlers of the root logger and Prefect's."""
    loggers = [
        logging.getLogger(),
        *(
            logging.getLogger(name)
            for name in list(logging.root.manager.loggerDict)
            if name.startswith("prefect")
        ),
    ]
    for handler in {h for each in loggers for h in each.handlers}:
        handler.addFilter(_ToldFailure())
