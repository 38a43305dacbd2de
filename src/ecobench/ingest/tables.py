"""Indicator tables, in the two layouts the documents print them in.

* tab-led (001 表3-1/表3-2): every cell is a line starting with a tab, a cell may continue
  on following untabbed lines, a row ends at a blank line; merged cells are empty cells.
  A row with one cell more than the header splits the indicator name into parent and
  sub-indicator (20 农业废弃物综合利用率 | 秸秆综合利用率).
* one cell per line (004 附件2): no separators at all; a row is found from its sequence
  number to its binding cell, and the cells between are told apart by what they are
  (unit, value, region variant, extra condition, sub-indicator name).

Both layouts become the same `Row`s, and `facts()` turns rows into one fact per printed
value, so a third layout only needs a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ecobench.ingest.schema import IndicatorValue
from ecobench.ingest.text import Document, Line, ParseError, norm, squash
from ecobench.ingest.values import REGION_CELL, parse_cell

BINDING = {
    "约束性": "binding",
    "约束性指标": "binding",
    "参考性": "reference",
    "参考性指标": "reference",
}
VERDICTS = {"达标", "不达标"}
VALUE_ROLES = {"standard", "verdict"}  # plus status:YYYY and target:YYYY
TABLE_LABEL = re.compile(r"(表\s*\d+[-－]\d+|附表|附件\s*\d+)")
FOOTNOTE_YEAR = re.compile(
    r"指标(?P<items>[\d、，,（）()\u4e00-\u9fff]+?)采用(?P<year>\d{4})年数据"
)
FOOTNOTE_ITEM = re.compile(r"(?P<seq>\d+)(?:[(（](?P<sub>[^)）]+)[)）])?")
DOMAIN_CELL = re.compile(r"^生态[\u4e00-\u9fff]{2}$")
TASK_MARK = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
CHANGE_FRAGMENT = re.compile(r"^(提高|下降|增长|降低)幅度$")
UNIT_CELL = re.compile(r"^(%|/|-|[^\s\d≥≤<>=]{1,6}/[^\s\d≥≤<>=]{1,4}|公顷|平方公里|个|吨)$")
CONDITION_CELL = re.compile(r"^且|不超过控制目标值$")


def column_role(label: str) -> tuple[str, int | None]:
    """What a header cell means, and the year it names (`2022年现状` -> status, 2022)."""
    text = norm(squash(label))
    if match := re.match(r"(\d{4})年.*现状", text):
        return "status", int(match.group(1))
    if match := re.match(r"(\d{4})年.*目标", text):
        return "target", int(match.group(1))
    for needle, role in (
        ("达标情况", "verdict"),
        ("属性", "binding"),
        ("牵头", "lead_department"),
        ("指标名称", "name"),
        ("指标值", "standard"),
        ("领域", "domain"),
        ("任务", "task_group"),
        ("序号", "seq"),
        ("单位", "unit"),
    ):
        if needle in text:
            return role, None
    return "other", None


@dataclass
class Cell:
    text: str
    line: int


@dataclass
class Row:
    seq: str | None
    name: Cell
    parent_name: str | None = None
    sub_index: int = 0
    domain: str | None = None
    task_group: str | None = None
    region: str | None = None
    unit: str | None = None
    cells: dict[str, Cell] = field(default_factory=dict)  # standard/status/verdict/target:YYYY
    binding: str | None = None
    lead_department: str | None = None
    inherited: set[str] = field(default_factory=set)


@dataclass
class Table:
    label: str | None
    title: str
    header_line: int
    roles: list[tuple[str, int | None]]
    rows: list[Row]
    end_line: int
    footnote: Line | None = None


# --------------------------------------------------------------------------- tab-led layout
def tab_blocks(doc: Document) -> Iterator[list[list[Cell]]]:
    """Yield runs of tab-led rows (a table body), each row a list of cells."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for line in doc.lines:
        raw = line.clean
        if raw.startswith("\t"):
            row.append(Cell(raw[1:].strip(), line.number))
        elif line.blank:
            if row:
                rows.append(row)
                row = []
        elif row and not norm(raw).startswith("注"):
            row[-1].text += "\n" + raw.strip()  # a cell continued on the next line
        else:
            if row:
                rows.append(row)
                row = []
            if rows:
                yield rows
                rows = []
    if row:
        rows.append(row)
    if rows:
        yield rows


