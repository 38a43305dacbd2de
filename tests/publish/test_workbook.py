"""The workbook as it is circulated: ecobench.xlsx of the refresh of the five documents and
the example submissions (examples_run), read back with openpyxl as Excel would open it, and
printed by LibreOffice where it is installed. Years read as years, hashes as text, every
sheet prints one page wide on A4 or A3 with its headers and the run, the guide says what
each sheet holds truly, and every column's label is a name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from ecobench.publish import workbook

pytestmark = pytest.mark.slow

POINTS_PER_MM = 72 / 25.4
PAPER_MM = {9: (210, 297), 8: (297, 420)}  # A4, A3: short and long side
BESIDE = {"district_name", "framework_name"}  # names the workbook sets beside the ids


@pytest.fixture(scope="module")
def book(examples_run):
    con, exports = examples_run
    return con, load_workbook(exports / "ecobench.xlsx"), exports


def table_rows(sheet) -> tuple[list[str], list[dict]]:
    """A table sheet's column names (its second row) and its rows as dicts."""
    names = [cell.value for cell in sheet[2]]
    rows = [
        dict(zip(names, values, strict=True))
        for values in sheet.iter_rows(min_row=3, values_only=True)
        if any(value is not None for value in values)
    ]
    return names, rows


def guide_rows(sheet) -> dict[str, tuple[str, int, str]]:
    """说明's list of sheets: sheet -> (what it holds, its count of rows, its table)."""
    rows = list(sheet.iter_rows(values_only=True))
    start = rows.index(("工作表", "内容", "行数", "数据表"))
    return {name: (what, n, table) for name, what, n, table in rows[start + 1 :] if name}


def sheets_of_tables(con) -> dict[str, str]:
    """Each table sheet's name -> its mart."""
    tables = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts'"
    ).fetchall()
    return {workbook.sheet_name(table): table for (table,) in tables}


# --- years and hashes -------------------------------------------------------------------


def test_a_year_is_a_whole_number_shown_without_a_thousands_separator(book):
    """Every integer column named for a year (period_year, target_year, base_period_year,
    first_year…), in every sheet."""
    con, xlsx, _ = book
    years = {
        (table, column)
        for table, column in con.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
            "and data_type in ('SMALLINT', 'INTEGER', 'BIGINT') and column_name like '%year%'"
        ).fetchall()
    }
    checked = Counter()
    for name, table in sheets_of_tables(con).items():
        sheet = xlsx[name]
        for index, cell in enumerate(sheet[2], start=1):
            if (table, cell.value) not in years:
                continue
            for (value,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                if value.value is None:
                    continue
                assert type(value.value) is int and 1949 < value.value < 2101, (name, cell.value)
                assert "," not in value.number_format, (name, cell.value, value.number_format)
                checked[name, cell.value] += 1
    assert {table for table, _ in years} == {
        sheets_of_tables(con)[name] for name, _ in checked
    }  # a year in every sheet that has a year column
    assert checked["进展", "target_year"] and checked["填报达标", "base_period_year"]
    # the years themselves, row by row
    _, rows = table_rows(xlsx["指标值"])
    shown = {(r["value_id"], r["period_year"]) for r in rows}
    assert shown == set(
        con.execute("select value_id, period_year from marts.fct_indicator_values").fetchall()
    )
    assert 2022 in {year for _, year in shown}
    column = list(rows[0]).index("period_year") + 1
    assert xlsx["指标值"].cell(3, column).number_format == "0"  # 2022, never 2,022


def test_a_hash_is_written_as_text_with_all_its_digits(book):
    con, xlsx, _ = book
    hashes = con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
        "and data_type in ('UBIGINT', 'HUGEINT', 'UHUGEINT') order by all"
    ).fetchall()
    # inputs_digest: the UBIGINT hash of each district's inputs, in six marts
    assert sum(column == "inputs_digest" for _, column in hashes) >= 6
    sheets = {table: name for name, table in sheets_of_tables(con).items()}
    digits = []
    for table, column in hashes:
        _, rows = table_rows(xlsx[sheets[table]])
        shown = sorted(row[column] for row in rows)
        assert all(isinstance(value, str) and value.isdigit() for value in shown), table
        stored = con.execute(f"select {column} from marts.{table}").fetchall()
        assert shown == sorted(str(value) for (value,) in stored), table
        digits += shown
    assert any(int(value) > 2**53 for value in digits)  # past what a float holds exactly
    # every id is text too: a district's code, a key
    _, rows = table_rows(xlsx["对标"])
    assert all(isinstance(r["district_id"], str) for r in rows)
    assert {r["district_id"] for r in rows} >= {"360113", "321202"}


