"""`ecobench bench`: the refresh at province scale against a plain DuckDB floor."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def bench(
    districts: int = typer.Option(3000, help="Synthetic districts."),
    years: int = typer.Option(10, help="Years of submissions per district."),
    work: Path = typer.Option(None, help="Scratch folder (default: a temporary one)."),
    keep: bool = typer.Option(False, help="Keep the scratch folder."),
    scales: str = typer.Option(
        None, help="Districts at each of several runs, e.g. 1000,3000,10000: the growth."
    ),
    profile: bool = typer.Option(
        False,
        help="Also the cost map: each dbt model and test, GX suite and publish writer, its "
        "seconds and rows, the costliest first (on stderr as tables, in the JSON as "
        "cost_map).",
    ),
) -> None:
    """Run the refresh end to end on a synthetic province-scale set of submissions in a
    scratch warehouse, and the plain DuckDB floor on the same files; print the figures and
    their ratios as one JSON object."""
    from ecobench import bench as bench_module

    if scales:
        figures = bench_module.growth([int(n) for n in scales.split(",")], years)
    else:
        figures = bench_module.run(districts, years, work, keep, profile)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if profile:
        from ecobench.cost_map import table

        for part, rows in figures["cost_map"].items():
            typer.echo(f"\n## {part}\n\n{table(rows, top=30)}", err=True)
