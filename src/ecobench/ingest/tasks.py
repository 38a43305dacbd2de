"""Numbered tasks with their responsible, lead and supporting units.

A task is a numbered paragraph (`12.加强生物多样性保护。…`) with a full stop in it, which
tells it apart from a numbered heading of a plan's chapters. Its units come in brackets,
labelled (`（责任单位：区生态环境局）`, `〔牵头单位:…;责任单位:…〕`, `(牵头单位:…;配合单位:…)`)
or not (`(区住建局、区发改委、各乡(镇)街道负责,区直有关单位配合)`).
"""

from __future__ import annotations

import re

from ecobench.ingest.schema import Task
from ecobench.ingest.text import Document, norm

TASK_START = re.compile(r"^\s*(\d{1,2})\s*[.．]\s*(?!\d)(\S.*)$")
SECTION = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")
TOP_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")
OPEN, CLOSE = "（(〔[", "）)〕]"
LABELS = {
    "责任单位": "responsible",
    "责任部门": "responsible",
    "牵头单位": "lead",
    "牵头部门": "lead",
    "配合单位": "supporting",
    "配合部门": "supporting",
}
LABEL = re.compile(rf"^({'|'.join(LABELS)})\s*[:：]\s*")
ORG_END = re.compile(
    r"(局|委|办|部|镇|乡|街道|街办|政府|中心|院|公司|社|单位|集团|园区|处|会|组|室|海关|银行|中支|所|队|分局|妇联|团市委)$"
)


def split_top(text: str, seps: str) -> list[str]:
    """Split on separators that are not inside brackets (`各县(市、区)` stays whole)."""
    parts: list[str] = []
    depth, cur = 0, list[str]()
    for ch in text:
        depth += (ch in OPEN) - (ch in CLOSE)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def bracket_groups(text: str) -> list[str]:
    """The top-level bracketed groups that close a clause (`…。(区林业局负责)`), inner brackets
    kept; a bracket inside running text (`各乡镇(街道)创建`) is not a unit list."""
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0 and text[i + 1 : i + 2] in {"", "。", "；", ";", *CLOSE}:
                groups.append(text[start:i])
    return groups


def _unit_name(item: str) -> str:
    return re.sub(r"(负责|配合)$", "", item.strip())


def parse_units(group: str) -> dict[str, list[str]] | None:
    """Units by role from one bracket group, or None when the group is not a list of units."""
    units: dict[str, list[str]] = {"responsible": [], "lead": [], "supporting": []}
    segments = split_top(group, ";；")
    labelled = [LABEL.match(s) for s in segments]
    if any(labelled):
        for segment, label in zip(segments, labelled, strict=True):
            if label:  # an unlabelled segment beside labelled ones is a remark
                role = LABELS[label.group(1)]
                units[role] += [_unit_name(u) for u in split_top(segment[label.end() :], "、,，")]
        return units
    items = 0
    for clause in split_top(group, ",，"):
        role = "supporting" if clause.endswith("配合") else "responsible"
        names = [_unit_name(u) for u in split_top(clause, "、")]
        items += sum(bool(ORG_END.search(n)) for n in names)
        units[role] += names
    total = sum(len(v) for v in units.values())
    return units if total and items / total >= 0.6 else None


def read_tasks(doc: Document) -> list[Task]:
    tasks: list[Task] = []
    section = None
    for line in doc.lines:
        text = line.clean.strip()
        if SECTION.match(text) and len(text) < 40:
            section = text
        elif TOP_SECTION.match(text):
            section = None
        match = TASK_START.match(text)
        if not match or "。" not in text or len(text) < 20:
            continue
        body = match.group(2)
        units: dict[str, list[str]] = {"responsible": [], "lead": [], "supporting": []}
        raw_groups = []
        for group in bracket_groups(body):
            if parsed := parse_units(norm(group)):
                raw_groups.append(group)
                for role, names in parsed.items():
                    units[role] += names
        tasks.append(
            Task(
                source_file=doc.source_file,
                source_line=line.number,
                task_no=int(match.group(1)),
                task_title=body.split("。")[0],
                task_text=body,
                section_zh=section,
                responsible_units=units["responsible"],
                lead_units=units["lead"],
                supporting_units=units["supporting"],
                units_raw="；".join(raw_groups) or None,
            )
        )
    return tasks
