"""Run the expectation suites (expectations/) with Great Expectations.

GX has no polars engine and its SQL data source does not work on DuckDB, so every table is
validated as a pandas frame: one checkpoint per guarded table, run once on the rows of all
new documents at the `document` stage (each outcome then told per document,
`Check.for_file`), once on all new submissions, and once on the built marts. Each expectation's
outcome becomes a `Check` row of `marts.dq_results`; a failed blocking check names the rows
(file and line) that failed it. What it protects is told in Chinese and in English (the
expectation's `meta` why_zh and its description), and so is a quarantine's reason
(`Check.describe_zh`, `describe_cells_zh`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ecobench.quality.checks import Check, samples, text
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
        self._suites = {module.TABLE: module for module in suites}
        self._checkpoints: dict[str, Any] = {}

    def checkpoint(self, table: str):
        """The checkpoint of a table's suite, registered on first use."""
        if table not in self._checkpoints:
            gx = self._gx
            suite = self.context.suites.add(self._suites[table].build_suite(self._reference))
            batch = self._source.add_dataframe_asset(table).add_batch_definition_whole_dataframe(
                "whole"
            )
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=table, data=batch, suite=suite)
            )
            self._checkpoints[table] = self.context.checkpoints.add(
                gx.Checkpoint(
                    name=table,
                    validation_definitions=[definition],
                    result_format={
                        "result_format": "COMPLETE",
                        "unexpected_index_column_names": ["source_file", "source_line"],
                    },
                )
            )
        return self._checkpoints[table]

    def validate(
        self,
        table: str,
        frame: pl.DataFrame,
        *,
        run_id: str,
        stage: str,
        source_file: str | None = None,
    ) -> list[Check]:
        result = self.checkpoint(table).run(batch_parameters={"dataframe": frame.to_pandas()})
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
