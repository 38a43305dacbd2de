"""One cell per line: no separators at all (004 附件2, a provincial list as published): a
header of known labels, one to a line, then a stream of cells."""

from __future__ import annotations

from collections.abc import Iterator

from ecobench.ingest.tables.layouts.base import Stream
from ecobench.ingest.tables.model import Cell
from ecobench.ingest.tables.roles import column_role, is_header
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import Document, norm


def find(doc: Document) -> Iterator[Stream]:
    cells = [Cell(line.clean.strip(), line.number) for line in doc.lines if not line.blank]
    i = 0
    while i < len(cells):
        j = i
        while (
            j < len(cells)
            and len(norm(cells[j].text)) <= SETTINGS.header_cell_chars
            and column_role(cells[j].text)[0] != "other"
        ):
            j += 1
        if j - i >= SETTINGS.min_header_cells and is_header(
            [column_role(cell.text) for cell in cells[i:j]]
        ):
            yield Stream(cells[i:j], cells[j:], "line")
            i = j
        i += 1
