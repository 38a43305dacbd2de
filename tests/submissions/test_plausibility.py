"""Impossible numbers never reach a ranking: a submitted number must be finite and within
the range seeds/plausible_ranges.csv gives its concept and unit; a cell with an error value
or a formula whose value was never saved refuses the file by the cell's name; a workbook
past its limits is refused before it is read."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from ecobench.ingest import sheets
from ecobench.ingest.submissions import SHEET, read_submission
from ecobench.ingest.text import ParseError
from tests.submissions.conftest import FIRST_ROW, errors

RANGE = "a number is finite and within the range seeds/plausible_ranges.csv gives"


@pytest.mark.parametrize(
    ("seq", "value", "why"),
    [
        ("27", 1e308, "城镇人均公园绿地面积 m²/人: at most 500"),
        ("27", -3, "an area per person is not negative"),
        ("18", 1e308, "energy intensity: at most 10 tce per 10^4 yuan"),
        ("12", 1e308, "a share: at most 100%"),
        ("13", -1e9, "a net area restored is signed, but not below -100000 ha"),
    ],
)
def test_an_impossible_number_is_refused_naming_its_cell(gate, workbook, seq, value, why):
    path = workbook("360113", "jiangxi_provincial", 2024, {seq: value, "23": 95.3})
    found = [f for f in errors(gate, path) if RANGE in f]
    row = FIRST_ROW + _position(path, seq)
    assert len(found) == 1, (why, errors(gate, path))
    assert found[0].startswith(f"{path.name}, sheet 指标填报, row {row}, column 现状值"), why


@pytest.mark.parametrize(
    ("seq", "value"),
    [
        ("6", -2.5),  # PM2.5浓度下降幅度: a change, signed (PM2.5 rose)
        ("13", -12.0),  # 矿山生态修复净增治理面积: a net change, signed
        ("18", 0.42),  # 单位地区生产总值能耗 as Jiangxi reports it
        ("9", 72.4),  # EQI, an index on 0-100
    ],
)
def test_a_plausible_number_passes(gate, workbook, seq, value):
    path = workbook("360113", "jiangxi_provincial", 2024, {seq: value})
    assert [f for f in errors(gate, path) if RANGE in f] == []


def _position(path, seq: str) -> int:
    sheet = load_workbook(path, read_only=True)[SHEET]
    seqs = [str(row[0]) for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True)]
    return seqs.index(seq)


def _set_cell(path, seq: str, value, data_type: str | None = None):
    book = load_workbook(path)
    sheet = book[SHEET]
    row = FIRST_ROW + _position(path, seq)
    sheet.cell(row, 5).value = value
    if data_type:
        sheet.cell(row, 5).data_type = data_type
    book.save(path)
    return f"E{row}", row


def test_an_infinite_cell_refuses_the_file_naming_the_cell(workbook):
    # openpyxl writes float("inf") as an empty value element, which a reader takes for blank
    path = workbook("360113", "jiangxi_provincial", 2024, {"23": 95.3})
    cell, row = _set_cell(path, "18", float("inf"))
    with pytest.raises(ParseError, match=f"cell {cell} holds a number with no digits") as raised:
        read_submission(path.read_bytes(), path.name, "sha")
    assert raised.value.line == row


def test_infinite_text_in_a_csv_is_refused_naming_its_row(gate, tmp_path):
    path = tmp_path / "honggutan_2024.csv"
    path.write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
        "honggutan,jiangxi_provincial,23,城镇污水处理率,%,96,2024,\n"
        "honggutan,jiangxi_provincial,18,单位地区生产总值能耗,吨标准煤/万元,inf,2024,\n"
        "honggutan,jiangxi_provincial,27,城镇人均公园绿地面积,平方米/人,1e400,2024,\n",
        encoding="utf-8",
    )
    assert [f for f in errors(gate, path) if RANGE in f] == [
        f"honggutan_2024.csv, row 3, column 现状值 ('inf'); honggutan_2024.csv, row 4, column "
        f"现状值 ('1e400'): {RANGE} its concept and unit (a share 0-100, an intensity positive "
        "and below its maximum)"
    ]


def test_a_formula_with_no_saved_value_refuses_the_file_naming_the_cell(workbook):
    # openpyxl, like many scripts that fill workbooks, saves formulas without their values
    path = workbook("360113", "jiangxi_provincial", 2024, {"23": 95.3})
    cell, row = _set_cell(path, "12", "=B1/100")
    with pytest.raises(ParseError) as raised:
        read_submission(path.read_bytes(), path.name, "sha")
    assert raised.value.line == row
    assert f"sheet 指标填报, cell {cell} holds the formula =B1/100 with no value saved" in str(
        raised.value
    )


def test_an_error_value_refuses_the_file_naming_the_cell(workbook):
    path = workbook("360113", "jiangxi_provincial", 2024, {"23": 95.3})
    cell, _ = _set_cell(path, "12", "#DIV/0!", data_type="e")
    with pytest.raises(ParseError, match=f"cell {cell} holds the error value #DIV/0!"):
        read_submission(path.read_bytes(), path.name, "sha")


def test_a_workbook_past_its_row_limit_is_refused_with_the_limit_named(workbook, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_WORKBOOK_ROWS", 20)
    path = workbook(
        "honggutan",
        "jiangxi_provincial",
        2024,
        {"23": 95.3},
        extra_rows=[["23", "城镇污水处理率", "%", None, 90, 2000 + n, None] for n in range(40)],
    )
    with pytest.raises(ParseError, match=r"over the limit of 20 rows .*ECOBENCH_MAX_WORKBOOK_ROWS"):
        read_submission(path.read_bytes(), path.name, "sha")


def test_a_workbook_that_inflates_past_its_limit_is_refused_before_it_is_read(
    workbook, monkeypatch
):
    monkeypatch.setattr(sheets, "MAX_INFLATED_MB", 0.01)  # 10 KB of XML
    path = workbook("360113", "jiangxi_provincial", 2024, {"23": 95.3})
    with pytest.raises(ParseError, match=r"inflates to .* MB once unzipped: over the limit"):
        read_submission(path.read_bytes(), path.name, "sha")
