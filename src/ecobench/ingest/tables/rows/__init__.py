"""Cells to rows: positional rows (cells in columns) and stream rows (cells one after
another, cut at sequence numbers and binding cells)."""

from __future__ import annotations

from ecobench.ingest.tables.rows.positional import positional_rows
from ecobench.ingest.tables.rows.stream import stream_rows

__all__ = ["positional_rows", "stream_rows"]
