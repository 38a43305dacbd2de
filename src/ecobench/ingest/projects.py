"""Key projects of a plan's project annex (001 附表 红谷滩区生态文明建设重点工程表).

A tab-led table whose header names 项目名称 and 总投资; one-cell rows (`一、生态安全`) are
the domain headings. An amount that is not a number (`节能效益款的88%`, `待定`) stays text
with a null amount.
"""

from __future__ import annotations

import re

from ecobench.ingest.schema import Project
from ecobench.ingest.tables import Cell, Issue, indent_blocks, join_split_rows, parse_seq
from ecobench.ingest.text import Document, norm, squash

ROLES = (
    ("序号", "no"),
    ("项目名称", "name"),
    ("内容", "content"),
    ("年限", "period"),
    ("投资", "investment"),
    ("单位", "owner"),
)
TO_WAN_YUAN = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}
AMOUNT = re.compile(r"^\d+(?:\.\d+)?$")


def _role(label: str) -> str | None:
    return next((role for needle, role in ROLES if needle in norm(label)), None)


def _periods(period: str) -> tuple[str | None, str | None]:
    """`2022.7-2024.12` -> 2022-07, 2024-12 (also `2024.10-2026-9` as printed)."""
    months = [f"{y}-{int(m):02d}" for y, m in re.findall(r"(\d{4})[.\-](\d{1,2})", norm(period))]
    return (months[0], months[-1]) if months else (None, None)


def read_projects(doc: Document, issues: list[Issue] | None = None) -> list[Project]:
    """The key projects of every project annex; a row that is not as its header says is
    read by position and named in `issues`, a row with no number is named and skipped."""
    projects: list[Project] = []
    issues = [] if issues is None else issues
    for block in indent_blocks(doc):
        roles = [_role(cell.text) for cell in block[0]]
        if "name" not in roles or "investment" not in roles:
            continue
        label = next(c.text for c, r in zip(block[0], roles, strict=True) if r == "investment")
        unit = next((u for u in TO_WAN_YUAN if u in norm(label)), "万元")
        domain = None
        for cells in join_split_rows(block[1:], len(roles)):
            if len(cells) == 1:  # a domain heading: 一、生态安全
                domain = re.sub(r"^[一二三四五六七八九十]+、", "", norm(cells[0].text))
                continue
            line = cells[0].line
            if len(cells) != len(roles):
                issues.append(
                    Issue(
                        line,
                        f"line {line}: project row has {len(cells)} cells where the header "
                        f"has {len(roles)}; cells read by position",
                    )
                )
                cells = (cells + [Cell("", cells[-1].line)] * len(roles))[: len(roles)]
            row = {role: cell for role, cell in zip(roles, cells, strict=True) if role}
            number = parse_seq(row["no"].text) if "no" in row else None
            if number is None:
                issues.append(Issue(line, f"line {line}: project row without a number"))
                continue
            amount = norm(row["investment"].text) if "investment" in row else None
            start, end = _periods(row["period"].text) if "period" in row else (None, None)
            projects.append(
                Project(
                    source_file=doc.source_file,
                    source_line=cells[0].line,
                    project_no=int(number),
                    project_name=squash(row["name"].text),
                    content=row["content"].text if "content" in row else None,
                    period_raw=row["period"].text if "period" in row else None,
                    start_period=start,
                    end_period=end,
                    investment_raw=row["investment"].text if "investment" in row else None,
                    investment_wan_yuan=float(amount) * TO_WAN_YUAN[unit]
                    if amount and AMOUNT.match(amount)
                    else None,
                    owner_unit=row["owner"].text if "owner" in row else None,
                    domain_zh=domain,
                )
            )
    return projects