def _title_before(doc: Document, line_no: int) -> tuple[str | None, str]:
    """The table's label (表3-1, 附件2) and title from the lines just above its header."""
    before = [line for line in doc.lines[: line_no - 1] if not line.blank][-3:]
    title = norm(before[-1].clean) if before else ""
    for line in reversed(before):
        if match := TABLE_LABEL.search(norm(line.clean)):
            return match.group(1).replace(" ", ""), title
    return None, title


def _footnote_after(doc: Document, line_no: int) -> Line | None:
    for line in doc.lines[line_no : line_no + 3]:
        if norm(line.clean).startswith("注"):
            return line
    return None


def read_tab_tables(doc: Document) -> list[Table]:
    tables = []
    for block in tab_blocks(doc):
        header = block[0]
        roles = [column_role(cell.text) for cell in header]
        names = {role for role, _ in roles}
        if not {"seq", "name"} <= names:
            continue  # not an indicator table (the project annex is read by projects.py)
        if "standard" not in names:
            raise ParseError(
                doc.source_file, header[0].line, "indicator table has no 指标值 (standard) column"
            )
        label, title = _title_before(doc, header[0].line)
        rows = _tab_rows(doc.source_file, roles, block[1:])
        end = block[-1][-1].line
        tables.append(
            Table(label, title, header[0].line, roles, rows, end, _footnote_after(doc, end))
        )
    return tables


def _tab_rows(
    source_file: str, roles: list[tuple[str, int | None]], body: list[list[Cell]]
) -> list[Row]:
    rows: list[Row] = []
    parent: Row | None = None
    domain = task_group = None
    name_at = [role for role, _ in roles].index("name")
    for cells in body:
        if len(cells) == len(roles) + 1:  # name split into parent name | sub-indicator
            parent_cell, cells = cells[name_at], cells[:name_at] + cells[name_at + 1 :]
        elif len(cells) == len(roles):
            parent_cell = None
        else:
            raise ParseError(
                source_file,
                cells[0].line,
                f"table row has {len(cells)} cells where the header has {len(roles)}",
            )
        by_role: dict[str, Cell] = {}
        for (role, year), cell in zip(roles, cells, strict=True):
            by_role[f"{role}:{year}" if year else role] = cell
        text = {key: cell.text for key, cell in by_role.items()}
        domain = squash(text.get("domain", "")) or domain  # an empty cell is merged: carry on
        task_group = squash(text.get("task_group", "")) or task_group
        seq = by_role["seq"].text.strip()
        row = Row(
            seq=seq or None,
            name=by_role["name"],
            domain=domain,
            task_group=task_group,
            unit=text.get("unit"),
            binding=text.get("binding"),
            lead_department=text.get("lead_department"),
            cells={k: v for k, v in by_role.items() if k in VALUE_ROLES or ":" in k},
        )
        if seq:  # a new indicator; a sub-indicator column makes it sub-row 1
            parent = row
            if parent_cell is not None:
                row.parent_name, row.sub_index = _parent_name(parent_cell.text), 1
            rows.append(row)
            continue
        if parent is None:
            raise ParseError(source_file, cells[0].line, "a sub-row comes before any indicator row")
        if parent.sub_index == 0:  # the parent printed its name alone: it is sub-row 1's parent
            parent.parent_name, parent.sub_index = _parent_name(parent.name.text), 1
        row.seq, row.parent_name = parent.seq, parent.parent_name
        row.sub_index = rows[-1].sub_index + 1  # sub-rows follow their parent in print order
        _inherit(row, parent)
        rows.append(row)
    return rows


def _parent_name(text: str) -> str:
    return squash(text).rstrip("：:")


def _inherit(row: Row, parent: Row) -> None:
    """Empty cells of a sub-row are merged cells: they take the parent row's value."""
    for key, cell in parent.cells.items():
        if key not in row.cells or not row.cells[key].text.strip():
            row.cells[key] = cell
            row.inherited.add(key)
    if not (row.binding or "").strip():
        row.binding = parent.binding
    if not (row.unit or "").strip():
        row.unit = parent.unit


