"""What the table reader reads into: cells, rows, tables, and what it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecobench.ingest.text import Line


@dataclass
class Cell:
    text: str
    line: int


@dataclass
class Heading(Cell):
    """The one cell of a row the layout shows spanning the table (`| 一、生态空间 |`
    between the rows of a `|` table): a domain or task-group heading, whatever it says."""


@dataclass
class Issue:
    """Something the reader could not read as a table holds it, and where."""

    line: int
    message: str


@dataclass
class Row:
    seq: str | None
    name: Cell
    parent_name: str | None = None
    sub_index: int = 0
    domain: str | None = None
    task_group: str | None = None
    region: str | None = None
    unit: str | None = None
    cells: dict[str, Cell] = field(default_factory=dict)  # standard/status/verdict/target:YYYY
    binding: str | None = None
    lead_department: str | None = None
    inherited: set[str] = field(default_factory=set)
    issue: str | None = None


@dataclass
class Table:
    label: str | None
    title: str
    header_line: int
    roles: list[tuple[str, int | None]]
    rows: list[Row]
    end_line: int
    footnote: Line | None = None
    layout: str = "indent"
    issues: list[Issue] = field(default_factory=list)


Roles = list[tuple[str, int | None]]  # a column's role and the year it names, per column
