"""End to end: the refresh flow on the five documents, then the published marts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import one

pytestmark = pytest.mark.slow


def test_flow_lands_every_table(published):
    summary, _ = published
    assert summary["documents"] == 5
    assert summary["rows"]["tasks"] == 128  # 30 + 30 + 31 + 37 numbered tasks
    assert summary["rows"]["projects"] == 62


def test_eqi_status_is_2021_data(published):
    _, con = published
    row = one(
        con,
        """select value_raw, value_num, period_year, compliance_reported, source_file, source_line
                      from marts.fct_indicator_values
                      where framework_id = 'jiangxi_provincial' and indicator_seq = '9' and measure = 'status'""",
    )
    assert row == ("46.48", 46.48, 2021, "不达标", "001_9aafbe1b25c6edef.txt", 339)


def test_non_numeric_status_has_null_number(published):
    _, con = published
    row = one(
        con,
        """select value_raw, value_num from marts.fct_indicator_values
                      where indicator_name_zh = '绿色有机农产品基地面积比例' and measure = 'status'""",
    )
    assert row == ("无数据，今年开展申报", None)


def test_table_indicator_counts(published):
    _, con = published
    counts = dict(
        con.execute("""select table_label, count(distinct indicator_seq)
                                 from marts.fct_indicator_values where table_label is not null
                                 group by all""").fetchall()
    )
    assert counts == {"表3-1": 29, "表3-2": 35, "附件2": 37}


def test_reported_verdicts_match_the_plans_attainability_analysis(published):
    """001 可达性分析: provincial 22 met / 7 not met; national 31 / 4 (top-level indicators)."""
    _, con = published
    rows = con.execute("""
        select framework_id, compliance_reported, count(distinct indicator_seq)
        from marts.fct_indicator_values where measure = 'status' group by all order by all""").fetchall()
    assert rows == [
        ("jiangxi_provincial", "不达标", 7),
        ("jiangxi_provincial", "达标", 22),
        ("national_revised", "不达标", 4),
        ("national_revised", "达标", 31),
    ]


def test_running_text_targets_land_with_their_lines(published):
    _, con = published
    row = one(
        con,
        """select district_id, value_num, comparator, unit, period_year, source_file, source_line
                      from marts.fct_indicator_values
                      where framework_id = 'local_plan' and indicator_name_zh = '森林覆盖率'
                        and district_id = 'ganzhou'""",
    )
    assert row == ("ganzhou", 76.0, ">=", "%", 2025, "003_751d992d25fed4b5.txt", 15)


def test_dimensions_and_task_units(published):
    _, con = published
    assert one(con, "select count(*) from marts.dim_district where n_documents > 0") == (4,)
    assert one(con, "select doc_number from marts.dim_document where district_id = 'hailing'") == (
        "泰海政办发〔2018〕26号",
    )
    units = one(
        con, "select lead_units from marts.fct_tasks where district_id = 'ganzhou' and task_no = 7"
    )
    assert units == (["市交通运输局", "市发改委"],)


def test_every_table_cell_lands(published):
    """表3-1: 32 value rows (29 indicators, 3 more sub-rows) x standard, status, 2025, 2030;
    表3-2: 43 x 4; 附件2: 41 standards (37 indicators, 4 more sub-rows)."""
    _, con = published
    counts = dict(
        con.execute("""select table_label, count(*) from marts.fct_indicator_values
                                 where table_label is not null group by all""").fetchall()
    )
    assert counts == {"表3-1": 128, "表3-2": 172, "附件2": 41}


def test_every_blocking_expectation_passes_on_the_five_documents(published):
    summary, con = published
    assert summary["status"] == "published" and summary["quarantined"] == {}
    assert one(con, "select count(*) from marts.dq_results where blocking and not success") == (0,)
    warnings = con.execute("""select source_file, suite, sample_rows from marts.dq_results
                              where not success order by source_file""").fetchall()
    # work points published without a 文号; a stray name where Ganzhou's issuing office stands
    assert [(file[:3], suite) for file, suite, _ in warnings] == [
        ("002", "documents"),
        ("003", "documents"),
    ]
    assert "中国足球彩票办公室" in warnings[1][2]
    assert one(
        con,
        """select status, documents_seen, documents_quarantined, rows_published
           from marts.pipeline_runs""",
    ) == ("published", 5, 0, 636)
    assert Path(summary["data_docs"]).is_file()
