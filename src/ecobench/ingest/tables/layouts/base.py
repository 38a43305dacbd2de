"""What every layout finds, and the patterns several layouts share.

A layout is a module with a `find(doc)` that yields the candidate tables its way of
printing a table holds (after camelot's parsers on one base): a header and rows of cells
standing in columns (`Positional`), or a header and a stream of cells to be cut into rows
by what they hold (`Stream`). A new layout is a new module with the same `find`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ecobench.ingest.tables.model import Cell
from ecobench.ingest.text import Document

INDENT = re.compile(r"^(\t| {2,}|\u3000{2,})")
PIPES = re.compile(r"[|│┃]")
LEADING_PIPE = re.compile(r"^\s*[|│]\s?")
TRAILING_PIPE = re.compile(r"\s?[|│]\s*$")


@dataclass
class Positional:
    """A header and rows whose cells stand in its columns, and what was irregular in a
    row (by its line)."""

    header: list[Cell]
    rows: list[list[Cell]]
    layout: str
    irregular: dict[int, str] = field(default_factory=dict)


@dataclass
class Stream:
    """A header and the cells after it, one after another, no row marked."""

    header: list[Cell]
    cells: list[Cell]
    layout: str


class PositionalLayout(Protocol):
    """A layout module whose `find` yields tables of rows in columns."""

    def find(self, doc: Document) -> Iterator[Positional]: ...


class StreamLayout(Protocol):
    """A layout module whose `find` yields tables of cell streams."""

    def find(self, doc: Document) -> Iterator[Stream]: ...
