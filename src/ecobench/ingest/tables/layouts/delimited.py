"""Delimited rows: one row per line, cells between `|` or `│` (layout `pipe`), between
tabs, or in columns aligned by runs of spaces (layout `aligned`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ecobench.ingest.tables.layouts.base import (
    INDENT,
    LEADING_PIPE,
    PIPES,
    TRAILING_PIPE,
    Positional,
)
from ecobench.ingest.tables.model import Cell, Heading
from ecobench.ingest.tables.roles import column_role, is_header, parse_seq
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import Document, Line, norm
from ecobench.ingest.values import parse_cell

RULE_LINE = re.compile(r"^[\s┌┬┐├┼┤└┴┘─━═╔╦╗╠╬╣╚╩╝+\-|│]*$")
ALIGNED_GAP = re.compile(r"\t+| {2,}|\u3000+")


def find(doc: Document) -> Iterator[Positional]:
    lines = doc.lines
    i = 0
    while i < len(lines):
        header = split_delimited(lines[i].clean)
        if header is None or (INDENT.match(lines[i].clean) and "|" not in lines[i].clean):
            i += 1
            continue
        if not is_header([column_role(text) for text in header]):
            i += 1
            continue
        layout = "pipe" if PIPES.search(lines[i].clean) else "aligned"
        found, i = _body(lines, i, header, layout)
        yield found


def _body(lines: Sequence[Line], i: int, header: list[str], layout: str) -> tuple[Positional, int]:
    """The rows under the header on line `i`, and the index of the line after them."""
    found = Positional([Cell(text, lines[i].number) for text in header], [], layout)
    body = found.rows
    j = i + 1
    while j < len(lines):
        raw = lines[j].clean
        if RULE_LINE.match(raw) and raw.strip():
            j += 1  # a border of a box-drawn table
            continue
        if not raw.strip():
            j += 1
            if j < len(lines) and not _goes_on(lines[j].clean, layout):
                break
            continue
        cells = split_delimited(raw)
        if cells is None and layout == "pipe" and (heading := pipe_heading(raw)):
            body.append([Heading(heading, lines[j].number)])  # `| 一、生态空间 |`
            j += 1
            continue
        if cells is None:
            if body and not norm(raw).startswith("注"):
                body[-1][-1].text += "\n" + raw.strip()  # wrapped last cell
                j += 1
                continue
            break
        cells = _in_columns(found, lines[i].clean, header, cells, lines[j])
        body.append([Cell(text, lines[j].number) for text in cells])
        j += 1
    return found, j


def _goes_on(raw: str, layout: str) -> bool:
    """Whether the line after a blank one is still the table's."""
    return split_delimited(raw) is not None or bool(layout == "pipe" and pipe_heading(raw))


def _in_columns(
    found: Positional, header_raw: str, header: list[str], cells: list[str], line: Line
) -> list[str]:
    """A row's cells in the header's columns: a tab-separated row in order, empty cells
    kept; an aligned row by where its cells start (what does not fit is named)."""
    raw = line.clean
    tabbed = tab_cells(raw) if tab_cells(header_raw) == header else None
    if tabbed is not None and len(tabbed) == len(header):
        return tabbed
    if found.layout == "aligned":
        cells, issue = align(header, header_raw, cells, raw)
        if issue:
            found.irregular[line.number] = f"line {line.number}: {issue}"
    return cells


def split_delimited(raw: str) -> list[str] | None:
    """A line's cells between `|`/`│` (outer pipes dropped) or between aligned columns."""
    text = raw.strip()
    if PIPES.search(text):
        parts = PIPES.split(text)
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [part.strip() for part in parts] if len(parts) >= 2 else None
    parts = [part for part in ALIGNED_GAP.split(text) if part]
    return parts if len(parts) >= 2 else None


def pipe_heading(raw: str) -> str | None:
    """The text of a `|` table's row that holds one cell between its outer pipes
    (`| 一、生态空间 |`): a heading spanning the table, not a number or a value."""
    text = raw.strip()
    if (
        not (LEADING_PIPE.match(text) and TRAILING_PIPE.search(text))
        or len(PIPES.findall(text)) != 2
    ):
        return None
    cell = norm(PIPES.sub("", text).strip())
    if not cell or len(cell) > SETTINGS.heading_chars or parse_seq(cell) is not None:
        return None
    return cell if parse_cell(cell).value_num is None else None


def tab_cells(raw: str) -> list[str] | None:
    """A line of tab-separated cells (a table copied from a spreadsheet or Word): each tab
    ends a cell, so two tabs in a row hold an empty one and no alignment is guessed."""
    text = raw.strip(" \u3000\r\n")
    return [cell.strip() for cell in text.split("\t")] if text.count("\t") >= 1 else None


def display_starts(raw: str, cells: list[str]) -> list[int]:
    """Where each cell starts on screen (a CJK character is two columns wide)."""
    starts, at = [], 0
    for cell in cells:
        index = raw.index(cell, at)
        starts.append(display_width(raw[:index]))
        at = index + len(cell)
    return starts


def display_width(text: str) -> int:
    """How many columns a text takes on screen: a CJK character two, a tab up to four."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text.expandtabs(4))


def align(
    header: list[str], header_raw: str, cells: list[str], raw: str
) -> tuple[list[str], str | None]:
    """Cells of an aligned row put under the header column they start nearest to, so that
    an empty cell leaves its column empty instead of shifting the others; two cells under
    one column are kept together and named."""
    columns = display_starts(header_raw, header)
    out: list[str] = [""] * len(header)
    issue = None
    for cell, start in zip(cells, display_starts(raw, cells), strict=True):
        k = min(range(len(columns)), key=lambda c: abs(columns[c] - start))
        if out[k]:
            issue = f"cells {out[k]!r} and {cell!r} stand under one column ({header[k]!r})"
        out[k] = f"{out[k]} {cell}".strip()
    return out, issue
