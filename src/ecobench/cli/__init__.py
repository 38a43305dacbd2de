"""ecobench's command line: thin wrappers over the functions the flows call, a module per
group of commands (refresh and serve, extract, the outputs, bench). `ecobench.cli:app` is
the command."""

from __future__ import annotations

import typer

from ecobench import config  # noqa: F401  first: sets telemetry off and PREFECT_HOME
from ecobench.cli import bench, extract, outputs, refresh

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Benchmarking warehouse for ecological-civilization indicators.",
)
for command in (  # in the order `ecobench --help` lists them
    refresh.refresh,
    extract.extract,
    outputs.export,
    outputs.sql,
    outputs.score,
    outputs.template,
    refresh.serve,
    bench.bench,
):
    app.command()(command)
