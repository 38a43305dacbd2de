"""Pipe-marked cells: a web page's table as one cell per line with a pipe marking each
cell, `| cell` (a lone `|` ends the row) or `cell |` (rows cut at binding cells), a cell
running on over several lines, a header in two rows."""

from __future__ import annotations

from collections.abc import Iterator

from ecobench.ingest.tables.layouts.base import LEADING_PIPE, PIPES, TRAILING_PIPE, Positional
from ecobench.ingest.tables.model import Cell, Roles
from ecobench.ingest.tables.roles import BINDING, column_role, is_header, roles_of
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import Document, Line, norm


def find(doc: Document) -> Iterator[Positional]:
    for style, lines in pipe_streams(doc):
        if style == "trailing":
            yield from _trailing_table(_trailing_cells(lines))
            continue
        rows = _leading_rows(lines)
        for k, row in enumerate(rows):
            if is_header(roles_of(row)):
                header, body = merge_subheader(row, rows[k + 1 :])
                yield Positional(header, body, "pipe")
                break


def _trailing_table(cells: list[Cell]) -> Iterator[Positional]:
    """The table in a `cell |` stream: from its first header run, rows cut at bindings."""
    start = next((i for i in range(len(cells)) if is_header(header_roles(cells, i))), None)
    if start is None:
        return
    width = len(header_run(cells, start))
    header = cells[start : start + width]
    yield Positional(header, cut_at_bindings(cells[start + width :], header), "pipe")


def pipe_streams(doc: Document) -> Iterator[tuple[str, list[Line]]]:
    """Runs of lines where a web page's table became one cell per line with a pipe that
    marks each cell: `| cell` (a lone `|` ends the row) or `cell |` (a lone `|` is an
    empty cell). A line with pipes inside is a delimited row, not a marked cell. The
    short lines just before a run's first mark are its first cell (`指标` / `类别`)."""
    lines = doc.lines
    i = 0
    while i < len(lines):
        if pipe_mark(lines[i].clean) is None:
            i += 1
            continue
        start = i
        while (
            start > 0
            and not lines[start - 1].blank
            and len(norm(lines[start - 1].clean)) <= SETTINGS.header_cell_chars
            and not PIPES.search(lines[start - 1].clean)
            and i - start < SETTINGS.title_lines
        ):
            start -= 1
        j = i
        while j < len(lines) and not lines[j].blank:
            j += 1
        run = lines[start:j]
        marks = [pipe_mark(line.clean) for line in run]
        style = "leading" if marks.count("leading") >= marks.count("trailing") else "trailing"
        if sum(mark is not None for mark in marks) >= 2 * SETTINGS.min_header_cells:
            yield style, list(run)
        i = j + 1


def pipe_mark(raw: str) -> str | None:
    """`leading` for `| cell`, `trailing` for `cell |`, `lone` for `|`, else None."""
    raw = raw.strip()
    if raw in ("|", "│"):
        return "lone"
    if len(PIPES.findall(raw)) != 1:
        return None
    if LEADING_PIPE.match(raw):
        return "leading"
    return "trailing" if TRAILING_PIPE.search(raw) else None


def _trailing_cells(lines: list[Line]) -> list[Cell]:
    """`cell |` style: each marked line ends a cell, and the rows are not marked (one list
    of cells)."""
    row: list[Cell] = []
    pending: Cell | None = None
    for line in lines:
        raw = line.clean.strip()
        text = TRAILING_PIPE.sub("", raw).strip() if raw != "|" else ""
        if pending is not None:
            pending.text += "\n" + text if text else ""
        else:
            pending = Cell(text, line.number)
        if raw.endswith(("|", "│")) or raw == "|":
            row.append(pending)
            pending = None
    return row + ([pending] if pending is not None else [])


def _leading_rows(lines: list[Line]) -> list[list[Cell]]:
    """`| cell` style: a cell runs on over unmarked lines and a lone `|` ends the row."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for line in lines:
        raw = line.clean.strip()
        if raw in ("|", "│"):
            if row:
                rows.append(row)
            row = []
        elif LEADING_PIPE.match(raw):
            row.append(Cell(LEADING_PIPE.sub("", raw).strip(), line.number))
        elif row:
            row[-1].text += "\n" + raw
        else:
            row.append(Cell(raw, line.number))
    if row:
        rows.append(row)
    return rows


def header_run(cells: list[Cell], start: int) -> list[Cell]:
    """The header labels from `start`: short cells of known roles."""
    out = []
    for cell in cells[start:]:
        if (
            len(norm(cell.text)) > SETTINGS.header_cell_chars
            or column_role(cell.text)[0] == "other"
        ):
            break
        out.append(cell)
    return out


def header_roles(cells: list[Cell], start: int) -> Roles:
    return roles_of(header_run(cells, start))


def cut_at_bindings(cells: list[Cell], header: list[Cell]) -> list[list[Cell]]:
    """A stream of cells cut into rows: after each binding cell where the header has a
    binding column, else every header-width cells."""
    names = [role for role, _ in roles_of(header)]
    rows, row = [], []
    for cell in cells:
        if len(norm(cell.text)) > SETTINGS.prose_chars:
            break  # running text again: the table is over
        row.append(cell)
        if ("binding" in names and norm(cell.text) in BINDING) or (
            "binding" not in names and len(row) == len(header)
        ):
            rows.append(row)
            row = []
    return rows + ([row] if row else [])


def merge_subheader(
    header: list[Cell], rows: list[list[Cell]]
) -> tuple[list[Cell], list[list[Cell]]]:
    """A two-row header (`“十一五”考核指标` over `指标名称 | 考核要求`): the second row's
    labels take the place of the first row's cell that spans them, the one naming the
    same role as one of them."""
    if not rows or len(rows[0]) >= len(header):
        return header, rows
    sub = roles_of(rows[0])
    if any(role == "other" for role, _ in sub):
        return header, rows
    top = roles_of(header)
    sub_roles = {role for role, _ in sub}
    at = next((i for i, (role, _) in enumerate(top) if role in sub_roles), None)
    if at is None:
        return header, rows
    return header[:at] + rows[0] + header[at + 1 :], rows[1:]
