"""Rows of a cell stream (one cell per line, or glued): cut at sequence numbers and
binding cells, with the domain and task-group headings between them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecobench.ingest.tables.model import Cell, Issue, Roles, Row
from ecobench.ingest.tables.roles import BINDING, parse_seq
from ecobench.ingest.tables.rows.cells import DOMAIN_CELL, TASK_MARK, UNIT_CELL, make_parent
from ecobench.ingest.tables.rows.columns import (
    fit_to_columns,
    stream_columns,
    stream_row_in_columns,
)
from ecobench.ingest.tables.rows.kinds import split_stream_row
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import norm
from ecobench.ingest.values import parse_cell


@dataclass
class _Reading:
    """Where the reading of a stream stands: the next cell, and what is carried on."""

    cells: list[Cell]
    roles: Roles
    issues: list[Issue]
    rows: list[Row] = field(default_factory=list)
    domain: str | None = None
    task_group: str | None = None
    since: int = 0  # rows before the domain heading last read: numbering restarts in one
    pending_mark: bool = False  # `(三)` printed on its own line, its name on the next
    i: int = 0
    end: int = 0

    def __post_init__(self) -> None:
        names = {role for role, _ in self.roles}
        self.has_binding, self.has_lead = "binding" in names, "lead_department" in names
        self.columns = stream_columns(self.roles)
        self.end = self.cells[0].line if self.cells else 0


def stream_rows(roles: Roles, cells: list[Cell], issues: list[Issue]) -> tuple[list[Row], int]:
    """Rows of a cell stream: each starts at its sequence number and ends at its binding
    cell (or, with no binding column, before the next sequence number)."""
    at = _Reading(cells, roles, issues)
    while at.i < len(cells):
        text = norm(cells[at.i].text)
        if len(text) > SETTINGS.prose_chars or text.startswith(("注", "【")):
            break  # running text or page chrome (【关闭本页】) again: the table is over
        rows = at.rows
        last = int(rows[-1].seq) if len(rows) > at.since and rows[-1].seq else 0
        seq = _row_seq(cells, at.i, last) if rows else parse_seq(text)
        if seq is not None:  # between rows, a sequence number starts the next one
            _numbered_row(at, seq)
        else:
            _between_rows(at, text, last)
    return at.rows, at.end


def _numbered_row(at: _Reading, seq: str) -> None:
    """The row starting at its number, its lead departments after it."""
    row_cells, at.i, issue = _take_row(at.cells, at.i, seq, at.has_binding, len(at.columns))
    new_rows, in_columns = _read_row(at, row_cells, seq, issue)
    leads = []  # lead departments after the binding cell (in a row's columns without)
    while at.has_lead and (at.has_binding or not in_columns) and at.i < len(at.cells):
        nxt = norm(at.cells[at.i].text)
        if issue or parse_seq(nxt) is not None or _starts_next(nxt, last_seq=int(seq)):
            break
        leads.append(at.cells[at.i].text)
        at.i += 1
    for row in new_rows:
        row.lead_department = "、".join(leads) or row.lead_department
        row.issue = issue or row.issue  # a row cut off says so first
    at.rows += new_rows
    at.end = at.cells[at.i - 1].line
    at.pending_mark = False


def _read_row(
    at: _Reading, row_cells: list[Cell], seq: str, issue: str | None
) -> tuple[list[Row], bool]:
    """A row's cells read by place where they fit the header's columns, else by what they
    hold; and whether they were read by place."""
    fitted, missing = fit_to_columns(at.columns, row_cells) if not issue else (None, [])
    printed = (
        f"line {row_cells[0].line}: indicator {seq} prints {len(row_cells)} cells where the "
        f"header has {len(at.columns)} from its number on; "
    )
    if fitted is not None:  # a cell under each column, `/` and `-` included
        row = stream_row_in_columns(at.columns, fitted, at.domain, at.task_group)
        if missing:  # an empty cell prints no line: where it stood is a guess
            row.issue = printed + f"read with the {', '.join(missing)} cell empty"
        return [row], True
    new_rows = split_stream_row(row_cells, at.domain, at.task_group, at.has_binding)
    if at.columns and not issue and new_rows:
        new_rows[0].issue = new_rows[0].issue or (
            printed + "its cells are told apart by what they hold"
        )
    return new_rows, False


def _between_rows(at: _Reading, text: str, last: int) -> None:
    """A cell between rows: a domain or task-group heading, a sub-indicator with no
    number of its own, or a cell outside any row (named)."""
    ahead: list[Cell] = []
    numbered_next = False
    if not (DOMAIN_CELL.match(text) or TASK_MARK.match(text) or at.pending_mark):
        ahead, numbered_next = _before_next_seq(at.cells, at.i, last)
    if DOMAIN_CELL.match(text):
        at.domain, at.since = text, len(at.rows)
    elif TASK_MARK.match(text):
        at.task_group, at.pending_mark = text, TASK_MARK.sub("", text) == ""
    elif at.pending_mark:  # `(三)` printed on its own line, its name on the next
        at.task_group, at.pending_mark = (at.task_group or "") + text, False
    elif at.rows and at.has_binding and any(norm(c.text) in BINDING for c in ahead):
        _unnumbered_row(at, ahead)
        return
    elif numbered_next and _is_heading(ahead):
        at.domain = "".join(norm(c.text) for c in ahead)  # 资源节约利用 / 环境 经济, then 1
        at.since = len(at.rows)
        at.i += len(ahead)
        return
    elif at.rows:
        line = at.cells[at.i].line
        at.issues.append(Issue(line, f"line {line}: cell {text!r} outside any row"))
    at.i += 1


def _unnumbered_row(at: _Reading, ahead: list[Cell]) -> None:
    """A row with no number of its own, ended by its binding cell: a sub-indicator of the
    row above."""
    end_at = next(k for k, c in enumerate(ahead) if norm(c.text) in BINDING)
    parent = at.rows[-1]
    seq_cell = Cell(parent.seq or "", at.cells[at.i].line)
    for row in split_stream_row([seq_cell, *ahead[: end_at + 1]], at.domain, at.task_group, True):
        make_parent(parent)
        row.parent_name, row.sub_index = parent.parent_name, at.rows[-1].sub_index + 1
        at.rows.append(row)
    at.i += end_at + 1
    at.end = at.cells[at.i - 1].line


def _is_heading(cells: list[Cell]) -> bool:
    """Short text cells just before a numbered row: a domain heading, printed on one line
    (资源节约利用) or a few (环境 / 经济)."""
    texts = [norm(c.text) for c in cells]
    return (
        0 < len(texts) <= 3
        and sum(map(len, texts)) <= SETTINGS.header_cell_chars
        and all(parse_cell(t).value_num is None and t not in BINDING for t in texts)
    )


def _row_seq(cells: list[Cell], k: int, last: int) -> str | None:
    """Cell `k` as the number starting a row after row `last`: a larger number, and not a
    value just after its unit (`%`, `100`)."""
    seq = parse_seq(norm(cells[k].text))
    if seq is None or int(seq) <= last or (k and UNIT_CELL.match(norm(cells[k - 1].text))):
        return None
    return seq


def _before_next_seq(cells: list[Cell], i: int, last: int) -> tuple[list[Cell], bool]:
    """The cells from `i` up to the next row's sequence number, and whether one follows."""
    for k in range(i, len(cells)):
        if _row_seq(cells, k, last) is not None:
            return cells[i:k], True
    return cells[i:], False


