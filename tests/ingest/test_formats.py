"""Documents as offices publish them: 001 (Honggutan's plan, 表3-1 and 表3-2) and 004
(Hailing's scheme, 附件2) as a web page and as a Word file, built here from the cells the
.txt prints, read back from the file's own structure: the same rows, with where each value
stands in the file."""

from __future__ import annotations

import html
import io
import re

import polars as pl
import pytest

from ecobench.ingest.document import parse_text
from ecobench.ingest.formats import read_document_bytes
from ecobench.ingest.pdf import pdf_blocks
from ecobench.ingest.tables import indent_blocks, read_tables
from tests.conftest import CORPUS
from tests.ingest.test_perturbations import reading


def blocks_of(doc):
    """The document as paragraphs and tables (rows of cell texts), as printed."""
    tables = {  # a run of indented lines that is not a table (no header) stays text
        block[0][0].line: block for block in indent_blocks(doc) if len(block[0]) >= 3
    }
    covered = {
        line
        for block in tables.values()
        for row in block
        for cell in row
        for line in range(cell.line, cell.line + cell.text.count("\n") + 1)
    }
    out = []
    for line in doc.lines:
        if line.number in tables:
            out.append(("table", [[cell.text for cell in row] for row in tables[line.number]]))
        elif line.number not in covered and not line.blank:
            out.append(("text", line.clean.strip()))
    return out


def merged(rows: list[list[str]], columns: int) -> list[list[tuple[str, int]]]:
    """Empty cells under a filled one, in the first `columns` columns, as a rowspan."""
    out = [[(text, 1) for text in row] for row in rows]
    for c in range(columns):
        top = None
        for r, row in enumerate(out):
            if c >= len(row):
                top = None
            elif row[c][0] or top is None:
                top = r
            else:
                out[top][c] = (out[top][c][0], out[top][c][1] + 1)
                row[c] = None
    return [[cell for cell in row if cell is not None] for row in out]


