"""The workbook's data rows built in bulk (workbook/rows.py) are the rows XlsxWriter writes
cell by cell: the same XML in every sheet, on a tiny warehouse of values that are easy to
get wrong (escapes, spaces kept, a formula that stays text, a newline's row height, CJK
text that wraps, None, a flag, a year, a 2**60 id, NaN and infinity, a code shown as its
words, a list, a date)."""

from __future__ import annotations

import zipfile
from datetime import date

import duckdb
import polars as pl
import pytest
from openpyxl import load_workbook

from ecobench.publish import workbook
from ecobench.publish.workbook import cells, heights, rows

TRICKY = [
    "AT&T <b>bold</b> > less",
    "control \x01\x02 and \x1f, a tab\tand a return\r",
    "_x0041_ is no escape",
    "  leading and trailing  ",
    "\u3000全角空格开头",
    "=1+1",
    "two\nlines\n\nand one empty",
    "生态文明建设示范区指标体系中约束性指标的完成情况需要逐项核验并注明来源文件与行号" * 3,
    "a" * 50,  # a whole number of lines wide in a column of 46: lines() measures it itself
    "x" * 100,
    "",
    None,
    "\ufffe non-character",
]


@pytest.fixture(autouse=True)
def every_sheet_in_bulk(monkeypatch):
    """The tiny table is built in bulk too (a real one so small is left to XlsxWriter)."""
    monkeypatch.setattr(rows, "BULK_CELLS", 0)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "tiny.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.pipeline_runs as select 'run-1' as run_id, "
            "'published' as status, '2026-12-06T10:00:00+00:00' as started_at, "
            "'2026-12-06T10:05:00+00:00' as ended_at"
        )
        con.execute(
            "create table marts.dim_framework as "
            "select 'national' as framework_id, '国家' as name_zh, 'National' as name_en"
        )
        con.execute(
            "create table marts.dim_text as select 'rating' as domain, code, zh, zh as en "
            "from (values ('met', '达标'), ('not_met', '未达标 & <未>')) as t(code, zh)"
        )
        con.execute(
            "create table marts.rpt_tricky (note varchar, rating varchar, is_binding boolean, "
            "period_year integer, value_id bigint, n_rows bigint, score double, "
            "units varchar[], issued_date date)"
        )
        numbers = [1.5, 0.1 + 0.2, float("nan"), float("inf"), float("-inf"), -0.0, 1e-5]
        con.executemany(
            "insert into marts.rpt_tricky values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    note,
                    ["met", "not_met", "unknown", None][i % 4],
                    [True, False, None][i % 3],
                    [2022, None][i % 2],
                    2**60 + i,
                    [2**60, 12_345, None][i % 3],
                    numbers[i % len(numbers)],
                    [["甲", "乙"], [], None, ["a", None]][i % 4],
                    [date(2024, 1, 15), date(1900, 1, 1), date(1900, 3, 1), None][i % 4],
                )
                for i, note in enumerate(TRICKY)
            ],
        )
    return path


def parts(path) -> dict[str, bytes]:
    """The workbook's parts but the guide's (it says when it was exported) and the time
    it was written."""
    with zipfile.ZipFile(path) as book:
        skip = {"xl/worksheets/sheet1.xml", "docProps/core.xml"}
        return {name: book.read(name) for name in book.namelist() if name not in skip}


def test_rows_in_bulk_are_the_xml_xlsxwriter_writes_cell_by_cell(warehouse, tmp_path, monkeypatch):
    bulk = workbook.write_workbook_of(warehouse, tmp_path / "bulk.xlsx")
    monkeypatch.setattr(cells, "in_bulk", lambda *_: False)
    by_cell = workbook.write_workbook_of(warehouse, tmp_path / "by_cell.xlsx")
    built, written = parts(bulk), parts(by_cell)
    assert built.keys() == written.keys()
    differ = [name for name in built if built[name] != written[name]]
    assert not differ, differ
    assert any(b'xml:space="preserve"' in part for part in built.values())


def test_tricky_values_read_back_as_the_sheet_shows_them(warehouse, tmp_path):
    sheet = load_workbook(workbook.write_workbook_of(warehouse, tmp_path / "b.xlsx"))["rpt_tricky"]
    names = [cell.value for cell in sheet[2]]
    table = [dict(zip(names, row, strict=True)) for row in sheet.iter_rows(min_row=3)]
    notes = [row["note"].value for row in table]
    assert notes[0] == "AT&T <b>bold</b> > less"
    assert notes[2] == "_x005F_x0041_ is no escape"  # as written: Excel shows _x0041_
    assert notes[3] == "  leading and trailing  " and notes[4] == "\u3000全角空格开头"
    assert notes[TRICKY.index("")] is None and notes[TRICKY.index(None)] is None
    formula = next(row["note"] for row in table if row["note"].value == "=1+1")
    assert formula.data_type == "s"  # text, never a formula
    assert [row["rating"].value for row in table][:4] == ["达标", "未达标 & <未>", "unknown", None]
    assert {row["value_id"].value for row in table} == {str(2**60 + i) for i in range(13)}
    assert table[0]["n_rows"].value == str(2**60) and table[1]["n_rows"].value == 12_345
    assert [row["score"].value for row in table][:7] == [
        1.5,
        0.3,
        "=#NUM!",
        "=1/0",
        "=-1/0",
        0,
        1e-05,
    ]
    assert table[0]["units"].value == "甲、乙" and table[3]["units"].value == "a、None"
    assert table[0]["issued_date"].value.date() == date(2024, 1, 15)
    assert table[0]["period_year"].number_format == "0"
    assert table[0]["is_binding"].value is True and table[1]["is_binding"].value is False
    heights = {row: sheet.row_dimensions[row].height for row in range(3, 3 + len(TRICKY))}
    assert heights[3 + TRICKY.index("two\nlines\n\nand one empty")] == 63  # four lines


@pytest.mark.parametrize("width", [7, 8, 10, 13, 20, 31, 46])
def test_lines_in_bulk_are_lines_of_each_cell(width):
    """Texts around every whole number of lines wide, Latin and CJK and both."""
    texts = [
        part * n for n in range(120) for part in ("a", "中", "a中", "中a\n", "¼", "—", "😀")
    ] + [None]
    counted = rows._lines(pl.Series(texts, dtype=pl.String), width).to_list()
    assert counted == [heights.lines(text, width) for text in texts]
