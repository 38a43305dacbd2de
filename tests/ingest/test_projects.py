"""Honggutan's key projects (001 附表)."""

from __future__ import annotations

from ecobench.ingest.projects import read_projects


def test_every_project_with_domain_period_and_amount(source):
    projects = {p.project_no: p for p in read_projects(source("001"))}
    assert sorted(projects) == list(range(1, 63))
    first = projects[1]
    assert first.project_name == "红谷滩区雨污管网及污水处理综合改造工程"
    assert (first.domain_zh, first.start_period, first.end_period) == (
        "生态安全",
        "2022-07",
        "2024-12",
    )
    assert (first.investment_raw, first.investment_wan_yuan, first.owner_unit) == (
        "99875",
        99875.0,
        "区城管执法局",
    )
    assert projects[62].domain_zh == "生态文化"


def test_amount_that_is_not_a_number_stays_text(source):
    projects = {p.project_no: p for p in read_projects(source("001"))}
    assert (projects[56].investment_raw, projects[56].investment_wan_yuan) == (
        "节能效益款的88%",
        None,
    )
    assert (projects[12].investment_raw, projects[12].investment_wan_yuan) == ("待定", None)
    assert projects[10].end_period == "2026-09"  # printed 2024.10-2026-9


def test_a_damaged_project_row_is_kept_and_named(source):
    from ecobench.ingest.tables import Issue
    from ecobench.ingest.text import document_from_text

    plan = source("001")
    lines = [line.text for line in plan.lines]
    first = next(p for p in read_projects(plan) if p.project_no == 1)
    at = first.source_line  # the first cell of project 1; drop its name cell
    damaged = document_from_text("\n".join(lines[:at] + lines[at + 1 :]), plan.source_file)
    issues: list[Issue] = []
    projects = read_projects(damaged, issues)
    assert len(projects) == len(read_projects(plan)) == 62
    assert [i.message for i in issues] == [
        f"line {at}: project row has 5 cells where the header has 6; cells read by position"
    ]
