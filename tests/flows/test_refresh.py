"""End to end: the refresh flow on the five documents, then the published marts."""

from __future__ import annotations

import re
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
        """select value_raw, value_num, period_year, compliance_reported_raw, source_file, source_line
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
        select framework_id, compliance_reported_raw, count(distinct indicator_seq)
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
                        and district_id = '360700'""",
    )
    assert row == ("360700", 76.0, ">=", "%", 2025, "003_751d992d25fed4b5.txt", 15)


def test_dimensions_and_task_units(published):
    _, con = published
    assert one(con, "select count(*) from marts.dim_district where n_documents > 0") == (4,)
    assert one(con, "select doc_number from marts.dim_document where district_id = '321202'") == (
        "泰海政办发〔2018〕26号",
    )
    units = one(
        con, "select lead_units from marts.fct_tasks where district_id = '360700' and task_no = 7"
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
    assert Path(summary["quality_report"]).is_file()


def test_a_word_file_and_a_web_page_publish_the_rows_of_their_text(harness, tmp_path, published):
    """001 as the office's .docx, 004 as its web page and 002 as a PDF, beside the other two
    .txt: the refresh publishes the same indicator values and tasks, each with where it
    stands in the file."""
    import duckdb

    from ecobench.ingest.text import read_document
    from flows.refresh import refresh
    from tests.conftest import copy_sources
    from tests.ingest.test_formats import as_docx, as_html, as_pdf

    _, con = published
    folder = copy_sources(tmp_path / "sources")
    plan, hailing = next(folder.glob("001_*.txt")), next(folder.glob("004_*.txt"))
    points = next(folder.glob("002_*.txt"))
    plan.with_suffix(".docx").write_bytes(as_docx(read_document(plan)))
    hailing.with_suffix(".html").write_bytes(as_html(read_document(hailing)))
    points.with_suffix(".pdf").write_bytes(as_pdf(read_document(points), tmp_path))
    for path in (plan, hailing, points):
        path.unlink()
    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    summary = refresh(folder, warehouse)
    assert summary["status"] == "published" and summary["documents"] == 5

    def table_values(connection, suffix):
        return connection.execute(
            """select district_id, framework_id, indicator_seq, sub_index, measure,
                   period_year, value_num, compliance_reported
               from marts.fct_indicator_values
               where table_label is not null and source_file like ? order by all""",
            [f"%{suffix}"],
        ).fetchall()

    with duckdb.connect(str(warehouse), read_only=True) as new:
        for original, delivered in (
            ("001_9aafbe1b25c6edef.txt", ".docx"),
            ("004_5cd34f5e60c984d6.txt", ".html"),
        ):
            assert table_values(new, delivered) == table_values(con, original)
        located = new.execute(
            """select source_location from marts.fct_indicator_values
               where source_file like '%.docx' and indicator_seq = '2' and measure = 'status'
                 and table_label = '表3-1'"""
        ).fetchall()
        assert located == [("table 1, row 3, column 7",)]  # 表3-1: the Word file's first table

        def tasks(connection, suffix):
            return connection.execute(
                """select task_no, task_title_zh, responsible_units, source_location
                   from marts.fct_tasks where source_file like ? order by task_no""",
                [f"%{suffix}"],
            ).fetchall()

        for original, delivered, where in (
            ("004_5cd34f5e60c984d6.txt", ".html", r"paragraph \d+"),
            ("002_8eab6a397703d7d4.txt", ".pdf", r"page \d+, line \d+"),
        ):
            given, printed = tasks(new, delivered), tasks(con, original)
            assert [t[:3] for t in given] == [t[:3] for t in printed] and len(given) >= 30
            assert all(re.fullmatch(where, t[3]) for t in given)
            assert {t[3] for t in printed} == {None}  # a .txt's location is its line

        # a finding on the Word file's table cites the cell, in the mart and in the report,
        # and the list's indicator it fails (version and seq)
        cited = new.execute(
            """select a_source_file, a_source_location, b_reference
               from marts.rpt_findings
               where a_source_file like '%.docx' and finding_kind = 'binding_not_met'"""
        ).fetchall()
        assert cited and all(
            re.fullmatch(r"table \d+, row \d+, column \d+", a)
            and re.fullmatch(r"(JX|R21|H17) \d+(\.\d+)?", b)
            for _, a, b in cited
        )
    report = (tmp_path / "reports" / "exports" / "report.html").read_text(encoding="utf-8")
    assert f"{cited[0][0]}, {cited[0][1]}" in report
