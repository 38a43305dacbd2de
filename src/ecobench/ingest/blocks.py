"""The one row model every reader renders a file into: text blocks a line each, and each
table in the indent-led layout (a cell a line led by a tab, a blank line after each row),
a merged cell printed as the empty cell the table reader takes for merged; every line
with its location in the file."""

from __future__ import annotations

from typing import Any

from ecobench.ingest.text import Document, Line

Block = tuple[str, Any]  # ("text", (line, location)) or ("table", [[(cell, location)]])


def rendered(source_file: str, blocks: list[Block], encoding: str) -> Document:
    """Text blocks a line each; a table's rows in the indent-led layout, merged cells
    empty; every line with its location in the file."""
    lines: list[tuple[str, str | None]] = []
    for kind, content in blocks:
        if kind == "text":
            lines.append(content)
            continue
        lines.append(("", None))
        for row in content:
            for text, location in row:
                first, *more = text.split("\n") or [""]
                lines.append(("\t" + first, location))
                lines += [(part, location) for part in more if part.strip()]
            lines.append(("", None))
    return Document(
        source_file,
        tuple(Line(k, text) for k, (text, _) in enumerate(lines, start=1)),
        encoding,
        tuple(location for _, location in lines),
    )


SPANNED = object()  # a grid position a cell to its left covers (colspan): no cell of its own


def spanned(rows: list[list[tuple[str, int, int]]]) -> list[list[Any]]:
    """Rows of cells from rows of (text, rowspan, colspan), as the text layout prints a
    merged table: a cell that a rowspan covers is an empty (None) cell, one that a colspan
    covers is no cell (a name printed across two columns is one cell)."""
    grid: dict[tuple[int, int], object] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(max(rowspan, 1)):
                for dc in range(max(colspan, 1)):
                    grid[r + dr, c + dc] = (
                        text if (dr, dc) == (0, 0) else (None if dc == 0 else SPANNED)
                    )
            c += max(colspan, 1)
    widths = {r: 1 + max(c for rr, c in grid if rr == r) for r, _ in grid}
    return [
        [cell for c in range(widths.get(r, 0)) if (cell := grid.get((r, c))) is not SPANNED]
        for r in range(len(rows))
    ]


def table_block(grid: list[list[str | None]], k: int, page: str = "") -> Block:
    return (
        "table",
        [
            [
                ("" if text is None else text, f"{page}table {k}, row {r + 1}, column {c + 1}")
                for c, text in enumerate(row)
            ]
            for r, row in enumerate(grid)
        ],
    )
