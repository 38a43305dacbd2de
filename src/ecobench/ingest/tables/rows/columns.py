"""A stream row read by place: where the header prints more than one value column, the
cells from a row's number to its binding cell stand in the header's order."""

from __future__ import annotations

from itertools import combinations

from ecobench.ingest.tables.model import Cell, Roles, Row
from ecobench.ingest.tables.roles import BINDING, NOT_APPLICABLE, VALUE_ROLES, VERDICTS, parse_seq
from ecobench.ingest.tables.rows.cells import UNIT_CELL, row_of
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import norm
from ecobench.ingest.values import NO_UNIT, units


def stream_columns(roles: Roles) -> Roles:
    """The columns of a stream row, from its number to its binding cell (to the header's
    end without a binding column), where the header prints more than one value column
    (标准值 / 现状值 / 达标情况 / 2025年目标): what the cells hold cannot tell those apart,
    their places can. The columns before the number are printed once (领域). Empty where
    cells are told apart by what they hold (one value column, or no number)."""
    names = [role for role, _ in roles]
    values = [role for role in names if role in VALUE_ROLES or role in {"status", "target"}]
    if "seq" not in names or "name" not in names or len(values) < 2:
        return []
    start = names.index("seq")
    stop = names.index("binding") + 1 if "binding" in names else len(names)
    return roles[start:stop] if names.index("name") < stop and start < stop else []


def fit_to_columns(columns: Roles, cells: list[Cell]) -> tuple[list[Cell] | None, list[str]]:
    """A stream row's cells under its columns, and the columns taken to be empty. A row
    of the header's width fits as printed. A row short of a cell or two (an empty cell
    prints no line) fits with empty cells where its cells then best fit their columns (a
    unit under 单位, 达标 under 达标情况), the later columns on a tie. None where it does
    not fit: more cells than columns, or too few."""
    width, short = len(columns), len(columns) - len(cells)
    if not columns or short < 0 or short > SETTINGS.stream_missing_cells:
        return None, []
    if short == 0:
        return cells, []
    names = [role for role, _ in columns]
    slots = [k for k, role in enumerate(names) if role not in {"seq", "name", "binding"}]
    if len(cells) < width - len(slots):
        return None, []
    best: tuple[int, list[Cell], tuple[int, ...]] | None = None
    for empty in reversed(list(combinations(slots, short))):
        it = iter(cells)
        placed = [Cell("", cells[0].line) if k in empty else next(it) for k in range(width)]
        score = sum(_fits_column(role, norm(c.text)) for role, c in zip(names, placed, strict=True))
        if best is None or score > best[0]:
            best = (score, placed, empty)
    assert best is not None
    labels = [f"{names[k]}:{columns[k][1]}" if columns[k][1] else names[k] for k in best[2]]
    return best[1], labels


def _fits_column(role: str, text: str) -> bool:
    """Whether a cell's text is what a column of this role holds, where that can be told."""
    if role == "unit":
        return text in NO_UNIT or UNIT_CELL.match(text) is not None or text in units()
    if role == "verdict":
        return not text or text in VERDICTS or text in NOT_APPLICABLE
    if role == "binding":
        return text in BINDING
    if role == "seq":
        return parse_seq(text) is not None
    return text not in VERDICTS and text not in BINDING


def stream_row_in_columns(columns: Roles, cells: list[Cell], domain, task_group) -> Row:
    """A stream row with a cell under each of its columns, read by place like a
    positional row: `/`, `-` and units the reader does not know (万亩, 处) included."""
    by_role: dict[str, Cell] = {}
    for (role, year), cell in zip(columns, cells, strict=True):
        by_role.setdefault(f"{role}:{year}" if year else role, cell)
    return row_of(by_role, parse_seq(by_role["seq"].text), by_role["name"], domain, task_group)