def _starts_next(text: str, last_seq: int) -> bool:
    seq = parse_seq(text)
    return (
        (seq is not None and int(seq) == last_seq + 1)
        or DOMAIN_CELL.match(text) is not None
        or TASK_MARK.match(text) is not None
        or len(text) > SETTINGS.prose_chars
        or text.startswith(("注", "【"))
    )


def _take_row(
    cells: list[Cell], i: int, seq: str, has_binding: bool, width: int = 0
) -> tuple[list[Cell], int, str | None]:
    """The cells of the row starting at `i`, the index after it, and what was irregular.
    Where the header gives a row's `width` (its columns from the number on), a row that
    fills them, ending where the next row starts (at its binding cell, with a binding
    column), is taken whole, so that a value like the next number (`5` after `4`) stays in
    its row."""
    start = i
    if width and _fills_columns(cells, start, seq, has_binding, width):
        return cells[start : start + width], start + width, None
    i += 1
    while i < len(cells):
        text = norm(cells[i].text)
        if has_binding and text in BINDING:
            return cells[start : i + 1], i + 1, None
        if _starts_next(text, int(seq)):
            break
        i += 1
    where = cells[start].line
    if i == len(cells):
        issue = f"line {where}: indicator {seq} is cut off (the table ends inside its row)"
    elif has_binding:
        issue = f"line {where}: indicator {seq} has no binding cell"
    else:
        issue = None
    return cells[start:i], i, issue


def _fills_columns(cells: list[Cell], start: int, seq: str, has_binding: bool, width: int) -> bool:
    """Whether the `width` cells from `start` are one row: no heading or running text
    inside, its binding cell last (and none before) with a binding column, else the next
    row, a heading or the table's end just after."""
    if start + width > len(cells):
        return False
    inside = [norm(cell.text) for cell in cells[start + 1 : start + width]]
    if any(
        DOMAIN_CELL.match(text) or len(text) > SETTINGS.prose_chars or text.startswith("注")
        for text in inside
    ):
        return False
    if has_binding:
        return inside[-1] in BINDING and not any(text in BINDING for text in inside[:-1])
    after = norm(cells[start + width].text) if start + width < len(cells) else None
    return after is None or parse_seq(after) == "1" or _starts_next(after, int(seq))
