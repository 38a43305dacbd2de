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

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ecobench.ingest.document import ParsedDocument
from ecobench.messages import where_zh
from ecobench.quality.plausibility import with_plausibility
from ecobench.quality.reference import Reference
from ecobench.quality.rules import WHY_ZH

SAMPLE = 5
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


@dataclass
class Check:
    """One expectation's outcome on one table (of one document, at the document stage)."""

    run_id: str
    stage: str
    suite: str
    suite_zh: str  # the table the suite guards, in Chinese (its module's TABLE_ZH)
    source_file: str | None
    expectation: str
    blocking: bool
    why_zh: str  # what the expectation protects, in Chinese (its meta why_zh)
    why_en: str  # … in English (its GX description)
    success: bool
    observed_value: str | None
    unexpected_count: int | None
    sample_rows: str | None
    column: str | None = field(default=None, repr=False)
    unexpected: list = field(default_factory=list, repr=False)  # GX's unexpected rows

    @property
    def why(self) -> str:
        """Deprecated: why_en. Kept as dq_results.why for the readers written before the
        Chinese (report.html.j2, queries of the published marts)."""
        return self.why_en

    @property
    def offending(self) -> list[tuple[str, int | None]]:
        """The (file, line) of each row that failed."""
        return [
            (str(row.get("source_file")), _int(row.get("source_line")))
            for row in self.unexpected
            if isinstance(row, dict)
        ]

    def for_file(self, source_file: str) -> Check:
        """This check as it applies to one file of a batch validated at once: its rows
        only; a failure no row explains is every file's."""
        rows = [
            r
            for r in self.unexpected
            if isinstance(r, dict) and r.get("source_file") == source_file
        ]
        failed = not self.success and (bool(rows) or not self.unexpected)
        return dataclasses.replace(
            self,
            source_file=source_file,
            success=not failed,
            unexpected_count=len(rows) if self.unexpected else self.unexpected_count,
            sample_rows=_samples(rows),
            unexpected=rows,
        )

    def describe(self) -> str:
        where = ", ".join(f"{file}:{line}" for file, line in self.offending[:SAMPLE]) or (
            self.source_file or "the marts"
        )
        return f"{self.suite}: {self.why_en} — {self.expectation} failed at {where}"

    def describe_zh(self) -> str:
        """The failure as `describe` tells it, in Chinese: the table, what the expectation
        protects, the rule, and the same files and lines."""
        where = "，".join(where_zh(file, line) for file, line in self.offending[:SAMPLE]) or (
            self.source_file or "数据集市"
        )
        return (
            f"{self.suite_zh}（{self.suite}）：{self.why_zh}；"
            f"{where} 未通过此项检查（{self.expectation}）"
        )


CHECK_SCHEMA: dict[str, Any] = {
    "run_id": pl.String,
    "stage": pl.String,
    "suite": pl.String,
    "suite_zh": pl.String,
    "source_file": pl.String,
    "expectation": pl.String,
    "blocking": pl.Boolean,
    "why_zh": pl.String,
    "why_en": pl.String,
    "why": pl.String,  # deprecated: why_en, for the readers written before why_zh
    "success": pl.Boolean,
    "observed_value": pl.String,
    "unexpected_count": pl.Int64,
    "sample_rows": pl.String,
}


def checks_frame(checks: list[Check]) -> pl.DataFrame:
    return pl.DataFrame(
        [{name: getattr(check, name) for name in CHECK_SCHEMA} for check in checks],
        schema=CHECK_SCHEMA,
    )


def document_frames(parsed: ParsedDocument, reference: Reference) -> dict[str, pl.DataFrame]:
    """The frames the document-stage suites guard: the parsed tables, the document row with
    how many rows it yields, and one row per indicator table with its framework's size."""
    values = parsed.indicator_values
    n_rows = values.height + parsed.tasks.height + parsed.projects.height
    documents = parsed.documents.with_columns(
        pl.lit(n_rows).alias("n_rows"), pl.lit(1).alias("source_line")
    )
    tables = (
        values.filter(pl.col("table_label").is_not_null())
        .group_by("source_file", "table_label", "framework_id")
        .agg(
            pl.col("indicator_seq").n_unique().alias("n_indicators"),
            pl.col("source_line").min(),
        )
        .with_columns(
            pl.col("framework_id")
            .replace_strict(reference.framework_sizes, default=None, return_dtype=pl.Int64)
            .alias("n_expected")
        )
    )
    return {
        "documents": documents,
        "indicator_values": values.with_columns(
            (pl.col("value_num").is_null() | pl.col("value_num").is_finite()).alias(
                "value_is_finite"
            )
        ),
        "tables": tables,
        "tasks": parsed.tasks,
        "projects": parsed.projects,
        "parse_issues": parsed.parse_issues,
    }


