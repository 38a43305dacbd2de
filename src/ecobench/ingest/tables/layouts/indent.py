"""Indent-led cells: every cell a line led by a tab (or by spaces, when the tabs were
turned into spaces), a cell may continue on unindented lines, a row ends at a blank line
(001 表3-1/表3-2)."""

from __future__ import annotations

from collections.abc import Iterator

from ecobench.ingest.tables.layouts.base import INDENT, Positional
from ecobench.ingest.tables.model import Cell
from ecobench.ingest.text import Document, norm


def find(doc: Document) -> Iterator[Positional]:
    for block in indent_blocks(doc):
        yield Positional(block[0], join_split_rows(block[1:], len(block[0])), "indent")


def indent_blocks(doc: Document) -> Iterator[list[list[Cell]]]:
    """Yield runs of indent-led rows (a table body), each row a list of cells."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for line in doc.lines:
        raw = line.clean
        if INDENT.match(raw):  # an indented line is a cell; indent alone, an empty one
            row.append(Cell(raw.strip(), line.number))
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


def join_split_rows(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    """A row cut in two by a stray blank line is one row: join two short fragments that
    together fill at most the header's width (a name split into parent and sub-indicator
    adds one cell); a row still short is read by position and named."""
    joined: list[list[Cell]] = []
    for row in rows:
        last = joined[-1] if joined else None
        if (
            last is not None
            and 1 < len(last) < width
            and len(row) < width
            and len(last) + len(row) <= width + 1
        ):
            last.extend(row)
        else:
            joined.append(list(row))
    return joined
