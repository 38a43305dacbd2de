"""Every tunable of the table reader, in one place (after pdfplumber's `TableSettings`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSettings:
    """Every tunable of the table reader, in one place."""

    header_cell_chars: int = 12  # a header cell is a short label
    min_header_cells: int = 4  # fewer labels are a sentence, not a header
    prose_chars: int = 60  # a longer cell is running text: the table is over
    heading_chars: int = 24  # a one-cell row spanning a `|` table is a heading up to this
    stream_missing_cells: int = 2  # a one-cell-per-line row short of more is not placed
    title_lines: int = 3  # lines above a header searched for its label and title
    footnote_lines: int = 3  # lines below a table searched for its 注
    role_share: float = 0.6  # share of a column's cells that must show a role by content


SETTINGS = TableSettings()
