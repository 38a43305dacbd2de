"""The layouts a table is printed in, one module each with the same `find(doc)`.

Positional layouts yield rows in columns and are read first; a stream layout's table is
read only where no positional one was found over the same lines.
"""

from __future__ import annotations

from ecobench.ingest.tables.layouts import delimited, glued, indent, lines, pipe_marked
from ecobench.ingest.tables.layouts.base import (
    Positional,
    PositionalLayout,
    Stream,
    StreamLayout,
)

POSITIONAL: tuple[PositionalLayout, ...] = (indent, delimited, pipe_marked)
STREAMS: tuple[StreamLayout, ...] = (lines, glued)

__all__ = [
    "POSITIONAL",
    "STREAMS",
    "Positional",
    "PositionalLayout",
    "Stream",
    "StreamLayout",
]
