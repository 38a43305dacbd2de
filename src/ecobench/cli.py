"""ecobench's command line: thin wrappers over the functions the flows call."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ecobench import (
    config,  # first: sets telemetry off and PREFECT_HOME
    prefect_api,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Benchmarking warehouse for ecological-civilization indicators.",
)
console = Console(stderr=True)


@app.command()
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
    allow_synthetic: bool = typer.Option(False, hidden=True),  # ecobench bench's scratch runs
) -> None:
    """Parse the documents and submissions, gate them, build the warehouse with dbt and
    publish it. Given nothing new since the last run that published every file, it says so
    and stops (in well under a second; --force refreshes anyway).

    Exits 0 when every file published; 1 when it published with files quarantined; 2 when
    nothing was published (the last good warehouse is unchanged); 3 when the warehouse is
    busy (another refresh holds it, or a program has it open for writing); 4 when it
    published and a step after failed (the exports); 130 when stopped by Ctrl-C or SIGTERM."""
    from ecobench import unchanged

    sources, warehouse, submissions = sources.resolve(), warehouse.resolve(), submissions.resolve()
    last = (
        None
        if force
        else unchanged.unchanged_since(warehouse, sources, submissions, allow_synthetic)
    )
    if last is not None:
        console.print(
            f"nothing changed since run {last}: {warehouse} and its exports are current "
            "(--force to refresh anyway)"
        )
        if summary_json is not None:
            summary_json.write_text(json.dumps({"unchanged_since": last}))
        return

    from ecobench import processes, runlog

    server = prefect_api.start()  # starts while the flow's modules import
    from ecobench.warehouse import WarehouseHeld
    from flows.refresh import refresh as refresh_flow
    from flows.refresh import without_heartbeats

    processes.on_stop_signals()
    _no_tracebacks_for_told_failures()
    if server is not None:
        server.ready()
    try:
        with (
            console.status("Refreshing: take in → gate → land → dbt build → gate → publish"),
            without_heartbeats(),
        ):
            state = refresh_flow(
                sources, warehouse, wait, submissions, allow_synthetic, return_state=True
            )
    except KeyboardInterrupt:
        console.print(
            "[red]stopped[/red]: the published warehouse is as it was or as this run "
            "published it, never half-written; the lock is free"
        )
        raise typer.Exit(runlog.EXIT_INTERRUPTED) from None
    if not state.is_completed():
        if processes.stopping:
            console.print(f"[red]stopped[/red] ({processes.stopping}): nothing published")
            raise typer.Exit(runlog.EXIT_INTERRUPTED)
        try:
            state.result()
        except (runlog.RefreshBusy, WarehouseHeld) as exc:
            console.print(f"[yellow]busy, nothing published:[/yellow] {exc}")
            raise typer.Exit(runlog.EXIT_BUSY) from None
        except runlog.PublishedThenFailed as exc:
            console.print(f"[yellow]published, then failed:[/yellow] {exc}")
            raise typer.Exit(runlog.EXIT_AFTER_PUBLISH) from None
        except Exception as exc:
            console.print(f"[red]refresh failed, nothing published:[/red] {exc}")
        raise typer.Exit(runlog.EXIT_NOTHING)
    summary = state.result()
    if summary_json is not None:
        summary_json.write_text(json.dumps(summary, ensure_ascii=False, default=str))
    _print_summary(summary)


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


def _no_tracebacks_for_told_failures() -> None:
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


@app.command()
def extract(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A district document."),
    fmt: str = typer.Option("csv", "--format", help="csv or json"),
    table: str = typer.Option(
        "indicator_values", help="indicator_values, tasks, projects, documents or parse_issues"
    ),
    district: str = typer.Option(
        None, help="The document's district (code, name or id), when it names none itself."
    ),
    version: str = typer.Option(
        "NEW", help="With --table framework_indicators: the version id the rows get."
    ),
    framework: str = typer.Option(
        "new_framework", help="With --table framework_indicators: the framework id."
    ),
) -> None:
    """Print the rows a document yields, with the fact table's column names; the district
    it was recognised as, and every warning, on stderr."""
    import polars as pl

    from ecobench.ingest.districts import UnknownDistrict, by_code, resolve
    from ecobench.ingest.document import TABLES, parse_file
    from ecobench.ingest.text import ParseError

    if fmt not in {"csv", "json"}:
        raise typer.BadParameter("--format must be csv or json")
    if table not in (*TABLES, "framework_indicators"):
        raise typer.BadParameter(
            f"--table must be one of {', '.join(TABLES)} or framework_indicators"
        )
    try:
        given = resolve(district) if district else None
    except UnknownDistrict as exc:
        raise typer.BadParameter(str(exc)) from None
    try:
        parsed = parse_file(file, given)
    except ParseError as exc:
        console.print(f"[red]cannot parse[/red] {exc}")
        raise typer.Exit(2) from exc
    meta = parsed.documents.row(0, named=True)
    if meta["district_code"]:
        d = by_code()[meta["district_code"]]
        console.print(
            f"district: {d.name_zh} ({d.code}), {d.city_zh or '-'}, {d.province_zh}; "
            + (
                "as given"
                if meta["district_found_in"] == "given"
                else f"from its {meta['district_found_in']}"
            )
        )
    for issue in parsed.parse_issues.iter_rows(named=True):
        console.print(f"[yellow]warning[/yellow] {issue['source_file']}: {issue['issue']}")
    if not meta["district_code"]:
        console.print("pass --district CODE_OR_NAME to decide (a refresh quarantines it)")
    if meta["is_indicator_list"]:
        console.print(
            "an indicator list: --table framework_indicators --version ID --framework ID "
            "prints it as rows of seeds/framework_indicators.csv"
        )
    if table == "framework_indicators":
        from ecobench.ingest.frameworks import COLUMNS, framework_rows
        from ecobench.ingest.text import read_document

        rows = framework_rows(read_document(file), version, framework)
        frame = pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String))
    else:
        frame = parsed.frames()[table]
    if table == "indicator_values":
        from ecobench.ingest.concepts import concept_name

        frame = frame.with_columns(
            pl.col("concept_id")
            .map_elements(concept_name, return_dtype=pl.String)
            .alias("concept_zh")
        )
        counts = frame.group_by("mapped_by").len().sort("mapped_by").rows()
        console.print("concepts: " + ", ".join(f"{n} rows by {how}" for how, n in counts))
    if fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1) + "\n")
    else:
        lists = [n for n, t in frame.schema.items() if str(t).startswith("List")]
        frame = frame.with_columns(
            [frame[n].cast(pl.List(pl.String)).list.join("、") for n in lists]
        )
        sys.stdout.write(frame.write_csv())


@app.command()
def export(
    warehouse: Path = typer.Option(config.WAREHOUSE_PATH, help="Published DuckDB warehouse."),
    out: Path = typer.Option(config.EXPORTS_DIR, help="Folder for parquet, Excel and report."),
    site: bool = typer.Option(
        None,
        "--evidence/--no-evidence",
        help="Build the Evidence site into OUT/site (needs npm) [default: ECOBENCH_EVIDENCE=1].",
    ),
) -> None:
    """Export the published marts: parquet per table, Excel, Evidence's DuckDB, HTML report,
    and the Evidence site when asked."""
    from ecobench.publish import run as exports
    from ecobench.publish.evidence import EvidenceError

    try:
        written = exports.export(warehouse.resolve(), out.resolve(), site=site)
    except EvidenceError as exc:
        console.print(f"[red]the Evidence site was not built[/red] (the last export stands): {exc}")
        raise typer.Exit(1) from None
    console.print(f"{len(written)} files in {out}; report {written['report']}")
    if "site" in written:
        console.print(
            f"Evidence site {written['site']}: serve the folder, e.g. python -m http.server"
        )


@app.command()
def sql(
    query: str = typer.Argument(..., help="One SQL query (select …) on the marts."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json"),
    warehouse: Path = typer.Option(config.WAREHOUSE_PATH, help="Published DuckDB warehouse."),
    timeout: float = typer.Option(None, help="Seconds a query may run [ECOBENCH_SQL_TIMEOUT, 30]."),
    memory: str = typer.Option(None, help="Memory a query may use [ECOBENCH_SQL_MEMORY, 2GB]."),
    max_rows: int = typer.Option(None, help="Rows printed at most [ECOBENCH_SQL_MAX_ROWS, 10000]."),
) -> None:
    """Query the published warehouse, read only (no writes, files, network or extensions),
    one statement at a time, within a time, memory and row limit."""
    import csv

    from ecobench.publish.sql import Limits, QueryError, run_query

    default = Limits()
    limits = Limits(
        default.seconds if timeout is None else timeout,
        default.memory if memory is None else memory,
        default.max_rows if max_rows is None else max_rows,
    )
    try:
        answer = run_query(warehouse, query, limits)
    except QueryError as exc:
        console.print(f"[red]query refused or failed:[/red] {exc}")
        raise typer.Exit(2) from None
    columns, rows = answer.columns, answer.rows
    if fmt == "json":
        print(
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in rows],
                ensure_ascii=False,
                default=str,
                indent=1,
            )
        )
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        out = Table(*columns)
        for row in rows:
            out.add_row(*("" if v is None else str(v) for v in row))
        Console().print(out)
    if answer.truncated:
        console.print(
            f"[yellow]the first {limits.max_rows:,} rows of more[/yellow]: add a LIMIT, or "
            "raise --max-rows (ECOBENCH_SQL_MAX_ROWS)"
        )


@app.command()
def score(
    bounds: Path = typer.Option(
        ..., help="CSV: indicator_code,goal,lower,upper,direction[,weight]."
    ),
    values: Path = typer.Option(
        ..., help="CSV: unit_id,indicator_code,value (a number, empty or not_applicable)."
    ),
    out: Path = typer.Option(..., help="CSV to write: unit_id,goal,score,coverage,rank,…"),
    regions: Path = typer.Option(None, help="CSV: unit_id,region (the missing-goal rule)."),
    settings: Path = typer.Option(
        None, help="CSV: setting,value [default: seeds/ranking_settings.csv]."
    ),
    indicators: Path = typer.Option(None, help="Also write each unit's indicator scores here."),
) -> None:
    """Score and rank units on indicators with the rankings' method (macros/scoring.sql, run
    in DuckDB; the warehouse is not opened): one row per unit and goal, and per unit for
    goal = index. A bad row stops it with the file and line, writing nothing (exit 2)."""
    from ecobench import scoring

    try:
        inputs = scoring.read_inputs(bounds, values, regions, settings)
    except scoring.ScoreInputError as exc:
        console.print(f"[red]nothing scored:[/red] {exc}")
        raise typer.Exit(2) from None
    scores = scoring.score(inputs)
    scoring.write_scores(scores, out)
    if indicators is not None:
        scoring.write_scores(scoring.score(inputs, "indicators"), indicators)
    index = scores.filter(scores["goal"] == "index")
    console.print(
        f"{out}: {index.height} units, {index['rank'].is_not_null().sum()} ranked, "
        f"{scores.height - index.height} goal scores"
    )


@app.command()
def template(
    district: str = typer.Option(
        ...,
        help="Any district: its GB/T 2260 code, its name or short form (靖安县), or a seed's id.",
    ),
    framework: str = typer.Option(..., help="Framework id, e.g. jiangxi_provincial."),
    year: int = typer.Option(..., help="The year the status values are of."),
    out: Path = typer.Option(None, help="Workbook to write (default: a name in the cwd)."),
) -> None:
    """Write the Excel workbook a district fills with its status values for one year."""
    from ecobench.publish.submission_form import TemplateError, write_template

    try:
        path = write_template(district, framework, year, out)
    except TemplateError as exc:
        console.print(f"[red]no template:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"wrote {path}: fill 现状值, then drop it in {config.SUBMISSIONS_DIR}")


@app.command()
def serve(
    cron: str = typer.Option("0 6 * * *", help="When to refresh (cron, Asia/Shanghai time)."),
    sources: Path = typer.Option(config.SOURCES_DIR, help="Folder of district documents."),
    submissions: Path = typer.Option(config.SUBMISSIONS_DIR, help="Folder of submissions."),
    warehouse: Path = typer.Option(config.WAREHOUSE_PATH, help="Published DuckDB warehouse."),
    port: int = typer.Option(
        prefect_api.SERVE_PORT, help="Port of the local Prefect server started for it."
    ),
) -> None:
    """Refresh and publish on a schedule until interrupted (Ctrl-C).

    Starts a local Prefect server (UI and run history at http://127.0.0.1:PORT) unless
    PREFECT_API_URL names one, and serves the refresh flow with the cron schedule."""
    from prefect import serve as prefect_serve

    from flows.deployments import deployment, prefect_server

    with prefect_server(port) as url:
        console.print(f"serving the refresh on '{cron}' (Asia/Shanghai) against {url}")
        prefect_serve(
            deployment(
                cron,
                sources=sources.resolve(),
                submissions=submissions.resolve(),
                warehouse=warehouse.resolve(),
            )
        )


@app.command()
def bench(
    districts: int = typer.Option(3000, help="Synthetic districts."),
    years: int = typer.Option(10, help="Years of submissions per district."),
    work: Path = typer.Option(None, help="Scratch folder (default: a temporary one)."),
    keep: bool = typer.Option(False, help="Keep the scratch folder."),
    scales: str = typer.Option(
        None, help="Districts at each of several runs, e.g. 1000,3000,10000: the growth."
    ),
) -> None:
    """Run the refresh end to end on a synthetic province-scale set of submissions in a
    scratch warehouse, and the plain DuckDB floor on the same files; print the figures and
    their ratios as one JSON object."""
    from ecobench import bench as bench_module

    if scales:
        figures = bench_module.growth([int(n) for n in scales.split(",")], years)
    else:
        figures = bench_module.run(districts, years, work, keep)
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    app()
