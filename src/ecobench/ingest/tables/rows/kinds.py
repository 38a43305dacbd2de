"""A stream row read by what its cells hold: the cells between its number and its
binding cell told apart as names, regions, units, values and conditions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecobench.ingest.tables.model import Cell, Row
from ecobench.ingest.tables.roles import BINDING, parse_seq
from ecobench.ingest.tables.rows.cells import (
    CHANGE_FRAGMENT,
    CONDITION_CELL,
    NAME_END,
    UNIT_CELL,
    parent_name,
)
from ecobench.ingest.text import norm, squash
from ecobench.ingest.values import REGION_CELL, parse_cell


@dataclass
class _Kinds:
    """A row's cells after its name, by what each holds."""

    subs: list[Cell] = field(default_factory=list)
    regions: list[Cell] = field(default_factory=list)
    units: list[Cell] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)
    conditions: list[Cell] = field(default_factory=list)

    @property
    def unit(self) -> str | None:
        """The row's unit: the first printed that is not a blank (`/`, `-`)."""
        real = [u.text for u in self.units if u.text not in {"/", "-"}]
        return real[0] if real else None


def split_stream_row(cells: list[Cell], domain, task_group, has_binding: bool) -> list[Row]:
    """Tell apart the cells between seq and binding: names, regions, units, values,
    conditions. A row of several regions (山区 / 丘陵区 / 平原地区) with as many values
    becomes one row per region."""
    seq_cell, *rest = cells
    binding = rest.pop() if rest and norm(rest[-1].text) in BINDING else None
    name = rest.pop(0) if rest else Cell("", seq_cell.line)
    kinds = _sort(rest)
    issue = _settle_values(kinds, seq_cell, binding)
    base: dict[str, Any] = {
        "seq": parse_seq(seq_cell.text),
        "domain": domain,
        "task_group": task_group,
        "binding": binding.text if binding else None,
        "issue": issue,
    }
    if len(kinds.regions) > 1 and len(kinds.values) == len(kinds.regions) + len(kinds.subs):
        return _region_rows(name, kinds, base)
    region = norm(kinds.regions[-1].text) if kinds.regions else None
    own = [parse_cell(norm(v.text)).region_variant for v in kinds.values]
    alone = not kinds.subs and not kinds.regions and len(kinds.values) > 1
    if alone and all(own):  # 山区≥60 / 丘陵区≥40
        return [
            Row(name=name, region=variant, unit=kinds.unit, cells={"standard": value}, **base)
            for variant, value in zip(own, kinds.values, strict=True)
        ]
    if alone:  # names written together, a value each
        name = _names_written_together(name, kinds, base, seq_cell)
    if not kinds.subs:
        row = Row(name=name, region=region, unit=kinds.unit, **base)
        if kinds.values and kinds.values[0].text:
            row.cells["standard"] = kinds.values[0]
        return [row]
    return _sub_rows(name, kinds, region, base)


def _sort(cells: list[Cell]) -> _Kinds:
    """A row's cells after its name, each by what it holds (a value once a unit is read)."""
    kinds = _Kinds()
    for cell in cells:
        text = norm(cell.text)
        if REGION_CELL.match(text):
            kinds.regions.append(cell)
        elif UNIT_CELL.match(text):
            kinds.units.append(cell)
        elif CONDITION_CELL.search(text):
            kinds.conditions.append(cell)
        elif kinds.units or parse_cell(text).value_num is not None:
            kinds.values.append(cell)
        elif CHANGE_FRAGMENT.match(text) and kinds.subs:
            last = kinds.subs[-1]
            kinds.subs[-1] = Cell(last.text + "\n" + cell.text, last.line)  # a wrapped name
        else:
            kinds.subs.append(cell)
    return kinds


def _settle_values(kinds: _Kinds, seq_cell: Cell, binding: Cell | None) -> str | None:
    """The row's values where no cell reads as one, a level joined with its condition;
    that the row has none, where it has none."""
    if not kinds.values and kinds.conditions:  # `用水总量不超过控制目标值` printed before `≤50`
        kinds.values, kinds.conditions = kinds.conditions, []
    if not kinds.values and len(kinds.subs) > 1 and binding is not None:  # a value in words,
        kinds.values = [kinds.subs.pop()]  # last before the binding cell (the standard)
    if kinds.conditions and kinds.values:  # a level and its condition, joined in print order
        joined = sorted([kinds.values[0], *kinds.conditions], key=lambda cell: cell.line)
        kinds.values[0] = Cell("\n".join(c.text for c in joined), joined[0].line)
    if kinds.values:
        return None
    kinds.values = [Cell("", seq_cell.line)] if not kinds.subs else []
    return f"line {seq_cell.line}: indicator {norm(seq_cell.text)} has no value cell"


def _region_rows(name: Cell, kinds: _Kinds, base: dict[str, Any]) -> list[Row]:
    """One row per region variant, then one per variant with a name of its own."""
    rows = [
        Row(
            name=name,
            region=norm(region.text),
            unit=kinds.unit,
            cells={"standard": value},
            **base,
        )
        for region, value in zip(kinds.regions, kinds.values, strict=False)
    ]
    named = kinds.values[len(kinds.regions) :]
    for k, (sub, value) in enumerate(zip(kinds.subs, named, strict=True)):
        rows.append(  # a variant with a name of its own (高寒区或草原区林草覆盖率)
            Row(
                name=sub,
                parent_name=parent_name(name.text),
                sub_index=k + 1,
                unit=kinds.unit,
                cells={"standard": value},
                **base,
            )
        )
    return rows


def _names_written_together(
    name: Cell, kinds: _Kinds, base: dict[str, Any], seq_cell: Cell
) -> Cell:
    """A parent's name and its sub-indicators' written together, one value each: cut
    where a name ends; where that does not give a name per value, only the first value
    is read, and said so."""
    parts = NAME_END.findall(squash(name.text))
    if len(parts) == len(kinds.values) + 1:  # the parent's name, then its sub-indicators'
        kinds.subs = [Cell(p, name.line) for p in parts[1:]]
        return Cell(parts[0], name.line)
    base["issue"] = base["issue"] or (
        f"line {seq_cell.line}: indicator {base['seq']} prints {len(kinds.values)} values for "
        f"one name; only the first ({squash(kinds.values[0].text)!r}) is read"
    )
    return name


def _sub_rows(name: Cell, kinds: _Kinds, region: str | None, base: dict[str, Any]) -> list[Row]:
    """One row per sub-indicator: its own unit and value where each prints one, else the
    row's (the value merged from the first)."""
    rows = []
    subs, values = kinds.subs, kinds.values
    for k, sub in enumerate(subs):
        unit = kinds.units[k].text if len(kinds.units) == len(subs) else kinds.unit
        standard = values[k] if len(values) == len(subs) else (values[0] if values else None)
        row = Row(
            name=sub,
            parent_name=parent_name(name.text),
            sub_index=k + 1,
            region=region,
            unit=None if unit in {"/", "-"} else unit,
            cells={"standard": standard} if standard is not None else {},
            **base,
        )
        if len(values) != len(subs) and k > 0 and standard is not None:
            row.inherited.add("standard")
        rows.append(row)
    return rows
