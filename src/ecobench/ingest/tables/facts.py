"""Table rows to facts: one `IndicatorValue` per printed value, its concept and the
framework the table prints."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecobench.ingest import concepts
from ecobench.ingest.framework_tables import (
    UNREGISTERED,
    assessed_versions,
    framework_for_table,
    own_list,
)
from ecobench.ingest.schema import IndicatorValue
from ecobench.ingest.tables.model import Cell, Issue, Row, Table
from ecobench.ingest.tables.roles import BINDING, VERDICTS
from ecobench.ingest.text import Document, norm, squash
from ecobench.ingest.values import NO_UNIT, parse_cell, units

FOOTNOTE_YEAR = re.compile(
    r"指标(?P<items>[\d、，,（）()\u4e00-\u9fff]+?)采用(?P<year>\d{4})年数据"
)
FOOTNOTE_ITEM = re.compile(r"(?P<seq>\d+)(?:[(（](?P<sub>[^)）]+)[)）])?")
NAME_UNIT = re.compile(r"[(（]([^()（）]{1,8})[)）]$")


@dataclass(frozen=True)
class _Source:
    """What every value of a table shares: where it is printed and under which list."""

    table: Table
    doc: Document
    framework: str
    status_years: dict[tuple[str, str | None], int]


def facts(
    table: Table, doc: Document, province: str | None = None, by_province: bool = False
) -> list[IndicatorValue]:
    """Every value a table prints (a verdict rides on its status), mapped to its concept."""
    framework, matches = map_rows(
        table, framework_for_table(table.title, doc, province, by_province)
    )
    source = _Source(table, doc, framework, footnote_years(table))
    return [
        _value(source, row, found, key, cell)
        for row, found in zip(table.rows, matches, strict=True)
        for key, cell in row.cells.items()
        if key != "verdict" and cell.text.strip()
    ]


def _value(
    source: _Source, row: Row, found: concepts.Match, key: str, cell: Cell
) -> IndicatorValue:
    name = squash(row.name.text)
    measure, _, year = key.partition(":")
    parsed = parse_cell(cell.text)
    period, note = _period(source, row, name, measure, int(year) if year else None)
    binding = BINDING.get(norm(row.binding or ""))
    verdict = row.cells.get("verdict")  # a verdict rides on its status
    reported = _verdict(verdict) if measure == "status" else None
    return IndicatorValue(
        source_file=source.doc.source_file,
        source_line=cell.line,
        framework_id=source.framework,
        measure=measure,
        value_raw=cell.text,
        indicator_name_zh=name,
        table_label=source.table.label,
        indicator_seq=row.seq,
        sub_index=row.sub_index,
        parent_name_zh=row.parent_name,
        domain_zh=row.domain,
        task_group_zh=row.task_group,
        region_variant=row.region or parsed.region_variant,
        period_year=period,
        value_num=parsed.value_num,
        comparator=parsed.comparator,
        unit=_unit(row.unit, parsed.unit_in_value, name),
        compliance_reported=reported,
        compliance_reported_raw=verdict.text if verdict and reported else None,
        binding=binding,
        binding_raw=row.binding if binding else None,
        lead_department=row.lead_department,
        is_inherited=key in row.inherited,
        is_change=parsed.is_change or found.name_is_change,
        note=note,
        parse_issue=row.issue,
        concept_id=found.concept_id,
        definition_id=found.definition_id,
        mapped_by=found.mapped_by,
        match_score=found.score,
        match_candidate=found.candidate,
    )


def _period(
    source: _Source, row: Row, name: str, measure: str, year: int | None
) -> tuple[int | None, str | None]:
    """A value's year, and the footnote that gives a status another year than its column."""
    if measure != "status":
        return year, None
    seq = row.seq or ""
    footnoted = source.status_years.get((seq, None)) or source.status_years.get((seq, name))
    footnote = source.table.footnote
    if footnoted and footnote:
        return footnoted, footnote.clean.strip()
    return year, None


def map_rows(table: Table, framework: str | None) -> tuple[str, list[concepts.Match]]:
    """The concept of every row by its name, and the table's framework: the one its words
    name, else the assessed version whose own numbering its names agree with, else the
    district's own list (`local_plan`). A table of a district (status or targets) naming a
    list seeds/frameworks.csv does not hold is the district's own, with a warning."""
    rows = [
        concepts.Row(
            r.seq,
            r.sub_index,
            squash(r.name.text),
            r.parent_name,
            _unit(r.unit, None, squash(r.name.text)),
            r.name.line,
        )
        for r in table.rows
    ]
    roles = {role for role, _ in table.roles}
    if framework == UNREGISTERED and roles & {"status", "target"}:
        table.issues.append(
            Issue(
                table.header_line,
                f"line {table.header_line}: the table names a provincial list that "
                "seeds/frameworks.csv does not hold: read as the district's own list, its rows "
                "mapped by name and compared with the lists that apply",
            )
        )
        framework = None
    if framework is None:
        first = [concepts.match_name(r.name, r.parent, r.unit) for r in rows]
        framework = next(
            (f for f, v in assessed_versions().items() if concepts.is_own_list(rows, first, v)),
            own_list(),
        )
    matches, warnings = concepts.match_table(rows, assessed_versions().get(framework))
    table.issues.extend(Issue(line, text) for line, text in warnings)
    return framework, matches


def footnote_years(table: Table) -> dict[tuple[str, str | None], int]:
    """`注：…指标9、20（秸秆综合利用率）采用2021年数据` -> {(9, None): 2021, (20, 秸秆…): 2021}."""
    if table.footnote is None:
        return {}
    match = FOOTNOTE_YEAR.search(norm(table.footnote.clean))
    if not match:
        return {}
    year = int(match["year"])
    return {(m["seq"], m["sub"]): year for m in FOOTNOTE_ITEM.finditer(match["items"])}


def _unit(column_unit: str | None, in_value: str | None, name: str = "") -> str | None:
    """The unit column's, else the value's (`97%以上`), else the name's (`比例(%)`)."""
    unit = norm(column_unit or "")
    if unit not in NO_UNIT:
        return unit
    if in_value:
        return in_value
    match = NAME_UNIT.search(norm(name))
    return match.group(1) if match and match.group(1) in units() else None


def _verdict(cell: Cell | None) -> str | None:
    return VERDICTS.get(norm(cell.text)) if cell else None
