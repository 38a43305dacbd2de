"""`ecobench extract`: the rows a document yields, as the refresh would land them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ecobench.cli.common import console

if TYPE_CHECKING:
    import polars as pl

    from ecobench.ingest.document import ParsedDocument


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
    from ecobench.ingest.districts import UnknownDistrict, resolve
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
    _tell(parsed)
    if table == "framework_indicators":
        frame = _framework_rows(file, version, framework)
    else:
        frame = parsed.frames()[table]
    if table == "indicator_values":
        frame = _with_concept_names(frame)
    _write(frame, fmt)


def _tell(parsed: ParsedDocument) -> None:
    """On stderr: the district the document was recognised as, and every warning."""
    from ecobench.ingest.districts import by_code

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


def _framework_rows(file: Path, version: str, framework: str) -> pl.DataFrame:
    """An indicator list as rows of seeds/framework_indicators.csv."""
    import polars as pl

    from ecobench.ingest.frameworks import COLUMNS, framework_rows
    from ecobench.ingest.text import read_document

    rows = framework_rows(read_document(file), version, framework)
    return pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String))


def _with_concept_names(frame: pl.DataFrame) -> pl.DataFrame:
    """Each value's concept in Chinese beside its id; how many rows each way of mapping
    mapped, on stderr."""
    import polars as pl

    from ecobench.ingest.concepts import concept_name

    frame = frame.with_columns(
        pl.col("concept_id").map_elements(concept_name, return_dtype=pl.String).alias("concept_zh")
    )
    counts = frame.group_by("mapped_by").len().sort("mapped_by").rows()
    console.print("concepts: " + ", ".join(f"{n} rows by {how}" for how, n in counts))
    return frame


def _write(frame: pl.DataFrame, fmt: str) -> None:
    """The rows on stdout, as JSON or as CSV (a list joined with 、)."""
    import polars as pl

    if fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1) + "\n")
    else:
        lists = [n for n, t in frame.schema.items() if str(t).startswith("List")]
        frame = frame.with_columns(
            [frame[n].cast(pl.List(pl.String)).list.join("、") for n in lists]
        )
        sys.stdout.write(frame.write_csv())
