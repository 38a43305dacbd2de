"""`ecobench refresh` (now) and `ecobench serve` (on a schedule): the refresh flow run from
the command line, its outcome told and its exit code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from ecobench import config, prefect_api
from ecobench.cli.common import console
from ecobench.outcome import no_tracebacks_for_told_failures

if TYPE_CHECKING:
    from prefect.states import State


def refresh(
    sources: Path = typer.Option(config.SOURCES_DIR, help="Folder of district documents (*.txt)."),
    submissions: Path = typer.Option(
        config.SUBMISSIONS_DIR, help="Folder of district submissions (*.xlsx, *.csv)."
    ),
    warehouse: Path = typer.Option(config.WAREHOUSE_PATH, help="Published DuckDB warehouse."),
    wait: float = typer.Option(0.0, help="Seconds to wait for another refresh to end."),
    force: bool = typer.Option(
        False, help="Refresh even when nothing changed since the last clean run."
    ),
    summary_json: Path = typer.Option(
        None, help="Also write the run's summary (stages, rows, files) to this JSON file."
    ),
    full_checks: bool = typer.Option(
        False,
        help="Every data test checks every row (an incremental build checks the rows it "
        "wrote); refreshes even when nothing changed.",
    ),
    via_serve: bool = typer.Option(
        False,
        "--via-serve",
        help="Run it in the warm process of `ecobench serve` on this machine (imports, "
        "dbt's parsed project and Prefect's API ready), not in this one.",
    ),
    serve_port: int = typer.Option(
        prefect_api.WARM_PORT, help="The port `ecobench serve` takes refreshes on."
    ),
    allow_synthetic: bool = typer.Option(False, hidden=True),  # ecobench bench's scratch runs
) -> None:
    """Parse the documents and submissions, gate them, build the warehouse with dbt and
    publish it. Given nothing new since the last run that published every file, it says so
    and stops (in well under a second; --force refreshes anyway).

    Exits 0 when every file published; 1 when it published with files quarantined; 2 when
    nothing was published (the last good warehouse is unchanged); 3 when the warehouse is
    busy (another refresh holds it, or a program has it open for writing); 4 when it
    published and a step after failed (the exports); 130 when stopped by Ctrl-C or SIGTERM."""
    sources, warehouse, submissions = sources.resolve(), warehouse.resolve(), submissions.resolve()
    if not (force or full_checks) and _said_unchanged(
        warehouse, sources, submissions, allow_synthetic, summary_json
    ):
        return
    given = (sources, warehouse, wait, submissions, allow_synthetic, full_checks)
    if via_serve:
        summary, stages = _asked_of_serve(given, serve_port, summary_json is not None)
    else:
        from ecobench.bench_timing import summary_figures

        with summary_figures(summary_json is not None) as stages:
            state = _run_flow(*given)
        summary = _summary_or_exit(state)
    if summary_json is not None:
        summary_json.write_text(json.dumps({**summary, **stages}, ensure_ascii=False, default=str))
    _print_summary(summary)


def _said_unchanged(
    warehouse: Path,
    sources: Path,
    submissions: Path,
    allow_synthetic: bool,
    summary_json: Path | None,
) -> bool:
    """Given nothing new since the last clean run, say so (before Prefect or dbt start)."""
    from ecobench import unchanged

    last = unchanged.unchanged_since(warehouse, sources, submissions, allow_synthetic)
    if last is None:
        return False
    console.print(
        f"nothing changed since run {last}: {warehouse} and its exports are current "
        "(--force to refresh anyway)"
    )
    if summary_json is not None:
        summary_json.write_text(json.dumps({"unchanged_since": last}))
    return True


def _run_flow(
    sources: Path,
    warehouse: Path,
    wait: float,
    submissions: Path,
    allow_synthetic: bool,
    full_checks: bool = False,
) -> State:
    """The refresh flow in this process, against a Prefect API started beside it."""
    from ecobench import processes, runlog

    server = prefect_api.start()  # starts while the flow's modules import
    from flows.refresh import refresh as refresh_flow
    from flows.refresh import without_heartbeats

    processes.on_stop_signals()
    no_tracebacks_for_told_failures()
    if server is not None:
        server.ready()
    try:
        with (
            console.status("Refreshing: take in → gate → land → dbt build → gate → publish"),
            without_heartbeats(),
        ):
            return refresh_flow(
                sources,
                warehouse,
                wait,
                submissions,
                allow_synthetic,
                full_checks,
                return_state=True,
            )
    except KeyboardInterrupt:
        console.print(
            "[red]stopped[/red]: the published warehouse is as it was or as this run "
            "published it, never half-written; the lock is free"
        )
        raise typer.Exit(runlog.EXIT_INTERRUPTED) from None


# the refresh flow's parameters, in the order _run_flow takes them
FLOW_PARAMETERS = (
    "sources_dir",
    "warehouse_path",
    "wait_seconds",
    "submissions_dir",
    "allow_synthetic",
    "full_checks",
)


def _asked_of_serve(given: tuple, port: int, timed: bool) -> tuple[dict, dict]:
    """The refresh run by `ecobench serve`: its summary and figures, or what ended it, told,
    and its exit code."""
    from ecobench import runlog
    from ecobench.serve import client

    parameters = dict(zip(FLOW_PARAMETERS, given, strict=True))
    try:
        with console.status(f"Refreshing in ecobench serve (127.0.0.1:{port})"):
            answer = client.refresh(parameters, port, timed)
    except client.NoServe as exc:
        console.print(f"[red]nothing refreshed:[/red] {exc}")
        raise typer.Exit(runlog.EXIT_NOTHING) from None
    if answer["summary"] is None:
        console.print(answer["said"])
        raise typer.Exit(answer["code"])
    figures = {key: answer[key] for key in ("stages", "peak_memory_mb") if key in answer}
    return answer["summary"], figures


def _summary_or_exit(state: State) -> dict:
    """The summary of a run that completed; otherwise what ended it, told, and its exit code."""
    from ecobench.outcome import outcome_of

    ended = outcome_of(state)
    if ended.summary is None:
        console.print(ended.said)
        raise typer.Exit(ended.code)
    return ended.summary


def _print_summary(summary: dict) -> None:
    table = Table(title=f"Published {summary['warehouse']} (run {summary['run_id']})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary["rows"].items():
        table.add_row(name, str(rows))
    console.print(table)
    console.print(
        f"{summary['documents']} documents, {summary['submissions']} submissions "
        f"({summary['parsed']} files parsed, the others unchanged), "
        f"{summary['dbt_nodes']} dbt nodes passed; "
        f"quality report {summary['quality_report']}"
    )
    for reason in summary["ignored"].values():
        console.print(f"[dim]ignored[/dim] {reason}")
    for file, original in summary["duplicates"].items():
        console.print(f"[yellow]duplicate[/yellow] {file}: same content as {original}, taken once")
    for file, reason in summary["quarantined"].items():
        console.print(f"[red]quarantined[/red] {file}: {reason}")
    if summary["quarantined"]:
        raise typer.Exit(1)


def serve(
    cron: str = typer.Option(
        config.REFRESH_CRON, help="When to refresh (cron, Asia/Shanghai time)."
    ),
    full_checks_cron: str = typer.Option(
        config.FULL_CHECKS_CRON,
        help="When to refresh with every test on every row ('' for never).",
    ),
    sources: Path = typer.Option(config.SOURCES_DIR, help="Folder of district documents."),
    submissions: Path = typer.Option(config.SUBMISSIONS_DIR, help="Folder of submissions."),
    warehouse: Path = typer.Option(config.WAREHOUSE_PATH, help="Published DuckDB warehouse."),
    port: int = typer.Option(
        prefect_api.SERVE_PORT, help="Port of the local Prefect server started for it."
    ),
    warm_port: int = typer.Option(
        prefect_api.WARM_PORT, help="Port it takes refreshes on (ecobench refresh --via-serve)."
    ),
) -> None:
    """Refresh and publish on a schedule until interrupted (Ctrl-C), and whenever
    `ecobench refresh --via-serve` asks, each run in this warm process.

    Starts a local Prefect server (UI and run history at http://127.0.0.1:PORT) unless
    PREFECT_API_URL names one, and serves the refresh flow with the cron schedule, and with
    --full-checks on the weekly one."""
    from ecobench.serve import loop
    from flows.deployments import deployment, prefect_server

    paths = {
        "sources": sources.resolve(),
        "submissions": submissions.resolve(),
        "warehouse": warehouse.resolve(),
    }
    served = [deployment(cron, **paths)]
    if full_checks_cron:
        served.append(deployment(full_checks_cron, full_checks=True, **paths))
    with prefect_server(port) as url:
        console.print(
            f"serving the refresh on '{cron}', with full checks on '{full_checks_cron or 'never'}'"
            f" (Asia/Shanghai) against {url}; refreshes asked on 127.0.0.1:{warm_port}"
        )
        try:
            loop.serve(served, paths["warehouse"], warm_port)
        except loop.PortTaken as exc:
            console.print(f"[red]not served:[/red] {exc}")
            raise typer.Exit(2) from None
