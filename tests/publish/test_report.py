"""The offline report as a reader sees it, rendered by headless Chromium; the exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
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


def test_the_workbook_has_a_sheet_per_table_with_both_headers(published):
    book = load_workbook(exports_of(published) / "ecobench.xlsx", read_only=False)
    sheet = book["rpt_compliance_summary"]
    assert sheet.freeze_panes == "A3"
    headers = [cell.value for cell in sheet[1]]
    labels = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert labels["n_met"] == "达标数" and labels["district_id"] == "区县"
    assert len(book.sheetnames) >= 20


def test_dbt_docs_are_generated_for_analysts(published):
    docs = exports_of(published) / "dbt_docs"
    assert (docs / "index.html").is_file()
    catalog = json.loads((docs / "catalog.json").read_text())
    assert "model.ecobench.rpt_district_ranking" in catalog["nodes"]
