"""Run the expectation suites (expectations/) with Great Expectations.

One checkpoint per guarded table, run once on the rows of all new documents at the
`document` stage (each outcome then told per document, `Check.for_file`), on the new
submissions in parts, and once on the built marts. Each expectation's outcome becomes a
`Check` row of `marts.dq_results`; a failed blocking check names the rows (file and line)
that failed it. What it protects is told in Chinese and in English (the expectation's `meta`
why_zh and its description), and so is a quarantine's reason (`Check.describe_zh`,
`describe_cells_zh`).

Where each suite runs was measured (docs/performance.md; 3000 districts × 10 years, 2 shared
cores, medians of 3 alternated runs). GX has no polars engine:

- the marts (`SQL_SUITES`) run on DuckDB through GX's SQL data source (quality/duckdb_gx.py,
  with the connection fix): 441 rows, 58 expectations, 3.30 s against 4.77 s on pandas (a
  second run: 3.57 against 3.83 s);
- the submissions stay on pandas, in parts: on DuckDB the whole suite took 9.45 s against
  4.56 s (its compound uniqueness alone 6.4 s, loading 3.5 M rows 3 s), and GX's SQL
  engine counts the duplicates of `expect_compound_columns_to_be_unique` but names none
  of their rows, so a file could not be told by its lines. Their value sets
  (`DISTINCT_SUITES`) are judged on the distinct values they read, the rows looked up only
  for a value that fails (`Gate._shortcut`): 5.21 s against 6.85 s under load, 4.42
  against 4.54 s on a quiet machine (end to end as cost_map.py times it; the marts there:
  2.16 against 3.03 s);
- the document suites stay on pandas: their frames are a few hundred rows, and each
  expectation's fixed cost is GX's, whichever engine.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from typing import Any

import polars as pl

from ecobench.quality.checks import Check, samples, text
from ecobench.quality.duckdb_gx import DuckDBTables
from ecobench.quality.reference import Reference
from ecobench.quality.rules import WHY_ZH

SHOWN_KWARGS = (
    "column",
    "column_list",
    "column_A",
    "column_B",
    "min_value",
    "max_value",
    "regex",
    "row_condition",
    "mostly",
)
INDEX = ("source_file", "source_line")  # how a failing row is named
ALL_ROWS = 2**62  # no limit to the failing rows GX's SQL engine names (DuckDB's LIMIT is a BIGINT)
SQL_SUITES = ("fct_indicator_values",)  # validated on DuckDB, not pandas (module docstring)
DISTINCT_SUITES = ("submissions",)  # value sets judged on distinct values (module docstring)
DISTINCT_TYPES = (  # the expectations a row's value alone decides
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex",
)


class Gate:
    """A GX context holding one checkpoint per suite. A suite is registered when first
    used: a refresh of one submission validates with one (docs/performance.md). The
    results are read as dq_results; the page a reader opens is rendered from them
    (publish/report/quality.py: quality.html), not GX's Data Docs, which load their CSS and scripts
    from CDNs and render blank offline."""

    def __init__(self, reference: Reference, suites):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._reference = reference
        self._source = self.context.data_sources.add_pandas("ecobench")
        self._sql: DuckDBTables | None = None  # made when a SQL_SUITES table is first used
        self._suites = {module.TABLE: module for module in suites}
        self._checkpoints: dict[str, Any] = {}
        self._distinct: dict[str, _Split] = {}

    def checkpoint(self, table: str):
        """The checkpoint of a table's suite, registered on first use (with, for a
        DISTINCT_SUITES table, its split: the expectations on the rows, those on distinct
        values)."""
        if table not in self._checkpoints:
            suite = self._suites[table].build_suite(self._reference)
            self._checkpoints[table] = self._register(table, suite)
            if table in DISTINCT_SUITES:
                self._distinct[table] = self._split(table, suite.expectation_configurations)
        return self._checkpoints[table]

    def _subset(self, name: str, configs):
        """Some of a suite's expectations as a suite of their own, made from their
        configurations under a new name: building the table's suite again would write into
        the one GX already stores under the table's name."""
        suite = self._gx.ExpectationSuite(name=name)
        for config in configs:
            expectation = config.to_domain_obj()
            expectation.id = None
            suite.add_expectation(expectation)
        return suite

    def _register(self, name: str, suite):
        gx = self._gx
        if name in SQL_SUITES:
            if self._sql is None:
                self._sql = DuckDBTables(self.context)
            batch = self._sql.batch_definition(name)
        else:
            batch = self._source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(
                "whole"
            )
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=self.context.suites.add(suite))
        )
        return self.context.checkpoints.add(
            gx.Checkpoint(
                name=name,
                validation_definitions=[definition],
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": list(INDEX),
                    # GX's SQL engine names at most this many failing rows, even when
                    # COMPLETE (20 unless told): every one, as pandas does, for the blame
                    **({"partial_unexpected_count": ALL_ROWS} if name in SQL_SUITES else {}),
                },
            )
        )

    def _split(self, table: str, configs) -> _Split:
        """Which of a suite's expectations need only the distinct values they read."""
        projections = {
            i: columns
            for i, config in enumerate(configs)
            if (columns := _distinct_columns(config)) is not None
        }
        rows, distinct = f"{table}:rows", f"{table}:distinct"
        on_rows = [c for i, c in enumerate(configs) if i not in projections]
        return _Split(
            rows=self._register(rows, self._subset(rows, on_rows)),
            distinct=self._register(
                distinct, self._subset(distinct, [configs[i] for i in projections])
            ),
            projections=projections,
            configs=list(configs),
        )

    def validate(
        self,
        table: str,
        frame: pl.DataFrame,
        *,
        run_id: str,
        stage: str,
        source_file: str | None = None,
    ) -> list[Check]:
        """The table's suite on the frame's rows, a `Check` per expectation (a
        DISTINCT_SUITES table's value sets on its distinct values, in the suite's order:
        `_shortcut`)."""
        checkpoint = self.checkpoint(table)
        told = partial(self._checks, table, run_id=run_id, stage=stage, source_file=source_file)
        if table in self._distinct:
            return self._shortcut(table, frame, told)
        if table in SQL_SUITES:
            assert self._sql is not None
            self._sql.load(table, frame)
            return [_pandas_order(check) for check in told(checkpoint.run())]
        return told(checkpoint.run(batch_parameters={"dataframe": frame.to_pandas()}))

    def _shortcut(self, table: str, frame: pl.DataFrame, told) -> list[Check]:
        """A value-set expectation judged on the distinct values it reads (the value and
        its row condition's columns): a pass is the rows' pass (no row, no count, nothing
        observed); a value that fails has the expectation run again on the rows, for the
        same Check the whole suite would give, its rows named with file and line."""
        split = self._distinct[table]
        values = pl.concat(
            [frame.select(columns).unique() for columns in split.projections.values()],
            how="diagonal_relaxed",
        ).with_columns(
            pl.lit(None, pl.String).alias(INDEX[0]), pl.lit(None, pl.Int64).alias(INDEX[1])
        )
        rows = frame.to_pandas()
        checks = told(split.rows.run(batch_parameters={"dataframe": rows}))
        for check in told(split.distinct.run(batch_parameters={"dataframe": values.to_pandas()})):
            if not check.success:  # the value's rows, looked up only now
                lookup = self._lookup(table, split, split.place(check))
                [check] = told(lookup.run(batch_parameters={"dataframe": rows}))
            checks.append(check)
        return sorted(checks, key=split.place)

    def _lookup(self, table: str, split: _Split, i: int):
        """The checkpoint of a suite's i-th expectation alone, registered on first use."""
        name = f"{table}:{i}"
        if name not in self._checkpoints:
            self._checkpoints[name] = self._register(name, self._subset(name, [split.configs[i]]))
        return self._checkpoints[name]

    def _checks(
        self, table: str, result, *, run_id: str, stage: str, source_file: str | None
    ) -> list[Check]:
        """A checkpoint's outcomes as Check rows; an expectation that could not run is an
        error of the suite."""
        checks = []
        for validation in result.run_results.values():
            for outcome in validation.results:
                config = outcome.expectation_config
                error = _exception(outcome.exception_info)
                if error:
                    raise RuntimeError(
                        f"expectation {_label(config)} on {table} could not run: {error}"
                    )
                details = outcome.result or {}
                unexpected = details.get("unexpected_index_list") or []
                checks.append(
                    Check(
                        run_id=run_id,
                        stage=stage,
                        suite=table,
                        suite_zh=self._suites[table].TABLE_ZH,
                        source_file=source_file,
                        expectation=_label(config),
                        blocking=config.severity == "critical",
                        why_zh=_why_zh(config, table),
                        why_en=config.description or "",
                        success=bool(outcome.success),
                        observed_value=text(details.get("observed_value")),
                        unexpected_count=details.get("unexpected_count"),
                        sample_rows=samples(unexpected),
                        column=_column(config.kwargs),
                        unexpected=unexpected,
                    )
                )
        return checks