def as_html(doc, rowspans: bool = False, colspans: bool = False) -> bytes:
    """The document as a web page; with `colspans`, a rectangular table as an office prints
    it: where some rows split the name into parent and sub-indicator, a row that prints
    one name spans both columns."""
    parts = ["<html><head><meta charset='utf-8'><title>x</title></head><body>"]
    for kind, content in blocks_of(doc):
        if kind == "text":
            parts.append(f"<p>{html.escape(content)}</p>")
            continue
        widest = max(map(len, content))
        rows = merged(content, 2) if rowspans else [[(t, 1) for t in row] for row in content]
        parts.append("<table border='1'>")
        for printed, row in zip(content, rows, strict=True):
            span_name = colspans and len(printed) == widest - 1
            tds = "".join(
                "<td"
                + (f" rowspan='{span}'" if span > 1 else "")
                + (" colspan='2'" if span_name and c == NAME - (len(printed) - len(row)) else "")
                + ">"
                + html.escape(text).replace("\n", "<br>")
                + "</td>"
                for c, (text, span) in enumerate(row)
            )
            parts.append(f"<tr>{tds}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


NAME = 3  # the name column of 001's and 004's tables (领域, 任务, 序号, 指标名称, …)


def as_docx(doc, merge: bool = False) -> bytes:
    import docx

    word = docx.Document()
    for kind, content in blocks_of(doc):
        if kind == "text":
            word.add_paragraph(content)
            continue
        width = max(len(row) for row in content)
        table = word.add_table(rows=len(content), cols=width)
        for r, row in enumerate(content):
            # a Word table is a grid: a shorter row's name spans the sub-name's column, a
            # heading (一、生态安全) spans the row
            at, extra = (NAME, width - len(row)) if len(row) > NAME else (0, width - 1)
            if extra:
                table.cell(r, at).merge(table.cell(r, at + extra))
            columns = [c for c in range(width) if not at < c <= at + extra]
            for c, text in zip(columns, row, strict=False):
                table.cell(r, c).text = text
        if merge and width > NAME:  # empty domain and task cells merged with the one above
            for c in range(2):
                top = 0
                for r in range(1, len(content)):
                    if len(content[r]) != width or content[r][c]:
                        top = r
                    elif len(content[top]) == width:
                        table.cell(top, c).merge(table.cell(r, c))
                        table.cell(top, c).text = content[top][c]
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module", params=["001", "004"])
def printed(request, source):
    return source(request.param)


@pytest.mark.parametrize("rowspans", [False, True])
def test_a_web_page_gives_the_rows_of_its_text(printed, rowspans):
    page = read_document_bytes(as_html(printed, rowspans), "page.html")
    assert reading(page) == reading(printed)
    assert reading(page)


@pytest.mark.parametrize("merge", [False, True])
def test_a_word_file_gives_the_rows_of_its_text(printed, merge):
    word = read_document_bytes(as_docx(printed, merge), "plan.docx")
    assert reading(word) == reading(printed)


def test_a_value_says_where_it_stands_in_the_word_file(source):
    plan = source("001")
    parsed = parse_text(read_document_bytes(as_docx(plan), "plan.docx"))
    values = parsed.indicator_values.filter(
        (parsed.indicator_values["table_label"] == "表3-1")
        & (parsed.indicator_values["indicator_seq"] == "2")
        & (parsed.indicator_values["measure"] == "status")
    )
    (row,) = values.select("value_raw", "source_location").rows()
    first = next(  # the Word table holding 表3-1 (the header row, then indicators 1 and 2)
        k
        for k, block in enumerate([c for kind, c in blocks_of(plan) if kind == "table"], 1)
        if "2022年现状" in block[0]
    )
    assert row == ("16%", f"table {first}, row 3, column 7")  # 2022年现状 is column 7
    assert parsed.documents["district_id"][0] == "360113"
    annex = next(
        k
        for k, block in enumerate([c for kind, c in blocks_of(plan) if kind == "table"], 1)
        if any("项目名称" in cell for cell in block[0])
    )
    projects = parsed.projects.select("project_no", "source_location").rows()
    assert projects[0] == (1, f"table {annex}, row 3, column 1")  # after 一、生态安全


def test_a_web_page_names_its_tables_rows(source):
    hailing = source("004")
    parsed = parse_text(read_document_bytes(as_html(hailing), "page.html"))
    forest = parsed.indicator_values.filter(parsed.indicator_values["indicator_seq"] == "12")
    assert forest.select("value_raw", "region_variant").rows() == [("≥18", "平原地区")]


def test_a_damaged_word_file_is_named():
    from ecobench.ingest.text import ParseError

    with pytest.raises(ParseError, match=r"broken.docx: not a readable .docx file"):
        read_document_bytes(b"PK\x03\x04 not really a zip", "broken.docx")


def test_the_tables_of_a_web_page_are_found_whatever_its_markup(source):
    page = read_document_bytes(
        "<table><tr><td>序号<td>指标名称<td>单位<td>指标值<td>指标属性"
        "<tr><td>1<td>森林覆盖率<td>%<td>≥18<td>约束性</table>".encode(),
        "unclosed.html",
    )
    (table,) = read_tables(page)
    assert [(r.seq, r.name.text, r.cells["standard"].text) for r in table.rows] == [
        ("1", "森林覆盖率", "≥18")
    ]


def as_pdf(doc, tmp_path, rows_cut: bool = False) -> bytes:
    """The document's web page printed to PDF by the headless Chromium the report's tests
    use: ruled tables on A3 landscape pages, a row never cut by a page break unless
    rows_cut (then a page break runs through a row, as in an office's own PDF)."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (make test installs it)"
    style = b"<style>@page{size:A3 landscape}" + (b"" if rows_cut else b" tr{break-inside:avoid}")
    style += b"</style>"
    page = tmp_path / "page.html"
    printed = as_html(doc, rowspans=True, colspans=True)
    page.write_bytes(printed.replace(b"</title>", b"</title>" + style))
    out = tmp_path / "page.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out.read_bytes()


@pytest.mark.parametrize(
    ("name", "rows", "location"),
    [
        ("001", 300, r"page \d+, table \d+, row \d+, column \d+"),  # 表3-1 and 表3-2 ruled
        ("004", 41, r"page \d+, line \d+"),  # 附件2 printed one cell per line: lines of text
    ],
)
def test_a_pdf_gives_the_rows_of_its_text_with_page_and_place(
    source, tmp_path, name, rows, location
):
    """001 and 004 printed to PDF, read from the pages: 001's two tables from their ruling
    lines (running over several pages, a name spanning two columns, merged cells), 004's
    附件2 as lines of text in page order. The rows of the .txt, each with its page and
    table cell or line, and 001's footnote (指标9、20、21 采用2021年数据) still dating its
    statuses."""
    txt = source(name)
    pdf = read_document_bytes(as_pdf(txt, tmp_path), f"{name}.pdf")
    assert reading(pdf) == reading(txt) and len(reading(txt)) == rows
    parsed = parse_text(pdf)
    located = parsed.indicator_values["source_location"].to_list()
    assert all(re.fullmatch(location, loc) for loc in located)
    assert parsed.documents["district_code"][0] == parse_text(txt).documents["district_code"][0]


def test_a_row_a_page_break_cuts_is_put_together(source, tmp_path):
    """001 printed letting page breaks run through rows: the part of 表3-2's 林草覆盖率 row
    left at the foot of page 10 and the part at the head of page 11 (whose cells the table
    finder cannot close) are one row again, its name spanning two columns as on the other
    rows, and cells wrapped in a narrow column read as printed (参考性, not 参\n考\n性)."""
    txt = source("001")
    pdf = read_document_bytes(as_pdf(txt, tmp_path, rows_cut=True), "001.pdf")
    assert reading(pdf) == reading(txt) and len(reading(txt)) == 300
    values = parse_text(pdf).indicator_values
    split = values.filter(pl.col("source_location").str.contains("split row"))
    assert split.height >= 4  # the cut rows are there to put together
    forest = values.filter(
        (pl.col("table_label") == "表3-2") & (pl.col("indicator_name_zh") == "林草覆盖率")
    )
    assert forest.select("measure", "value_raw", "binding", "source_location").rows() == [
        ("standard", "＞18（平原区）", "reference", "page 10-11, table 2, split row, column 6"),
        ("status", "14.7", "reference", "page 10-11, table 2, split row, column 7"),
        ("target", "14.7", "reference", "page 10-11, table 2, split row, column 9"),
        ("target", "14.7", "reference", "page 10-11, table 2, split row, column 10"),
    ]


def test_a_pdf_an_office_published_is_read_from_its_pages():
    """Page 173 of Anhui's 建设用地使用标准（2020年版）, a Word-made PDF: its title names the
    province; a cell merged down stands once, in its first row, and one merged across is
    one cell; a header cell the column wrapped reads as printed (公路技术等级), a break the
    office typed stays (路段交通量Q / （pcu/d）). Not an indicator list: no values, no error."""
    path = CORPUS / "anhui_land_use_standard_2020_p173.pdf"
    raw = path.read_bytes()
    tables = [block for kind, block in pdf_blocks(raw, path.name) if kind == "table"]
    assert len(tables) == 3
    adjust = [[text for text, _ in row] for row in tables[1]]
    assert adjust[0] == ["公路技术等级", "车道数", "路段交通量Q\n（pcu/d）", "大型车比例μ（%）"]
    assert adjust[2] == [
        "高速公路",
        "八",
        "80000≤Q＜100000",
        "0.92",
        "1.02",
        "1.11",
        "1.19",
        "1.26",
    ]
    assert adjust[3][:3] == ["", "", "60000≤Q＜80000"]  # 高速公路 and 八 merged down
    assert tables[1][2][3][1] == "page 1, table 2, row 3, column 4"
    assert [text for text, _ in tables[2][1]] == ["1.7333", "0.8667", "0.5333"]
    parsed = parse_text(read_document_bytes(raw, path.name))
    meta = parsed.documents.row(0, named=True)
    assert (meta["title"], meta["district_code"], meta["district_found_in"]) == (
        "安徽省建设用地使用标准(2020年版)",
        "340000",
        "title",
    )
    assert parsed.indicator_values.height == 0