# the submission's column each checked column stands for: (its header, the submitted field)
SUBMISSION_COLUMNS = {
    "period_year": ("年份", "period_year"),
    "district_known": ("区县代码", "district_raw"),
    "framework_applies": ("指标体系", "framework_id"),
    "indicator_key": ("序号", "indicator_seq"),
    "unit_given": ("单位", "unit"),
    "value_num": ("现状值", "value_raw"),
    "value_raw": ("现状值", "value_raw"),
    "value_plausible": ("现状值", "value_raw"),
    "source_file": ("序号", "indicator_seq"),  # the compound key of one row per indicator
}
CATEGORICAL = (
    "source_file",
    "district_id",
    "district_raw",
    "indicator_key",
    "framework_id",
    "indicator_seq",
    "unit",
    "value_raw",
)


SUBMISSION_CHECKED = (  # the columns of a submission's rows that submission_frame reads
    "source_file",
    "source_line",
    "framework_id",
    "indicator_seq",
    "district_id",
    "district_raw",
    "is_synthetic",
    "period_year",
    "unit",
    "value_raw",
    "value_num",
)


def applies(reference: Reference) -> pl.Expr:
    """Whether a submitted row's list applies to its district: a national list always, a
    provincial one only in its own province (a district that is no division is refused by
    its own check)."""
    list_province, district_province = (
        pl.col(column).replace_strict(provinces, default=None, return_dtype=pl.String)
        for column, provinces in (
            ("framework_id", reference.framework_provinces),
            ("district_id", reference.district_provinces),
        )
    )
    return (
        list_province.is_null() | district_province.is_null() | (list_province == district_province)
    )


def submission_frame(values: pl.DataFrame, reference: Reference) -> pl.DataFrame:
    """Submitted rows with what the suite checks them against: the indicator key, the unit
    the framework gives it, whether it is reported as a number. Only the columns checked,
    repeated text as categories: GX's pandas engine copies the frame for every condition."""
    known = pl.DataFrame(
        [
            {
                "indicator_key": f"{fw}|{seq}",
                "unit_expected": indicator.unit or "",
                "is_quantitative": indicator.is_quantitative,
                "concept_id": indicator.concept_id,
                "canonical_unit": reference.unit_factors.get(indicator.unit or "", ("", 1.0))[0],
                "factor": reference.unit_factors.get(indicator.unit or "", ("", 1.0))[1],
                "is_change": indicator.is_change,
            }
            for (fw, seq), indicator in reference.indicators.items()
        ],
        schema={
            "indicator_key": pl.String,
            "unit_expected": pl.String,
            "is_quantitative": pl.Boolean,
            "concept_id": pl.String,
            "canonical_unit": pl.String,
            "factor": pl.Float64,
            "is_change": pl.Boolean,
        },
    )
    checked = (
        values.select(
            *SUBMISSION_CHECKED,
            pl.concat_str("framework_id", "indicator_seq", separator="|").alias("indicator_key"),
            pl.col("unit").fill_null("").alias("unit_given"),
            applies(reference).alias("framework_applies"),
            pl.col("district_id").is_in(list(reference.district_provinces)).alias("district_known"),
        )
        .join(known, on="indicator_key", how="left")
        .with_columns(pl.col("is_quantitative").fill_null(True))
        .with_columns(
            (pl.col("value_num") * pl.col("factor").fill_null(1.0)).alias("value_canonical")
        )
    )
    checked = (
        with_plausibility(checked, "concept_id", "canonical_unit", "is_change", "value_canonical")
        .select(
            pl.exclude("concept_id", "canonical_unit", "factor", "is_change", "value_canonical")
        )
        .with_columns(pl.col(name).cast(pl.Categorical) for name in CATEGORICAL)
    )
    # the two units compared as one category set (pandas compares categoricals only then)
    units = pl.Enum(sorted({*checked["unit_given"].unique(), *known["unit_expected"].unique()}))
    return checked.with_columns(pl.col("unit_given", "unit_expected").cast(units))


