"""`ecobench score`: the rankings' method on any CSVs, without the warehouse.

The method lives in macros/scoring.sql, which the district marts call through dbt; here the
same file is rendered with plain Jinja and run in an in-memory DuckDB, so a published index
(the SDSN SDG Index, tests/fixtures/sdr/) checks the very SQL the districts are ranked by.
Every input is read whole and checked before anything is scored: a bad row stops the run
with the file and line named, and no partial result is written.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import jinja2
import polars as pl

from ecobench import config

MACROS = config.PROJECT_ROOT / "macros" / "scoring.sql"
DIRECTIONS = ("higher_is_better", "lower_is_better")
NOT_APPLICABLE = "not_applicable"
BOUNDS_COLUMNS = ("indicator_code", "goal", "lower", "upper", "direction")
VALUES_COLUMNS = ("unit_id", "indicator_code", "value")
REGIONS_COLUMNS = ("unit_id", "region")
SETTINGS_COLUMNS = ("setting", "value")


class ScoreInputError(ValueError):
    """A row of an input that cannot be scored: the message names the file and line."""


@dataclass
class Inputs:
    """The checked rows of the four inputs, as DuckDB will hold them."""

    bounds: list[tuple] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)
    regions: list[tuple] = field(default_factory=list)
    settings: list[tuple] = field(default_factory=list)


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """A CSV's rows with their line numbers (the header is line 1), after checking that the
    file exists and has the required columns: every later error can then name a line."""
    if not path.is_file():
        raise ScoreInputError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise ScoreInputError(f"{path}, line 1: missing column(s) {', '.join(missing)}")
        return [(reader.line_num, row) for row in reader]


def _number(path: Path, line: int, column: str, text: str | None) -> float:
    """A finite number, or an error naming the cell: a typo must not become missing data."""
    try:
        number = float((text or "").strip())
    except ValueError:
        raise ScoreInputError(f"{path}, line {line}: {column} {text!r} is not a number") from None
    if not math.isfinite(number):
        raise ScoreInputError(f"{path}, line {line}: {column} {text!r} is not a finite number")
    return number


def read_bounds(path: Path) -> list[tuple]:
    """indicator_code, goal, lower, upper, direction[, weight]: one row per indicator, lower
    strictly below upper (equal bounds would divide by zero; reversed ones would invert the
    direction silently), a known direction and a positive weight (default 1)."""
    rows, seen = [], set()
    for line, row in _rows(path, BOUNDS_COLUMNS):
        code, goal = (row["indicator_code"] or "").strip(), (row["goal"] or "").strip()
        if not code or not goal:
            raise ScoreInputError(f"{path}, line {line}: indicator_code and goal are required")
        if code in seen:
            raise ScoreInputError(f"{path}, line {line}: indicator {code} appears twice")
        lower = _number(path, line, "lower", row["lower"])
        upper = _number(path, line, "upper", row["upper"])
        if lower == upper:
            raise ScoreInputError(f"{path}, line {line}: {code}: lower == upper ({lower:g})")
        if lower > upper:
            raise ScoreInputError(
                f"{path}, line {line}: {code}: lower {lower:g} above upper {upper:g} "
                "(give the direction instead)"
            )
        direction = (row["direction"] or "").strip()
        if direction not in DIRECTIONS:
            raise ScoreInputError(
                f"{path}, line {line}: {code}: direction {direction!r} is not one of "
                + " or ".join(DIRECTIONS)
            )
        weight_text = (row.get("weight") or "").strip()
        weight = _number(path, line, "weight", weight_text) if weight_text else 1.0
        if weight <= 0:
            raise ScoreInputError(f"{path}, line {line}: {code}: weight must be positive")
        seen.add(code)
        rows.append((code, goal, lower, upper, direction, weight))
    if not rows:
        raise ScoreInputError(f"{path}: no indicators")
    return rows


def read_values(path: Path, indicators: set[str]) -> list[tuple]:
    """unit_id, indicator_code, value: a number, `not_applicable` (left out of the unit's
    coverage: Goal 14 for a landlocked country) or empty (missing data). An indicator the
    bounds do not define, a duplicate unit and indicator, or any other text is an error."""
    rows: list[tuple] = []
    seen: set[tuple[str, str]] = set()
    for line, row in _rows(path, VALUES_COLUMNS):
        unit, code = (row["unit_id"] or "").strip(), (row["indicator_code"] or "").strip()
        if not unit:
            raise ScoreInputError(f"{path}, line {line}: unit_id is required")
        if code not in indicators:
            raise ScoreInputError(f"{path}, line {line}: unknown indicator {code!r}")
        if (unit, code) in seen:
            raise ScoreInputError(f"{path}, line {line}: {unit} {code} appears twice")
        seen.add((unit, code))
        text = (row["value"] or "").strip()
        if text == NOT_APPLICABLE:
            rows.append((unit, code, None, False))
        else:
            value = _number(path, line, "value", text) if text else None
            rows.append((unit, code, value, True))
    return rows


def read_regions(path: Path | None) -> list[tuple]:
    """unit_id, region: one region per unit (the missing-goal rule fills from its mean)."""
    if path is None:
        return []
    rows, seen = [], set()
    for line, row in _rows(path, REGIONS_COLUMNS):
        unit, region = (row["unit_id"] or "").strip(), (row["region"] or "").strip()
        if not unit or not region:
            raise ScoreInputError(f"{path}, line {line}: unit_id and region are required")
        if unit in seen:
            raise ScoreInputError(f"{path}, line {line}: unit {unit} appears twice")
        seen.add(unit)
        rows.append((unit, region))
    return rows


def read_settings(path: Path) -> list[tuple]:
    """setting, value: numbers, as seeds/ranking_settings.csv holds them."""
    return [
        (row["setting"].strip(), _number(path, line, "value", row["value"]))
        for line, row in _rows(path, SETTINGS_COLUMNS)
    ]


def read_inputs(
    bounds: Path, values: Path, regions: Path | None = None, settings: Path | None = None
) -> Inputs:
    """All four inputs checked, before any scoring."""
    bound_rows = read_bounds(bounds)
    return Inputs(
        bounds=bound_rows,
        values=read_values(values, {row[0] for row in bound_rows}),
        regions=read_regions(regions),
        settings=read_settings(settings or config.SEEDS_DIR / "ranking_settings.csv"),
    )


def scoring_sql(level: str = "goals") -> str:
    """macros/scoring.sql's score_units, rendered on the four tables `_load` creates."""
    module = (
        jinja2.Environment(undefined=jinja2.StrictUndefined)
        .from_string(MACROS.read_text(encoding="utf-8"))
        .module
    )
    return str(
        module.score_units(  # type: ignore[attr-defined]
            "bounds", "indicator_values", "regions", "settings", level=level
        )
    )