@dataclass
class _Split:
    """A DISTINCT_SUITES suite in two checkpoints: the expectations that need the rows, and
    those that need only distinct values (by their place in the suite: the columns each
    reads)."""

    rows: Any
    distinct: Any
    projections: dict[int, list[str]]
    configs: list

    def place(self, check: Check) -> int:
        """Where a check's expectation stands in the suite (its rule and its reason)."""
        return next(
            i
            for i, config in enumerate(self.configs)
            if _label(config) == check.expectation and (config.description or "") == check.why_en
        )


def _distinct_columns(config) -> list[str] | None:
    """The columns a value-set or format expectation reads (its column, its row condition's
    columns), or None for one that needs the rows: any other kind, or one with `mostly`
    (a share of rows, not of values)."""
    if config.type not in DISTINCT_TYPES or config.kwargs.get("mostly") is not None:
        return None
    condition = config.kwargs.get("row_condition")
    if condition is not None and not isinstance(condition, dict):
        return None  # a condition written as text: its columns are not known here
    return list(dict.fromkeys([config.kwargs["column"], *_condition_columns(condition)]))


def _condition_columns(value) -> list[str]:
    if not isinstance(value, dict):
        return []
    if "conditions" in value:
        return [name for c in value["conditions"] for name in _condition_columns(c)]
    return [value["column"]["name"]] if "column" in value else []


