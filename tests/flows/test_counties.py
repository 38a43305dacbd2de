"""End to end: the five documents plus the county plans of tests/fixtures/counties/ (built in
the style of real plans, README there) through the refresh, with a district's EQI
submitted as levels: every file publishes, every row is under its concept or listed as
unmapped, and no verdict judges a level against a change or a change against a level."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from tests.conftest import copy_sources, one
from tests.ingest.test_counties import COUNTIES, FILES

pytestmark = pytest.mark.slow

EQI_LEVELS = (
    "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注,填报日期\n"
    "honggutan,national_revised,9,生态质量指数（EQI）,,46.5,2023,,2025-03-01\n"
    "honggutan,national_revised,9,生态质量指数（EQI）,,47.0,2024,,2025-03-01\n"
)


@pytest.fixture(scope="module")
def county_run(tmp_path_factory, harness):
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("counties")
    sources = copy_sources(root / "sources")
    for name in FILES:
        shutil.copy(COUNTIES / name, sources / name)
    submissions = root / "submissions"
    submissions.mkdir()
    (submissions / "honggutan_eqi.csv").write_text(EQI_LEVELS, encoding="utf-8")
    warehouse = root / "warehouse" / "ecobench.duckdb"
    summary = refresh(sources, warehouse, 0.0, submissions)
    con = duckdb.connect(str(warehouse), read_only=True)
    yield summary, con
    con.close()


def test_every_county_document_publishes_beside_the_five(county_run):
    summary, _ = county_run
    assert summary["documents"] == 5 + len(FILES)
    assert summary["quarantined"] == {}


def test_a_row_with_no_concept_is_listed_as_unmapped_with_its_line(county_run):
    _, con = county_run
    labelled_none = {
        (label["file"], label["name_printed"])
        for label in csv.DictReader((COUNTIES / "labels.csv").open(encoding="utf-8"))
        if label["concept_id"] == "none"
    }
    unmapped = set(
        con.execute("select source_file, indicator_name_zh from marts.rpt_unmapped_rows").fetchall()
    )
    assert labelled_none <= unmapped
    assert one(
        con,
        """select count(*) from marts.fct_indicator_values
           where table_label is not null and concept_id is null and mapped_by not in ('none', 'weak')""",
    ) == (0,)


def test_a_level_is_never_judged_against_a_change_in_the_documents(county_run):
    """武夷山 prints its EQI, 80.3, under the standard ΔEQI≥-1 (and 达标): the index itself,
    not a change; 磐安 prints 68.2 as its status with ΔEQI≥-1 as its targets."""
    _, con = county_run
    level_under_change = con.execute(
        """select distinct source_file, verdict, reason_en from marts.rpt_cross_framework
           where concept_id = 'C15' and measure = 'status' and evaluated_version_id = 'R21'
             and source_file in ('wuyishan_2022_plan_table.txt', 'panan_2022_plan_table.txt')
           order by source_file"""
    ).fetchall()
    assert level_under_change == [
        (name, "not_evaluable", "the standard ΔEQI≥-1 is a change; the value is a level")
        for name in ("panan_2022_plan_table.txt", "wuyishan_2022_plan_table.txt")
    ]
    # Jiangxi's list (EQI ≥70, a level) does not apply to 磐安 (Zhejiang): its ΔEQI target
    # meets the revised national standard, a change; the trial list rates EI, another index
    targets = con.execute(
        """select distinct evaluated_version_id, verdict from marts.rpt_cross_framework
           where source_file = 'panan_2022_plan_table.txt' and concept_id = 'C15'
             and measure = 'target' and value_definition_id = 'EQI' order by 1"""
    ).fetchall()
    assert targets == [("H17", "not_evaluable"), ("R21", "met")]
    # no comparison that reached a verdict put a level against a change
    assert one(
        con,
        """select count(*) from intermediate.int_comparisons_evaluated as evaluated
           join intermediate.int_comparisons_paired as pairs using (comparison_id)
           join intermediate.int_expressions_parsed as parts on parts.expr_raw = pairs.standard_raw
           where evaluated.verdict in ('met', 'not_met') and parts.kind in ('numeric', 'range')
             and (parts.is_change or pairs.standard_is_change) <> pairs.value_is_change
             and parts.region_key is null""",
    ) == (0,)


def test_a_submitted_level_is_judged_against_a_change_standard_by_its_change(county_run):
    """Honggutan submits EQI 46.5 for 2023 and 47.0 for 2024 under the revised national
    list, whose standard is ΔEQI≥-1: the change, 0.5, is judged, with both rows' lineage;
    the provincial list's ≥70 judges the level."""
    _, con = county_run
    rows = {
        version: rest
        for version, *rest in con.execute(
            """select version_id, verdict, reason_en, standard_kind, base_period_year, base_source_line
               from marts.fct_submission_verdicts
               where district_id = '360113' and concept_id = 'C15'"""
        ).fetchall()
    }
    assert rows["R21"] == [
        "met",
        "47.0 (2024) - 46.5 (2023) = 0.5 satisfies ΔEQI≥-1",
        "change",
        2023,
        2,
    ]
    assert rows["JX"][:3] == ["not_met", "47.0 does not satisfy ≥70", "level"]
    assert one(
        con,
        """select count(*) from marts.fct_submission_verdicts
           where standard_kind = 'change' and verdict in ('met', 'not_met')
             and base_period_year is null""",
    ) == (0,)


def test_a_table_that_prints_no_verdict_says_so_with_the_computed_figure(county_run):
    _, con = county_run
    # 磐安县's table prints statuses and no 达标情况 column: nothing printed is "0 met"
    printed, listed, computed_met = one(
        con,
        """select reported.n_printed, computed.n_indicators, computed.n_met
           from marts.rpt_compliance_summary as reported
           join marts.rpt_compliance_summary as computed using (district_id, document_id, table_label)
           where reported.district_id = '330727' and reported.basis = 'reported'
             and computed.basis = 'computed'""",
    )
    assert printed == 0 and listed > 0 and computed_met > 0
    assert one(
        con,
        "select compliance_reported_en, compliance_reported_zh from marts.rpt_district_profile "
        "where district_id = '330727'",
    ) == (
        f"national revised list no verdict printed (computed {computed_met}/{listed} met)",
        f"国家修订版指标：文件未载明达标情况（按标准计算 {listed} 项中达标 {computed_met} 项）",
    )