# --- printing ---------------------------------------------------------------------------


def printed_width(sheet) -> float:
    """The sheet's columns in points as Excel prints them: a stored width of w is 7w
    pixels, at 96 pixels an inch. (A <col> element may stand for several columns.)"""
    widths = {}
    for dimension in list(sheet.column_dimensions.values()):
        for index in range(dimension.min or 0, (dimension.max or 0) + 1):
            widths[index] = dimension.width
    columns = range(1, sheet.max_column + 1)
    assert all(widths.get(index) for index in columns), (sheet.title, widths)
    return sum(widths[index] * 7 * 0.75 for index in columns)


def printable(sheet, landscape: bool, paper: int) -> float:
    short, long = PAPER_MM[paper]
    margins = (sheet.page_margins.left + sheet.page_margins.right) * 72
    return (long if landscape else short) * POINTS_PER_MM - margins


def test_every_sheet_prints_one_page_wide_within_its_paper(book):
    con, xlsx, _ = book
    (run_id,) = con.execute(
        "select run_id from marts.pipeline_runs where status like 'published%' "
        "order by started_at desc limit 1"
    ).fetchone()
    papers = {}
    for sheet in xlsx.worksheets:
        setup = sheet.page_setup
        paper, landscape = int(setup.paperSize), setup.orientation == "landscape"
        assert paper in PAPER_MM, sheet.title
        # fit to one page wide, as many long: fitToWidth's default in the file format is 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, sheet.title
        assert sheet.print_title_rows == ("$1:$1" if sheet.title == "说明" else "$1:$2")
        header, footer = sheet.oddHeader, sheet.oddFooter
        assert header.left.text == sheet.title and run_id in header.right.text, sheet.title
        assert footer.center.text == "第 &P 页，共 &N 页", sheet.title
        width = printed_width(sheet)
        scale = printable(sheet, landscape, paper) / width
        assert scale >= 0.10, sheet.title  # Excel prints no smaller: it would spill across
        a4_upright, a4_across = printable(sheet, False, 9), printable(sheet, True, 9)
        if paper == 9 and not landscape:
            assert width <= a4_upright, sheet.title  # at full size
        elif paper == 9:
            assert width > a4_upright and a4_across / width >= workbook.LEGIBLE, sheet.title
        else:  # A3 only for a sheet A4 would print smaller than legible
            assert landscape and a4_across / width < workbook.LEGIBLE, sheet.title
        papers[sheet.title] = (paper, landscape, min(1.0, scale))
    assert papers["说明"][:2] == (9, False)
    assert papers["隔离文件"][:2] == (9, False)
    assert papers["排名"][:2] == (8, True) and papers["对标"][:2] == (8, True)
    assert papers["领域达标"] == (9, True, 1.0)
    assert xlsx["排名"].print_options.gridLines  # a table on paper keeps its lines


# --- the guide --------------------------------------------------------------------------


def kinds(what: str) -> dict[str, int]:
    """The count of each kind of row the guide states: 本次其中：现行版本 441 行，…"""
    told = what.split("本次其中：")[1].split("。")[0]
    pairs = (re.fullmatch(r"(\S+) ([\d,]+) 行", part) for part in told.split("，"))
    return {pair[1]: int(pair[2].replace(",", "")) for pair in pairs if pair}


def test_the_guide_lists_every_sheet_with_its_table_and_its_count_of_rows(book):
    con, xlsx, _ = book
    guide = guide_rows(xlsx["说明"])
    assert list(guide) == xlsx.sheetnames[1:]
    for name, (what, n_rows, table) in guide.items():
        assert what and "新增数据表" not in what, name  # every mart has its description
        table = table.removeprefix("marts.")
        assert n_rows == con.execute(f"select count(*) from marts.{table}").fetchone()[0]
        names, rows = table_rows(xlsx[name])
        assert len(rows) == n_rows, name
        columns = con.execute(
            "select column_name from duckdb_columns() where schema_name = 'marts' "
            "and table_name = ? order by column_index",
            [table],
        ).fetchall()
        stored = [c for (c,) in columns]
        # a code, its English and its arguments stay in the parquet: its Chinese is shown
        shown = [c for c in stored if not workbook.in_chinese_beside(c, set(stored))]
        assert [n for n in names if n in stored or n not in BESIDE] == shown, name
    assert guide["排名"][1] == 154 and guide["隔离文件"][1] == 0