def _pandas_order(check: Check) -> Check:
    """A Check from DuckDB as GX's pandas engine tells it: each unexpected row's keys in
    pandas' order (the checked column first, then file and line), so that sample_rows reads
    the same; and a count of 0, not none, where the row condition selects no row (GX's SQL
    engine counts nothing there; every marts expectation is a column-map one, counted on
    pandas)."""
    rows = [
        {check.column: row[check.column], **{k: v for k, v in row.items() if k != check.column}}
        if isinstance(row, dict) and check.column in row and check.column not in INDEX
        else row
        for row in check.unexpected
    ]
    count = check.unexpected_count
    if count is None and check.success and not rows:
        count = 0
    return dataclasses.replace(
        check, unexpected=rows, sample_rows=samples(rows), unexpected_count=count
    )


def _why_zh(config, table: str) -> str:
    """What an expectation protects, in Chinese (its meta why_zh); an expectation without
    it is an error of the suite, as one that cannot run is (tests/quality/test_messages.py
    catches it first)."""
    why_zh = (config.meta or {}).get(WHY_ZH)
    if not why_zh:
        raise RuntimeError(
            f"expectation {_label(config)} on {table} has no Chinese: give it "
            f'meta={{"{WHY_ZH}": ...}} beside its description'
        )
    return why_zh


def _label(config) -> str:
    shown = ", ".join(
        f"{key}={_condition(value) if key == 'row_condition' else value}"
        for key, value in config.kwargs.items()
        if key in SHOWN_KWARGS
    )
    return f"{config.type}({shown})"


def _condition(value) -> str:
    """A row condition as a reader writes it: unit == % and is_change == False."""
    if isinstance(value, dict):
        if "conditions" in value:
            return f" {value.get('type', 'and')} ".join(_condition(c) for c in value["conditions"])
        if "operator" in value:
            return f"{value['column']['name']} {value['operator']} {value['parameter']}"
        if "is_null" in value:
            return f"{value['column']['name']} is {'' if value['is_null'] else 'not '}null"
    return str(value)


def _exception(info) -> str | None:
    """GX reports an expectation that could not run (a missing column) as a failure; here it
    is an error of the suite, not of the data."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = [_exception(value) for value in info.values() if isinstance(value, dict)]
    return next((message for message in nested if message), None)


def _column(kwargs) -> str | None:
    """The column an expectation checks (the first of a pair or of a compound key)."""
    return (
        kwargs.get("column")
        or kwargs.get("column_A")
        or next(iter(kwargs.get("column_list") or []), None)
    )
