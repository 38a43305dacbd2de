"""What a cell is by what it holds, and rows made from cells by column role: shared by
positional and stream rows."""

from __future__ import annotations

import re

from ecobench.ingest.tables.model import Cell, Row
from ecobench.ingest.tables.roles import VALUE_ROLES
from ecobench.ingest.text import squash

DOMAIN_CELL = re.compile(r"^生态[\u4e00-\u9fff]{2}$")
TASK_MARK = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
CHANGE_FRAGMENT = re.compile(r"^(提高|下降|增长|降低)幅度$")
UNIT_CELL = re.compile(r"^(%|/|-|[^\s\d≥≤<>=]{1,6}/[^\s\d≥≤<>=]{1,4}|公顷|平方公里|个|吨)$")
# an indicator's name ends with what it measures: names written together are cut there
NAME_END = re.compile(r".+?(?:率|比例|指数|比重|强度|水平)(?=$|[\u4e00-\u9fff])")
CONDITION_CELL = re.compile(r"^且|不超过控制目标值$")
LEADING_SEQ = re.compile(r"^\s*(?:\d{1,3}[.、．]|[(（]\d{1,3}[)）])\s*")


def row_of(
    by_role: dict[str, Cell], seq: str | None, name: Cell, domain, task_group, issue=None
) -> Row:
    """A row from its cells by column role: the value cells (a role, or a role and year)
    and the row's own attributes."""
    return Row(
        seq=seq,
        name=name,
        domain=domain,
        task_group=task_group,
        unit=by_role["unit"].text if "unit" in by_role else None,
        binding=by_role["binding"].text if "binding" in by_role else None,
        lead_department=by_role["lead_department"].text if "lead_department" in by_role else None,
        cells={k: v for k, v in by_role.items() if k in VALUE_ROLES or ":" in k},
        issue=issue,
    )


def parent_name(text: str) -> str:
    return squash(text).rstrip("：:")


def make_parent(row: Row) -> None:
    """A row that printed its name alone is the parent of the sub-rows after it."""
    if row.sub_index == 0:
        row.parent_name, row.sub_index = parent_name(row.name.text), 1


def inherit(row: Row, parent: Row) -> None:
    """Empty cells of a sub-row are merged cells: they take the parent row's value."""
    for key, cell in parent.cells.items():
        if key not in row.cells or not row.cells[key].text.strip():
            row.cells[key] = cell
            row.inherited.add(key)
    if not (row.binding or "").strip():
        row.binding = parent.binding
    if not (row.unit or "").strip():
        row.unit = parent.unit
