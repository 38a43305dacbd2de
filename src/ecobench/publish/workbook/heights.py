"""A row's height: the lines its most wrapped cell takes in its column (Excel fits a row
to wrapped text only when it is edited, LibreOffice not always on opening, and a page
prints the height the file gives). One rule for the rows XlsxWriter writes (cells.py) and
those built in bulk (rows.py)."""

from __future__ import annotations

import math

CJK = 2.1  # column units of a CJK character (or a fullwidth form)


LINE_POINTS = 15.0  # the height of a line of 11 pt text (Excel's default row)


MAX_ROW_POINTS = 409.0  # Excel's tallest row


def measure(text: str, latin: float) -> float:
    return sum(CJK if "\u2e80" <= char <= "\uffef" else latin for char in text)


def lines(cell, width: int, size: float = 1.0) -> int:
    """The lines a cell takes wrapped in a column `width` units wide, its text at `size`
    times 11 pt (a Latin letter is narrower than a digit: a line of Latin text that
    cells' width makes a column's width for takes one line)."""
    if not isinstance(cell, str) or ("\n" not in cell and len(cell) * CJK * size < width - 1):
        return 1
    return sum(
        max(1, math.ceil(measure(part, latin=0.9) * size / (width - 1)))
        for part in cell.split("\n")
    )


def row_points(count: int, size: float = 1.0) -> float:
    """The height of a row of `count` lines: Excel fits a row to wrapped text only when it
    is edited, LibreOffice not always on opening, and a page prints the height the file
    gives."""
    return min(MAX_ROW_POINTS, count * LINE_POINTS * max(size, 0.9) + 3)
