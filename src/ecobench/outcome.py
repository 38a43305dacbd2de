"""How a refresh run ended, as `ecobench refresh` tells it: its exit code, the line that
says why when it did not publish cleanly, and its summary when it completed. One reading
for a run in the command's own process and one run in a warm `ecobench serve`."""

from __future__ import annotations

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
