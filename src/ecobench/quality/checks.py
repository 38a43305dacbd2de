"""A GX expectation's outcome as ecobench keeps it: a `Check` row of marts.dq_results, told
in Chinese and English, with the file and line (or sheet, row and column) of each row that
failed it. quality/gate.py makes them; the quarantine and the run log read them."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ecobench.messages import where_zh
from ecobench.quality.frames import SUBMISSION_COLUMNS

SAMPLE = 5


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
            sample_rows=samples(rows),
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
                sample_rows=samples(unexpected),
                unexpected=unexpected,
            )
        )
    return whole


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


def samples(unexpected: list) -> str | None:
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


def text(value) -> str | None:
    if value is None:
        return None
    return json.dumps(
        _plain(value) if isinstance(value, dict) else value, ensure_ascii=False, default=str
    )