def _load(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> None:
    """The inputs as the tables score_units reads."""
    con.execute(
        "create table bounds (indicator_code varchar, goal varchar, lower double, "
        "upper double, direction varchar, weight double)"
    )
    con.execute(
        "create table indicator_values (unit_id varchar, indicator_code varchar, "
        "value double, is_applicable boolean)"
    )
    con.execute("create table regions (unit_id varchar, region varchar)")
    con.execute("create table settings (setting varchar, value double)")
    for table, rows in (
        ("bounds", inputs.bounds),
        ("indicator_values", inputs.values),
        ("regions", inputs.regions),
        ("settings", inputs.settings),
    ):
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"insert into {table} values ({marks})", rows)


def score(inputs: Inputs, level: str = "goals") -> pl.DataFrame:
    """Run the method on checked inputs: one row per unit and goal and per unit for the
    index (level='goals'), or per unit and indicator (level='indicators')."""
    con = duckdb.connect()
    try:
        _load(con, inputs)
        frame = con.sql(scoring_sql(level)).pl()
    finally:
        con.close()
    keys = ["unit_id", "goal"] if level == "goals" else ["unit_id", "indicator_code"]
    return frame.sort(keys)


def write_scores(frame: pl.DataFrame, out: Path) -> None:
    """Write whole or not at all: a temporary file renamed into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    frame.write_csv(partial)
    partial.replace(out)