def _cells(check: Check, rows: pl.DataFrame, limit: int) -> list[tuple]:
    """The cells a failed check names in one file's submitted rows: (file, sheet, row,
    column header, value, why a district cell names no district)."""
    header, field_name = SUBMISSION_COLUMNS.get(check.column or "", (check.column, check.column))
    cells = []
    for file, line in check.offending[:limit]:
        row = rows.filter((pl.col("source_file") == file) & (pl.col("source_line") == line))
        sheet = row["sheet_name"][0] if row.height else None
        value = row[field_name][0] if row.height and field_name in row.columns else None
        unknown = _unknown_district(value) if check.column == "district_known" else None
        cells.append((file, sheet, line, header, value, unknown))
    return cells


def describe_cells(check: Check, rows: pl.DataFrame, limit: int = SAMPLE) -> str:
    """A failed check on one file's submitted rows, cell by cell: file, sheet, row, column,
    value."""
    cells = [
        f"{file}, {f'sheet {sheet}, ' if sheet else ''}row {line}, column {header}"
        + (f" ({value!r})" if value not in (None, "") else " (empty)")
        + (f": {unknown[0]}" if unknown else "")
        for file, sheet, line, header, value, unknown in _cells(check, rows, limit)
    ]
    more = len(check.offending) - limit
    return f"{'; '.join(cells)}{f' and {more} more' if more > 0 else ''}: {check.why_en}"


def describe_cells_zh(check: Check, rows: pl.DataFrame, limit: int = SAMPLE) -> str:
    """The same cells as `describe_cells`, in Chinese: 文件，工作表，第几行，哪一列，填的值。"""
    cells = [
        f"{file}，{f'工作表 {sheet}，' if sheet else ''}第 {line} 行，“{header}”列"
        + (f"（{value!r}）" if value not in (None, "") else "（空）")
        + (f"：{unknown[1]}" if unknown else "")
        for file, sheet, line, header, value, unknown in _cells(check, rows, limit)
    ]
    more = len(check.offending) - limit
    return f"{'；'.join(cells)}{f' 等，另有 {more} 处' if more > 0 else ''}：{check.why_zh}"


def _unknown_district(given: str | None) -> tuple[str, str]:
    """Why a district cell names no district, with the candidates, in English and Chinese."""
    from ecobench.ingest.districts import UnknownDistrict, resolve

    try:
        resolve(given or "")
    except UnknownDistrict as exc:
        return str(exc), exc.zh
    return "a district", "是一个区县"


class Gate:
    """A GX context holding one checkpoint per suite. A suite is registered when first
    used: a refresh of one submission validates with one (docs/performance.md). The
    results are read as dq_results; the page a reader opens is rendered from them
    (publish/report.py: quality.html), not GX's Data Docs, which load their CSS and scripts
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
                        observed_value=_text(details.get("observed_value")),
                        unexpected_count=details.get("unexpected_count"),
                        sample_rows=_samples(unexpected),
                        column=_column(config.kwargs),
                        unexpected=unexpected,
                    )
                )
        return checks


def merged(parts: list[list[Check]]) -> list[Check]:
    """The checks of one suite run on parts of a batch, as they are of the whole: passed
    where every part passed, the unexpected rows and counts added up."""
    whole = []
    for same in zip(*parts, strict=True):
        unexpected = [row for check in same for row in check.unexpected]
        counts = [c.unexpected_count for c in same if c.unexpected_count is not None]
        failed = [c for c in same if not c.success]
        whole.append(
            dataclasses.replace(
                same[0],
                success=not failed,
                observed_value=(failed or same)[0].observed_value,
                unexpected_count=sum(counts) if counts else None,
                sample_rows=_samples(unexpected),
                unexpected=unexpected,
            )
        )
    return whole


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


def _samples(unexpected: list) -> str | None:
    return (
        json.dumps([_plain(r) for r in unexpected[:SAMPLE]], ensure_ascii=False)
        if unexpected
        else None
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _plain(row):
    if not isinstance(row, dict):
        return str(row)
    return {key: _scalar(value) for key, value in row.items()}


def _scalar(value):
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def _text(value) -> str | None:
    if value is None:
        return None
    return json.dumps(
        _plain(value) if isinstance(value, dict) else value, ensure_ascii=False, default=str
    )
