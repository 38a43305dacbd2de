"""What the warehouse gives out: `ecobench export`, `sql`, `score` and `template`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ecobench import config
from ecobench.cli.common import console


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
