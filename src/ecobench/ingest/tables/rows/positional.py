"""Rows of a table whose cells stand in columns: each cell put under its column, a row
anchored at its sequence number or its right end, sub-rows and region variants under the
indicator above them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecobench.ingest.tables.model import Cell, Heading, Roles, Row
from ecobench.ingest.tables.roles import NOT_APPLICABLE, parse_seq
from ecobench.ingest.tables.rows.cells import (
    DOMAIN_CELL,
    LEADING_SEQ,
    TASK_MARK,
    inherit,
    make_parent,
    parent_name,
    row_of,
)
from ecobench.ingest.text import norm, squash
from ecobench.ingest.values import REGION_CELL

CHINESE_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class _Reading:
    """Where the reading of a table's rows stands: what is carried down to later rows."""

    roles: Roles
    rows: list[Row] = field(default_factory=list)
    parent: Row | None = None  # the last numbered row: sub-rows after it are its
    indicator: Row | None = None  # the last row that is not a region variant
    domain: str | None = None
    task_group: str | None = None

    @property
    def names(self) -> list[str]:
        return [role for role, _ in self.roles]

    @property
    def numbered(self) -> bool:
        return "seq" in self.names


def positional_rows(roles: Roles, body: list[list[Cell]], irregular: dict[int, str]) -> list[Row]:
    """Rows of a table whose cells stand in columns. A table with a sequence column
    anchors each row at its number; one without is anchored at its right end, and its
    rows are numbered in print order (a printed `1、` restarts in every domain, and a
    number must name one row of a table)."""
    at = _Reading(roles)
    for k, printed in enumerate(body):
        if not _heading(printed, at):
            _read_row(printed, irregular.get(printed[0].line), k == len(body) - 1, at)
    return at.rows


def _heading(printed: list[Cell], at: _Reading) -> bool:
    """Whether a row is a heading spanning the table: its domain or task group is taken."""
    if len(printed) == 1 and isinstance(printed[0], Heading):  # a row spanning the table
        text = norm(printed[0].text)
        if TASK_MARK.match(text) and at.domain:  # (一) under 一、: a task group of the domain
            at.task_group = text
        else:
            at.domain, at.task_group = text, None
        return True
    if len(printed) == 1 and len(at.roles) > 2:
        text = norm(printed[0].text)
        if DOMAIN_CELL.match(text) or TASK_MARK.match(text) or CHINESE_HEADING.match(text):
            at.domain = text  # a heading row spanning the table
            return True
    return False


def _read_row(printed: list[Cell], issue: str | None, last: bool, at: _Reading) -> None:
    cells, groups, short = anchor(printed, at.names, last=last)
    issue = issue or short
    if not cells:
        at.rows.append(
            Row(None, printed[0], domain=at.domain, task_group=at.task_group, issue=short)
        )
        return
    if len(groups) == 2:
        at.domain, at.task_group = (squash(g.text) for g in groups)
    elif groups:
        at.task_group = squash(groups[0].text)
    cells, split_name, issue = _to_width(cells, at, issue)
    by_role = _by_role(at.roles, cells)
    texts = {key: cell.text for key, cell in by_role.items()}
    at.domain = squash(texts.get("domain", "")) or at.domain  # an empty cell is merged
    at.task_group = squash(texts.get("task_group", "")) or at.task_group
    if not any(cell.text.strip() for cell in cells):
        return  # an empty row
    seq, name, issue = _seq_and_name(by_role, at, issue)
    _place(row_of(by_role, seq, name, at.domain, at.task_group, issue), split_name, at)


def _to_width(
    cells: list[Cell], at: _Reading, issue: str | None
) -> tuple[list[Cell], Cell | None, str | None]:
    """A row's cells as many as the header's columns, and the parent's name where the
    name is split in two (parent | sub-indicator); a row of another width is read by
    position and named."""
    width = len(at.roles)
    if at.numbered and len(cells) == width + 1:  # name split: parent | sub-indicator
        name_at = at.names.index("name")
        return cells[:name_at] + cells[name_at + 1 :], cells[name_at], issue
    if len(cells) != width:
        issue = issue or (
            f"line {cells[0].line}: the row has {len(cells)} cells where the header has "
            f"{width}; cells read by position"
        )
        cells = (cells + [Cell("", cells[-1].line)] * width)[:width]
    return cells, None, issue