# --------------------------------------------------------------------- one-cell-per-line layout
def read_line_tables(doc: Document) -> list[Table]:
    """Tables printed one cell per line: a header of known labels, one per line."""
    cells = [Cell(line.clean.strip(), line.number) for line in doc.lines if not line.blank]
    tables = []
    i = 0
    while i < len(cells):
        roles = []
        j = i
        while (
            j < len(cells) and column_role(cells[j].text)[0] != "other" and len(cells[j].text) <= 8
        ):
            roles.append(column_role(cells[j].text))
            j += 1
        names = {role for role, _ in roles}
        if len(roles) >= 5 and {"seq", "name", "standard", "binding"} <= names:
            label, title = _title_before(doc, cells[i].line)
            rows, end = _line_rows(doc.source_file, roles, cells[j:])
            tables.append(Table(label, title, cells[i].line, roles, rows, end))
            i = j
        i += 1
    return tables


def _line_rows(source_file: str, roles, cells: list[Cell]) -> tuple[list[Row], int]:
    has_lead = any(role == "lead_department" for role, _ in roles)
    rows: list[Row] = []
    domain = task_group = None
    pending_mark = False
    i = 0
    end = cells[0].line if cells else 0
    while i < len(cells):
        text = norm(cells[i].text)
        if len(text) > 60 or text.startswith(("注", "【")):
            break  # running text or page chrome (【关闭本页】) again: the table is over
        if text.isdigit():  # a sequence number starts a row
            row_cells, i = _take_row(source_file, cells, i, int(text))
            new_rows = _split_line_row(source_file, row_cells, domain, task_group)
            # lead departments follow the binding cell, up to the next row or group marker
            leads = []
            while has_lead and i < len(cells):
                nxt = norm(cells[i].text)
                if (
                    nxt.isdigit()
                    or DOMAIN_CELL.match(nxt)
                    or TASK_MARK.match(nxt)
                    or len(nxt) > 60
                    or nxt.startswith("【")
                ):
                    break
                leads.append(cells[i].text)
                i += 1
            for row in new_rows:
                row.lead_department = "、".join(leads) or None
            rows += new_rows
            end = cells[i - 1].line
            pending_mark = False
            continue
        if DOMAIN_CELL.match(text):
            domain = text
        elif TASK_MARK.match(text):
            task_group, pending_mark = text, TASK_MARK.sub("", text) == ""
        elif pending_mark:  # `(三)` printed on its own line, its name on the next
            task_group, pending_mark = task_group + text, False
        i += 1
    return rows, end


def _take_row(source_file: str, cells: list[Cell], i: int, seq: int) -> tuple[list[Cell], int]:
    start = i
    while i < len(cells) and norm(cells[i].text) not in BINDING:
        if i > start and norm(cells[i].text) == str(seq + 1):
            raise ParseError(source_file, cells[start].line, f"indicator {seq} has no binding cell")
        i += 1
    if i == len(cells):
        raise ParseError(
            source_file, cells[start].line, f"indicator {seq} is cut off (no binding cell)"
        )
    return cells[start : i + 1], i + 1


