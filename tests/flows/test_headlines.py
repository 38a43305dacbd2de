"""Every headline figure the office reads first (the report's overview, the workbook's
区县概况, the Evidence pages' profile) is a count over the rows of one mart, checked here
against those rows after a refresh of the five documents and the example submissions
(tests/flows/conftest.py)."""

from __future__ import annotations

import html
import re

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(examples_run):
    return examples_run


def profile(con) -> dict[str, dict]:
    cursor = con.execute("select * from marts.rpt_district_profile")
    names = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_binding_failures_count_distinct_indicators_per_framework_from_documents_and_submissions(
    run,
):
    con, _ = run
    # Hailing's own 2024 CSV: sewage 74.5 against ≥85, the emergency mechanism 未达标
    assert con.execute(
        """select framework_seq, value_raw, standard_raw, source_kind, source_file, source_line
           from marts.rpt_binding_failures
           where district_id = '321202' and framework_id = 'national_revised' order by all"""
    ).fetchall() == [
        ("14", "未达标", "建立", "submission", "hailing_2021_2024.csv", 10),
        ("25", "74.5", "≥85", "submission", "hailing_2021_2024.csv", 5),
    ]
    counted = dict(
        con.execute(
            "select district_id, count(*) from marts.rpt_binding_failures group by all"
        ).fetchall()
    )
    for district, row in profile(con).items():
        assert row["n_not_met_binding"] == counted.get(district, 0), district
    by_framework = con.execute(
        """select string_agg(texts.zh || ' ' || n || ' 项', '；' order by framework_id)
           from (select framework_id, count(*) as n from marts.rpt_binding_failures
                 where district_id = '321202' group by all)
           join marts.dim_text as texts on texts.domain = 'term' and texts.code = framework_id"""
    ).fetchone()[0]
    assert profile(con)["321202"]["n_not_met_binding_by_framework_zh"] == by_framework
    assert by_framework.startswith("国家修订版指标 2 项")
    assert profile(con)["321202"]["n_not_met_binding_by_framework_en"].startswith(
        "national revised list 2"
    )
    # listed in the findings, in Chinese, with their sources
    texts = con.execute(
        """select summary_zh, detail_zh from marts.rpt_findings
           where finding_kind = 'binding_not_met' and district_id = '321202'
           order by all"""
    ).fetchall()
    assert len(texts) == 3
    assert texts[0] == (
        "约束性指标未达标（国家修订版指标，填报）",
        "城镇污水处理率：74.5 不满足 ≥85",
    )
    # each once per framework: no indicator counted twice under one list
    assert con.execute(
        """select count(*) from (select district_id, framework_id, framework_seq
           from marts.rpt_binding_failures group by all having count(*) > 1)"""
    ).fetchone() == (0,)


def test_targets_below_standard_come_from_one_mart_under_every_list_that_applies(run):
    con, _ = run
    # Ganzhou's plan cites no list; its 农村生活污水 40%左右 and 秸秆 93%以上 fail two
    assert con.execute(
        """select framework_id, concept_name_zh, target_raw, standard_raw
           from marts.rpt_target_ambition where district_id = '360700' and verdict = 'not_met'
           order by all"""
    ).fetchall() == [
        ("national_revised", "农村生活污水治理率", "40%左右", "≥50"),
        ("national_trial", "秸秆综合利用率", "93%以上", "≥95"),
    ]
    below = dict(
        con.execute(
            "select district_id, count(*) from marts.rpt_target_ambition "
            "where verdict = 'not_met' group by all"
        ).fetchall()
    )
    findings = dict(
        con.execute(
            "select district_id, count(*) from marts.rpt_findings "
            "where finding_kind = 'target_below_standard' group by all"
        ).fetchall()
    )
    for district, row in profile(con).items():
        assert (
            row["n_targets_below_standard"] == below.get(district, 0) == findings.get(district, 0)
        ), district
    assert below["360700"] == 2


