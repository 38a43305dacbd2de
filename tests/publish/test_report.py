"""The offline report and the quality page as a reader sees them, rendered by headless
Chromium with its network log kept; the exports; the dbt docs offline."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from tests.conftest import one
from tests.publish.browser import browse, sections

pytestmark = pytest.mark.slow


def exports_of(published) -> Path:
    summary, _ = published
    return Path(summary["exports"]["report"]).parent


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report(published):
    """The report as headless Chromium renders it: its sections' text, the page requests
    that would leave the machine, and the page source."""
    page = exports_of(published) / "report.html"
    dom, remote = browse(page.as_uri())
    return sections(dom), remote, page.read_text(encoding="utf-8")


def test_the_report_opens_offline_with_its_time_links_and_print_style(published, report):
    parts, remote, page = report
    assert remote == []  # nothing fetched: no CDN, no font, no script
    assert {"overview", "rankings", "concepts", "quality"} <= parts.keys()
    assert re.search(r"生成时间（北京时间）Generated at \d{4}-\d\d-\d\d \d\d:\d\d", page)
    assert "@media print" in page
    exports = exports_of(published)
    links = re.findall(r"<header>.*?</header>", page, re.DOTALL)[0]
    targets = re.findall(r'href="([^"#]+)"', links)
    assert {
        "ecobench.xlsx",
        "quality.html",
        "methodology.html",
        "parquet.html",
        "dbt_docs/index.html",
    } <= set(targets)
    for target in targets:
        assert (exports / target).exists(), target


def test_the_report_says_something_about_every_district(report):
    """A district with only targets gets them against each framework's standard, with the
    ambition and the line; one whose targets match no framework indicator gets them listed;
    every district its coverage of each framework."""
    parts, *_ = report
    for district in ("360113", "321202", "360700", "360202"):
        text = parts[f"district-{district}"]
        assert "覆盖 coverage" in text and "审查发现 Findings" in text, district
    honggutan = flat(parts["district-360113"])
    # 表3-1 prints a verdict for each of its 29 indicators, the Jiangxi list's 29
    assert "表中填报达标情况29项，其中达标22项" in honggutan
    assert "22of29printedverdictsmet；表列29项，体系共29项" in honggutan
    # Hailing's plan (004 附件2) against the national trial list: 21 targets meet it
    hailing = flat(parts["district-321202"])
    assert "国家生态文明建设示范市、县指标（试行）：达标21·无法评价2" in hailing
    # its forest-cover target under the trial list's plain-area standard; Jiangxi's list
    # does not apply to it, and the revised list's 林草覆盖率 is another measure
    assert "森林覆盖率（林草覆盖率）≥18%2018平原地区:≥18达标" in hailing
    assert "森林覆盖率（林草覆盖率）≥18%2018平原区:>18无法评价" in hailing
    ganzhou = flat(parts["district-360700"])
    assert "湿地保护率62%以上2025≥52达标+10.0" in ganzhou
    # Changjiang's work points: twelve works quantities, no framework indicator among them
    changjiang = parts["district-360202"]
    assert "DN220污水支管 11640米 2022 002_" in changjiang
    assert changjiang.count(".txt:38") >= 10


def test_the_report_puts_machine_text_in_chinese_and_values_in_the_heat_map(report):
    parts, *_ = report
    rankings = parts["rankings"]
    assert (
        "数据不足：覆盖率 42% 低于 80%" in rankings  # rpt_district_ranking.rank_note_zh
    )
    concepts = parts["concepts"]
    assert "海陵区 赣州市 红谷滩区 昌江区" in concepts  # names, not ids
    assert "湿地保护率 C18 % 17.28（2022）" in concepts  # the value, not a colour alone
    quality = parts["quality"]
    assert "项检查" in quality and "expect_" not in quality  # words, not GX calls


def test_the_quality_page_and_the_dbt_docs_render_offline(published):
    exports = exports_of(published)
    dom, remote = browse((exports / "quality.html").as_uri())
    assert remote == []
    page = sections(dom)
    assert re.search(r"做了 \d+ 项检查", page["summary"])
    # the published run parsed the five documents: their checks, then the marts'
    assert {"stage-document", "stage-marts", "quarantine", "runs"} <= page.keys()
    assert "every row is a district's" in page["stage-document"]
    docs = (exports / "dbt_docs" / "index.html").as_uri()
    dom, remote = browse(f"{docs}#!/model/model.ecobench.rpt_district_ranking")
    assert remote == []
    # rendered by the page's own scripts (Angular binds the model's name and description)
    assert 'ng-binding">rpt_district_ranking' in dom and "区县排名" in dom


def test_every_published_table_is_exported(published, keys):
    _, con = published
    exports = exports_of(published)
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    ]
    assert len(tables) >= 20
    index = (exports / "parquet.html").read_text(encoding="utf-8")
    for table in tables:
        if table in keys:  # a dataset: buckets of districts, or years (none without submissions)
            assert (exports / table).is_dir() and f'href="{table}/"' in index, table
            assert not (exports / f"{table}.parquet").exists(), table
        else:
            assert (exports / f"{table}.parquet").is_file(), table
    assert {"fct_indicator_scores", "rpt_progress", "fct_submitted_values"} <= keys.keys()
    ranking = duckdb.sql(
        f"select count(*) from '{exports / 'rpt_district_ranking.parquet'}'"
    ).fetchall()
    # districts x the lists that apply to each (Jiangxi's not to Hailing, in Jiangsu) x (6
    # domains + overall) x bases
    assert ranking == [((4 * 3 - 1) * 7 * 2,)]


def test_a_table_too_large_to_read_in_a_sheet_points_to_its_parquet(
    published, tmp_path, monkeypatch
):
    # counted in cells: the findings (few rows, many columns) pass a limit set between
    # their cells and those of the indicator values
    from ecobench.publish import workbook

    _, con = published
    (path,) = con.execute("select path from duckdb_databases() where not internal").fetchone()

    def cells(table):
        n = one(con, f"select count(*) from marts.{table}")[0]
        return n * len(con.execute(f"select * from marts.{table} limit 0").description)

    # a limit every column of the findings fits under, and the values' shown columns do not
    n_values = one(con, "select count(*) from marts.fct_indicator_values")[0]
    assert cells("rpt_findings") < n_values * 20
    monkeypatch.setattr(workbook.sheets, "EXCEL_MAX_CELLS", cells("rpt_findings"))
    book = load_workbook(workbook.write_workbook_of(Path(path), tmp_path / "w.xlsx"))
    values = book[workbook.SHEETS["fct_indicator_values"][0]]
    assert values["A1"].value.startswith(f"{n_values:,} 行，超出工作表可读范围")
    assert values.max_row == 1
    findings = book[workbook.SHEETS["rpt_findings"][0]]
    assert findings.max_row == one(con, "select count(*) from marts.rpt_findings")[0] + 2


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
        "区县（行政区划代码）",
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
