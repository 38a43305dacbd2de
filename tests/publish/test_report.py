"""The offline report as a reader sees it, rendered by headless Chromium; the exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from ecobench.publish.exports import PARTITIONED

pytestmark = pytest.mark.slow


def exports_of(published) -> Path:
    summary, _ = published
    return Path(summary["exports"]["report"]).parent


def rendered_sections(report: Path) -> dict[str, str]:
    """The text of each section of the page as headless Chromium renders it."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (make test installs it)"
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return {
        anchor: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
        for anchor, body in re.findall(r'<section id="([^"]+)">(.*?)</section>', dom, re.DOTALL)
    }


def test_the_report_works_offline_and_shows_what_a_reader_needs(published):
    report = exports_of(published) / "report.html"
    page = report.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # nothing to fetch
    sections = rendered_sections(report)
    assert {"overview", "rankings", "concepts", "quality"} <= sections.keys()
    for district in (
        "昌江区 Changjiang District",
        "赣州市 Ganzhou City",
        "海陵区 Hailing District",
        "红谷滩区 Honggutan District",
    ):
        assert district in sections["rankings"]
    honggutan = sections["district-honggutan"]
    assert "江西省级 Jiangxi provincial : 22 of 29 indicators met" in honggutan
    assert "29 项指标中达标 22 项" in honggutan


def test_every_published_table_is_exported(published):
    _, con = published
    exports = exports_of(published)
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    ]
    assert len(tables) >= 20
    for table in tables:
        if table in PARTITIONED:  # a dataset, one file per year (none without submissions)
            assert (exports / table / "_fingerprints.json").is_file(), table
        else:
            assert (exports / f"{table}.parquet").is_file(), table
    ranking = duckdb.sql(
        f"select count(*) from '{exports / 'rpt_district_ranking.parquet'}'"
    ).fetchall()
    assert ranking == [(4 * 3 * 7 * 2,)]  # districts x frameworks x (6 domains + overall) x bases


def test_the_workbook_reads_as_a_publication(published):
    """Opened as a person opens it: a guide first, the ranking next, Chinese sheet names in
    reading order, every column labelled, names beside ids, filters, frozen headers, the
    ranking ready to print."""
    _, con = published
    book = load_workbook(exports_of(published) / "ecobench.xlsx", read_only=False)
    assert book.sheetnames[:6] == ["说明", "排名", "对标", "达标情况", "发现问题", "指标值"]
    tables = {
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    assert len(book.sheetnames) == len(tables) + 1  # every table, and the guide
    guide = [" ".join(str(c) for c in row if c) for row in book["说明"].iter_rows(values_only=True)]
    run_id = con.execute(
        "select run_id from marts.pipeline_runs order by started_at desc limit 1"
    ).fetchone()[0]
    assert any(run_id in line for line in guide)
    assert any(line.startswith("生成时间（北京时间）") for line in guide)
    assert any("江西省省级生态市县建设指标" in line for line in guide)
    assert any(line.startswith("排名 各区县") for line in guide)
    for name in book.sheetnames[1:]:
        sheet = book[name]
        labels = [cell.value for cell in sheet[1]]
        if sheet.max_row > 2:
            assert all(labels), (name, labels)  # every column has a Chinese label
            assert sheet.freeze_panes in ("A3", "B3") and sheet.auto_filter.ref, name
    ranking = book["排名"]
    columns = [cell.value for cell in ranking[2]]
    assert columns[:4] == ["district_id", "district_name", "framework_id", "framework_name"]
    assert [cell.value for cell in ranking[1]][:4] == [
        "区县",
        "区县名称",
        "指标体系",
        "指标体系名称",
    ]
    names = {row[1] for row in ranking.iter_rows(min_row=3, values_only=True)}
    assert names == {"红谷滩区", "海陵区", "昌江区", "赣州市"}
    assert ranking.page_setup.orientation == "landscape" and ranking.print_title_rows == "$1:$2"
    # a column wide enough for its Chinese text (two columns a character)
    compliance = book["达标情况"]
    width = compliance.column_dimensions["D"].width
    assert width >= 2 * len("国家生态文明建设示范区建设指标（修订版）")


def test_dbt_docs_are_generated_for_analysts(published):
    docs = exports_of(published) / "dbt_docs"
    assert (docs / "index.html").is_file()
    catalog = json.loads((docs / "catalog.json").read_text())
    assert "model.ecobench.rpt_district_ranking" in catalog["nodes"]


def test_every_mart_table_opens_in_duckdb_1x_with_its_comments(published, tmp_path):
    """The warehouse is DuckDB 2.0 storage; DBeaver, R and the 1.x CLI read the copy. Read
    here by DuckDB 1.4 itself, installed beside the project."""
    _, con = published
    venv = tmp_path / "duckdb1"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "duckdb==1.4.2"], check=True, timeout=600
    )
    copy = exports_of(published) / "ecobench_duckdb1.duckdb"
    script = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.sql("select table_name from duckdb_tables() where schema_name = 'marts' order by 1")
comment = con.sql(
    "select comment from duckdb_columns() "
    "where table_name = 'rpt_district_ranking' and column_name = 'rank'"
)
print(json.dumps([duckdb.__version__, tables.fetchall(), comment.fetchall()]))
"""
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", script, str(copy)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    version, tables, comment = json.loads(out)
    assert version.startswith("1.4")
    published_tables = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
    ).fetchall()
    assert [t for (t,) in tables] == [t for (t,) in published_tables]
    assert "名次" in comment[0][0]


def test_every_mart_table_and_column_carries_its_description_in_duckdb(published):
    """persist_docs: an analyst's `describe` or DBeaver shows what each column means."""
    _, con = published
    undescribed = con.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where schema_name = 'marts' and coalesce(comment, '') = '' "
        "union all select table_name from duckdb_tables() "
        "where schema_name = 'marts' and coalesce(comment, '') = ''"
    ).fetchall()
    assert undescribed == []