def test_reported_compliance_is_printed_verdicts_met_of_printed(run):
    con, _ = run
    assert profile(con)["360113"]["compliance_reported_en"] == (
        "Jiangxi provincial list 22/29 printed met; national revised list 31/35 printed met"
    )
    assert profile(con)["360113"]["compliance_reported_zh"] == (
        "江西省级指标：文件载明 29 项，其中达标 22 项；国家修订版指标：文件载明 35 项，其中达标 31 项"
    )
    for _framework, met, printed, listed, of_framework in con.execute(
        """select framework_id, n_met, n_printed, n_indicators, n_framework_indicators
           from marts.rpt_compliance_summary
           where district_id = '360113' and basis = 'reported' order by framework_id"""
    ).fetchall():
        assert f"{met}/{printed} printed met" in profile(con)["360113"]["compliance_reported_en"]
        # the table lists as many indicators as the framework has, counted the same way
        assert listed == of_framework


def test_coverage_and_compliance_count_the_same_indicators_per_framework(run):
    con, _ = run
    pairs = con.execute(
        """select distinct compliance.framework_id, compliance.n_framework_indicators,
                  ranking.n_indicators
           from marts.rpt_compliance_summary as compliance
           join marts.rpt_district_ranking as ranking
             on ranking.framework_id = compliance.framework_id and ranking.domain = 'overall'"""
    ).fetchall()
    assert pairs and all(a == b for _, a, b in pairs), pairs
    # the revised list's 35 indicators, seq 15 in two parts, count 35 on both sides
    assert ("national_revised", 35, 35) in pairs


def test_progress_shares_print_their_denominator_and_hide_no_binding_failure(run):
    con, _ = run
    cursor = con.execute("select * from marts.rpt_progress_summary")
    names = [c[0] for c in cursor.description]
    for values in cursor.fetchall():
        r = dict(zip(names, values, strict=True))
        classes = ("on_track", "moderately_improving", "stagnating", "decreasing")
        counted = sum(r[f"n_{c}"] for c in (*classes, "off_track_now", "insufficient_data"))
        assert (
            counted == r["n_targets"]
            and r["n_classed"] == r["n_targets"] - r["n_insufficient_data"]
        )
        if r["n_classed"]:
            assert r["share_on_track"] == round(r["n_on_track"] / r["n_classed"], 3)
        assert r["n_indicators"] <= r["n_targets"]
    # Honggutan's 16% against ≥20 (binding, one status) is off track now, not unknown
    assert con.execute(
        """select latest_raw, progress_class from marts.rpt_progress
           where district_id = '360113' and framework_id = 'jiangxi_provincial'
             and is_binding and concept_name_zh like '生态文明建设工作占%'"""
    ).fetchall() == [("16", "off_track_now")]
    assert con.execute(
        """select count(*) from marts.rpt_progress
           where is_binding and progress_class = 'insufficient_data'
             and latest_value is not null and target_value is not null
             and sign(latest_value - target_value) = case direction when 'lower' then 1 else -1 end"""
    ).fetchone() == (0,)


def overview_rows(exports) -> dict[str, list[str]]:
    """The report's overview table, row by district id: its cells as text."""
    page = (exports / "report.html").read_text(encoding="utf-8")
    table = page[page.index("约束性未达标 Binding not met") :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL):
        link = re.search(r'href="#district-([^"]+)"', row)
        if link:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
            rows[link[1]] = [html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in cells]
    return rows


def test_the_overview_and_the_workbook_show_the_marts_figures(run):
    con, exports = run
    marts = profile(con)
    shown = overview_rows(exports)
    assert set(shown) == set(marts)
    for district, cells in shown.items():
        row = marts[district]
        binding, conflicts, below = cells[5], cells[6], cells[7]
        assert binding[0] == str(row["n_not_met_binding"])
        assert " ".join(binding[1:]) == " ".join(
            (row["n_not_met_binding_by_framework_zh"] or "").split()
        )
        assert conflicts == [str(row["n_source_conflicts"])]
        assert below == [str(row["n_targets_below_standard"])]
    assert shown["321202"][5][:4] == ["3", "国家修订版指标", "2", "项；国家试行指标"]
    sheet = load_workbook(exports / "ecobench.xlsx", read_only=True)["区县概况"]
    table = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(table) if r and r[0] == "district_id")
    columns = table[header]
    for values in table[header + 1 :]:
        if values and values[0] in marts:
            got = dict(zip(columns, values, strict=False))
            for column in (
                "n_not_met_binding",
                "n_targets_below_standard",
                "compliance_reported_zh",
            ):
                assert got[column] == marts[values[0]][column], (values[0], column)