def _by_role(roles: Roles, cells: list[Cell]) -> dict[str, Cell]:
    """A row's cells by column role (and year): of two columns of one role, the one that
    prints a figure."""
    by_role: dict[str, Cell] = {}
    for (role, year), cell in zip(roles, cells, strict=True):
        key = f"{role}:{year}" if year else role
        if key not in by_role or norm(by_role[key].text) in {"", *NOT_APPLICABLE}:
            by_role[key] = cell  # 2020年 `-` beside 〔累计〕 `〔18〕`: the figure printed
    return by_role


def _seq_and_name(
    by_role: dict[str, Cell], at: _Reading, issue: str | None
) -> tuple[str | None, Cell, str | None]:
    """A row's number (printed, or its place among the indicators) and its name."""
    name = by_role["name"]
    if not at.numbered:
        count = str(sum(r.region is None for r in at.rows) + 1)  # a region row is no indicator
        return count, Cell(LEADING_SEQ.sub("", name.text), name.line), issue
    seq_text = by_role["seq"].text.strip() if "seq" in by_role else ""
    seq: str | None = parse_seq(seq_text) if seq_text else None
    if seq_text and seq is None:
        issue = issue or f"line {by_role['seq'].line}: sequence number {seq_text!r} not read"
    return seq, name, issue


def _place(row: Row, split_name: Cell | None, at: _Reading) -> None:
    """A row as a region variant, a new indicator or a sub-row of the indicator above."""
    region = norm(squash(row.name.text))
    indicator = at.indicator
    if indicator is not None and (not at.numbered or row.seq is None) and REGION_CELL.match(region):
        # a terrain/region sub-row (山区, 东部地区) with no number: a region variant of the
        # indicator above, its empty cells merged from the indicator's row
        row.seq, row.name, row.region = indicator.seq, indicator.name, region
        row.parent_name, row.sub_index = indicator.parent_name, indicator.sub_index
        inherit(row, indicator)
        at.rows.append(row)
        return
    if not at.numbered or row.seq or at.parent is None:  # a new indicator
        if at.numbered and row.seq is None:
            row.issue = row.issue or f"line {row.name.line}: a table row with no sequence number"
        at.parent = row
        if split_name is not None:  # a sub-indicator column makes it sub-row 1
            row.parent_name, row.sub_index = parent_name(split_name.text), 1
        at.rows.append(row)
        at.indicator = row
        return
    parent = at.parent
    make_parent(parent)  # the parent printed its name alone: it is sub-row 1's parent
    row.seq, row.parent_name = parent.seq, parent.parent_name
    row.sub_index = at.rows[-1].sub_index + 1  # sub-rows follow their parent in print order
    inherit(row, parent)
    at.rows.append(row)
    at.indicator = row


def anchor(
    cells: list[Cell], names: list[str], last: bool
) -> tuple[list[Cell], list[Cell], str | None]:
    """A row's cells put under their columns, the group labels printed before them (cells
    merged down from a heading column the header does not name), and, for the table's
    last row when it stops short, that it is cut off. A row anchors at its sequence
    number where the header has a sequence column: cells missing before it are merged
    with the row above (a domain printed once for its rows). Without one it anchors at
    its right end."""
    width = len(names)
    if "seq" in names:
        seq_at = names.index("seq")
        found = next(
            (i for i, cell in enumerate(cells[: seq_at + 2]) if parse_seq(cell.text)), None
        )
        if found is None or found == seq_at:
            return cells, [], None
        if found < seq_at:
            cells = [Cell("", cells[0].line)] * (seq_at - found) + cells
            cut = last and len(cells) < width
            return cells, [], _cut(cells) if cut else None
        return _leading_groups(cells, found - seq_at)
    if len(cells) > width:
        return _leading_groups(cells, len(cells) - width)
    if len(cells) < width and not last:
        return [Cell("", cells[0].line)] * (width - len(cells)) + cells, [], None
    if len(cells) < width:  # cut off, and nothing tells which columns its cells are in
        return [], [], _cut(cells) + f"; its cells {[squash(c.text) for c in cells]} are not read"
    return cells, [], None


def _leading_groups(cells: list[Cell], extra: int) -> tuple[list[Cell], list[Cell], str | None]:
    """The `extra` cells before a row's columns are its group labels (domain, task group);
    more than two are named, not read."""
    issue = None
    if extra > 2:
        dropped = [squash(c.text) for c in cells[: extra - 2]]
        issue = f"line {cells[0].line}: cells {dropped} before the row's columns are not read"
    return cells[extra:], cells[:extra][-2:], issue


def _cut(cells: list[Cell]) -> str:
    return (
        f"line {cells[-1].line}: the row stops after {sum(bool(c.text) for c in cells)} "
        "cells: the table ends inside it (cut off)"
    )