def test_the_guide_tells_what_the_history_and_the_cross_framework_sheets_hold(book):
    """历史版本值 holds every value of every revision, the current ones with them (not only
    the superseded); 跨体系比较 evaluates each value against the standards of every
    framework version that has its concept, its own framework's among them."""
    _, xlsx, _ = book
    guide = guide_rows(xlsx["说明"])
    _, history = table_rows(xlsx["历史版本值"])
    _, values = table_rows(xlsx["指标值"])
    told = kinds(guide["历史版本值"][0])
    current = [r for r in history if r["is_current"]]
    superseded = [r for r in history if not r["is_current"]]
    assert told == {"现行版本": len(current), "被替代的旧版": len(superseded)}
    # the current ones are the values of 指标值, as the guide says; the five documents
    # have no superseded revision
    assert {r["value_id"] for r in current} == {r["value_id"] for r in values}
    assert len(current) == len(values) == 441 and superseded == []
    assert "现行版本的数值" in guide["历史版本值"][0]
    assert all(r["superseded_by"] for r in superseded)

    _, cross = table_rows(xlsx["跨体系比较"])
    own = sum(r["value_framework_id"] == r["evaluated_framework_id"] for r in cross)
    told = kinds(guide["跨体系比较"][0])
    assert told == {"对照本体系标准": own, "对照其他体系标准": len(cross) - own}
    assert own > 0 and "含数值所属体系本身的标准" in guide["跨体系比较"][0]
    assert {r["measure"] for r in cross} == {"现状值", "目标值"}  # codes shown in Chinese
    assert "标准变化" not in guide["跨体系比较"][0]  # it lists no changes of standards

    _, submitted = table_rows(xlsx["填报值"])
    assert kinds(guide["填报值"][0]) == {
        "现行": sum(1 for r in submitted if r["is_current"]),
        "已被替代": sum(1 for r in submitted if not r["is_current"]),
    }
    measures = Counter(r["measure"] for r in values)
    assert kinds(guide["指标值"][0]) == {
        "标准值": measures["标准值"],  # the sheet shows the measure's code in Chinese
        "现状值": measures["现状值"],
        "目标值": measures["目标值"],
    }
    assert sum(measures.values()) == len(values) == 441


# --- labels -----------------------------------------------------------------------------

LIST = re.compile(r"[,，、;；|/…]")


def test_no_label_is_a_list_of_values_or_a_sentence(book):
    con, xlsx, _ = book
    descriptions = {
        comment
        for (comment,) in con.execute(
            "select comment from duckdb_columns() where schema_name = 'marts' "
            "and comment is not null"
        ).fetchall()
    }
    wrong = []
    for sheet in xlsx.worksheets[1:]:
        if sheet.max_row <= 2:
            continue
        for label, name in zip(sheet[1], sheet[2], strict=True):
            text = label.value
            a_list = len([item for item in LIST.split(text) if item.strip()]) >= 3
            a_sentence = text in descriptions or len(text) > 20
            # a Chinese name, or, for a column no description names, the column's own
            unnamed = not re.search(r"[\u4e00-\u9fff]", text) and text != name.value
            if a_list or a_sentence or unnamed:
                wrong.append((sheet.title, name.value, text))
    assert wrong == []
    names, _ = table_rows(xlsx["指标值"])
    labels = dict(zip(names, [cell.value for cell in xlsx["指标值"][1]], strict=True))
    # value_num's description ends "null for 无数据，今年开展申报, 已建立, 制定中… 数值。"
    assert labels["value_num"] == "数值"
    assert labels["source_location"] == "在原文件中的位置"
    assert labels["parse_issue"] == "解析问题（行号）"
    assert labels["period_year"] == "年份" and labels["district_name"] == "区县名称"