def _split_line_row(source_file, cells: list[Cell], domain, task_group) -> list[Row]:
    """Tell apart the cells between seq and binding: names, region, units, values, conditions."""
    seq, name, *middle, binding = cells
    subs: list[Cell] = []
    units: list[Cell] = []
    values: list[Cell] = []
    conditions: list[Cell] = []
    region = None
    for cell in middle:
        text = norm(cell.text)
        if REGION_CELL.match(text):
            region = text
        elif UNIT_CELL.match(text):
            units.append(cell)
        elif CONDITION_CELL.search(text):
            conditions.append(cell)
        elif units or parse_cell(text).value_num is not None:
            values.append(cell)
        elif CHANGE_FRAGMENT.match(text) and subs:
            subs[-1] = Cell(subs[-1].text + "\n" + cell.text, subs[-1].line)  # a wrapped name
        else:
            subs.append(cell)
    if not values and conditions:  # `用水总量不超过控制目标值` printed before `≤50`
        values, conditions = conditions, []
    if conditions and values:  # a level and its condition, joined in print order
        joined = sorted([values[0], *conditions], key=lambda cell: cell.line)
        values[0] = Cell("\n".join(c.text for c in joined), joined[0].line)
    if not values:
        raise ParseError(source_file, seq.line, f"indicator {seq.text} has no value cell")
    real_units = [u.text for u in units if u.text not in {"/", "-"}]
    parent = Row(
        seq=seq.text,
        name=name,
        domain=domain,
        task_group=task_group,
        region=region,
        binding=binding.text,
    )
    if not subs:
        parent.unit = real_units[0] if real_units else None
        parent.cells["standard"] = values[0]
        return [parent]
    rows = []
    for k, sub in enumerate(subs):
        unit = units[k].text if len(units) == len(subs) else (real_units[0] if real_units else None)
        value = values[k] if len(values) == len(subs) else values[0]
        row = Row(
            seq=seq.text,
            name=sub,
            parent_name=_parent_name(name.text),
            sub_index=k + 1,
            domain=domain,
            task_group=task_group,
            region=region,
            binding=binding.text,
            unit=None if unit in {"/", "-"} else unit,
            cells={"standard": value},
        )
        if len(values) != len(subs) and k > 0:
            row.inherited.add("standard")
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------ to facts
def framework_for_table(table: Table, doc: Document) -> str:
    """Which indicator system a table prints: by its title, else by the list the text cites."""
    title = norm(table.title)
    if "省级" in title:
        return "jiangxi_provincial"
    if re.search(r"指标\s*[(（]试行[)）]", norm(doc.text)):
        return "national_trial"
    return "national_revised"


def footnote_years(table: Table) -> dict[tuple[str, str | None], int]:
    """`注：…指标9、20（秸秆综合利用率）采用2021年数据` -> {(9, None): 2021, (20, 秸秆…): 2021}."""
    if table.footnote is None:
        return {}
    match = FOOTNOTE_YEAR.search(norm(table.footnote.clean))
    if not match:
        return {}
    year = int(match["year"])
    return {(m["seq"], m["sub"]): year for m in FOOTNOTE_ITEM.finditer(match["items"])}


def facts(table: Table, doc: Document) -> list[IndicatorValue]:
    framework = framework_for_table(table, doc)
    status_years = footnote_years(table)
    out: list[IndicatorValue] = []
    for row in table.rows:
        name = squash(row.name.text)
        verdict = row.cells.get("verdict")
        for key, cell in row.cells.items():
            if key == "verdict" or not cell.text.strip():
                continue
            measure, _, year = key.partition(":")
            parsed = parse_cell(cell.text)
            period = int(year) if year else None
            note = None
            if measure == "status":
                footnoted = status_years.get((row.seq, None)) or status_years.get((row.seq, name))
                if footnoted:
                    period, note = footnoted, table.footnote.clean.strip()
            out.append(
                IndicatorValue(
                    source_file=doc.source_file,
                    source_line=cell.line,
                    framework_id=framework,
                    measure=measure,
                    value_raw=cell.text,
                    indicator_name_zh=name,
                    table_label=table.label,
                    indicator_seq=row.seq,
                    sub_index=row.sub_index,
                    parent_name_zh=row.parent_name,
                    domain_zh=row.domain,
                    task_group_zh=row.task_group,
                    region_variant=row.region or parsed.region_variant,
                    period_year=period,
                    value_num=parsed.value_num,
                    comparator=parsed.comparator,
                    unit=_unit(row.unit, parsed.unit_in_value),
                    compliance_reported=_verdict(verdict) if measure == "status" else None,
                    binding=BINDING.get(norm(row.binding or "")),
                    lead_department=row.lead_department,
                    is_inherited=key in row.inherited,
                    is_change=parsed.is_change,
                    note=note,
                )
            )
    return out


def _unit(column_unit: str | None, in_value: str | None) -> str | None:
    unit = norm(column_unit or "")
    return in_value if unit in {"", "-", "/"} else unit


def _verdict(cell: Cell | None) -> str | None:
    text = norm(cell.text) if cell else ""
    return text if text in VERDICTS else None


def read_tables(doc: Document) -> list[Table]:
    return read_tab_tables(doc) + read_line_tables(doc)
