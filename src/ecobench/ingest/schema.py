"""The landed tables' columns: one definition for the parsers, the parquet files and `extract`.

Column names are those of the published marts, so what `ecobench extract` prints is what
lands. Every row carries its lineage (`source_file`, `source_line`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import polars as pl


@dataclass
class IndicatorValue:
    """One value as printed: a table cell, or a quantity in a target sentence."""

    source_file: str
    source_line: int
    framework_id: str
    measure: str  # standard | status | target
    value_raw: str
    indicator_name_zh: str
    district_id: str | None = None
    document_id: str | None = None
    table_label: str | None = None  # 表3-1, 附件2; null for running text
    indicator_seq: str | None = None
    sub_index: int = 0  # 0 = the indicator itself, 1.. = its sub-rows in print order
    parent_name_zh: str | None = None
    domain_zh: str | None = None
    task_group_zh: str | None = None
    region_variant: str | None = None
    period_year: int | None = None
    value_num: float | None = None
    comparator: str | None = None
    comparator_raw: str | None = None
    unit: str | None = None
    compliance_reported: str | None = None
    binding: str | None = None
    lead_department: str | None = None
    is_inherited: bool = False  # value taken from the parent row's merged cell
    is_change: bool = False  # the value is a change (Δ, 降低12.5%), not a level
    note: str | None = None
    context_text: str | None = None  # the sentence a running-text target came from


@dataclass
class Task:
    """One numbered task of a scheme or work-points document."""

    source_file: str
    source_line: int
    task_no: int
    task_title: str
    task_text: str
    section_zh: str | None = None
    responsible_units: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    supporting_units: list[str] = field(default_factory=list)
    units_raw: str | None = None
    district_id: str | None = None
    document_id: str | None = None


@dataclass
class Project:
    """One key project of a plan's project annex (附表)."""

    source_file: str
    source_line: int
    project_no: int
    project_name: str
    content: str | None
    period_raw: str | None
    start_period: str | None
    end_period: str | None
    investment_raw: str | None
    investment_wan_yuan: float | None
    owner_unit: str | None
    domain_zh: str | None = None
    district_id: str | None = None
    document_id: str | None = None


@dataclass
class DocumentMeta:
    source_file: str
    document_id: str
    district_id: str
    title: str
    doc_number: str | None
    issuing_body: str | None
    issued_date: str | None  # ISO date
    sha256: str
    n_lines: int
    encoding: str = "utf-8"
    content_sha256: str = ""


_POLARS = {
    "str": pl.String,
    "str | None": pl.String,
    "int": pl.Int64,
    "int | None": pl.Int64,
    "float | None": pl.Float64,
    "bool": pl.Boolean,
    "list[str]": pl.List(pl.String),
}


def polars_schema(cls: type) -> dict[str, pl.DataType]:
    return {f.name: _POLARS[f.type] for f in fields(cls)}


def to_frame(rows: list[Any], cls: type) -> pl.DataFrame:
    """Rows of one dataclass as a typed frame (an empty list gives an empty typed frame)."""
    return pl.DataFrame([asdict(row) for row in rows], schema=polars_schema(cls))