@pytest.mark.parametrize(
    ("description", "label"),
    [
        ("Number in value_raw; null for 无数据，今年开展申报, 已建立, 制定中… 数值。", "数值"),
        ("Key. 主键。", "主键"),
        ("District: its GB/T 2260 code (360113). 区县（行政区划代码）。", "区县（行政区划代码）"),
        (
            "Where it stands (table, row). 在原文件中的位置（表、行、列或段落）。",
            "在原文件中的位置",
        ),
        ("What could not be read. 解析问题（行号）；为空表示完整读取。", "解析问题（行号）"),
        ("met | not_met | not_evaluable. 达标、未达标、无法判定。", None),
        ("An English description only.", None),
        ("", None),
    ],
)
def test_a_label_is_the_short_chinese_name_of_a_description(description, label):
    assert workbook.label_of(description) == label


def test_a_sheet_shows_the_words_it_is_given_for_a_columns_codes(examples_run, tmp_path):
    """Where another module has words for a column's codes (达标 for met), the sheet shows
    them: texts, table -> column -> {code: words}; a code without words shows as it is."""
    con, _ = examples_run
    (path,) = con.execute("select path from duckdb_databases() where not internal").fetchone()
    out = tmp_path / "w.xlsx"
    with duckdb.connect() as reader:
        reader.execute(f"attach '{path}' as published (read_only)")
        words = {"rpt_district_ranking": {"basis": {"status": "现状"}}}
        workbook.write_workbook(reader, ["rpt_district_ranking", "pipeline_runs"], out, words)
    _, rows = table_rows(load_workbook(out)["排名"])
    shown = Counter(r["basis"] for r in rows)
    stored = dict(
        con.execute(
            "select basis, count(*) from marts.rpt_district_ranking group by all"
        ).fetchall()
    )
    assert shown == {"现状": stored["status"], "target": stored["target"]}


# --- as printed -------------------------------------------------------------------------

# sheet -> its screenshot, the resolution (dpi) and the part of the page (width, height in
# pixels from the top left; None: the whole page). 对标's 24 columns print at under half
# size across A3: its screenshot is the top left of its page, at a resolution to read it
SCREENSHOTS = {
    "排名": ("workbook-ranking.png", 110, None),
    "对标": ("workbook-values.png", 170, (1500, 950)),
}


def print_pages(xlsx: Path, folder: Path) -> tuple[Path, dict[str, int]]:
    """The workbook printed to PDF by LibreOffice, and the first page of each sheet (its
    footer names it)."""
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    convert = ["--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run(
        ["soffice", profile, *convert, str(xlsx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = folder / xlsx.with_suffix(".pdf").name
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    first: dict[str, int] = {}
    for number, page in enumerate(pages.stdout.split("\f"), start=1):
        found = re.search(r"ecobench\.xlsx · (\S+)", page)
        if found:
            first.setdefault(found[1], number)
    return pdf, first


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="printed by LibreOffice (libreoffice-calc-nogui) and poppler-utils, if installed",
)
def test_screenshots_of_the_printed_ranking_and_benchmark(book, tmp_path):
    """The first printed page of 排名 and of 对标, as LibreOffice prints them; with
    ECOBENCH_SCREENSHOTS=docs they are written where the README shows them
    (docs/workbook-*.png). The Chinese is drawn in a CJK font, embedded in the PDF."""
    _, xlsx, exports = book
    pdf, first = print_pages(exports / "ecobench.xlsx", tmp_path)
    assert list(first) == xlsx.sheetnames  # every sheet printed, in order
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"WenQuanYi|NotoSansCJK|NotoSerifCJK|SourceHan|Droid", fonts), fonts
    folder = Path(os.environ.get("ECOBENCH_SCREENSHOTS", tmp_path))
    for sheet, (name, dpi, part) in SCREENSHOTS.items():
        page = first[sheet]
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert "区县名称" in text, sheet  # the labels, in Chinese, on the page
        assert re.search(r"刷新批次 \S+", text) and f"第 {page} 页" in text, sheet
        crop = ["-x", "0", "-y", "0", "-W", str(part[0]), "-H", str(part[1])] if part else []
        pages = ["-f", str(page), "-l", str(page), "-r", str(dpi), *crop, "-png", "-singlefile"]
        subprocess.run(
            ["pdftoppm", *pages, str(pdf), str(folder / Path(name).stem)],
            check=True,
        )
        path = folder / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 50_000
