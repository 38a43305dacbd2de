"""`ecobench template`: the workbook a district fills, and reading it back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from ecobench.ingest.submissions import SHEET, read_submission
from ecobench.publish.submission_form import TemplateError, write_template


def test_template_lists_the_frameworks_indicators_with_chinese_headers(tmp_path):
    path = write_template("360113", "jiangxi_provincial", 2024, tmp_path / "t.xlsx")
    sheet = load_workbook(path)[SHEET]
    assert [c.value for c in sheet[4]][:7] == [
        "序号",
        "指标名称",
        "单位",
        "标准值",
        "现状值",
        "年份",
        "备注",
    ]
    assert [c.value for c in sheet[2]][:6] == [
        "区县代码",
        "360113",
        "指标体系",
        "jiangxi_provincial",
        "填报年份",
        2024,
    ]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    # Jiangxi's list as Honggutan's plan prints it (001 表3-1): 29 items, 33 rows to fill
    # (items 1, 7, 11 and 20 have two sub-items each)
    assert len(rows) == 33
    assert rows["12"][:6] == ("12", "湿地保护率", "%", "≥52", None, 2024)
    assert rows["1.1"][2:4] == (None, "制定实施")


def test_template_validates_what_the_district_types(tmp_path):
    path = write_template("360113", "jiangxi_provincial", 2024, tmp_path / "t.xlsx")
    sheet = load_workbook(path)[SHEET]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    by_cell = {
        cell: rule for sqref, rule in rules.items() for cell in sqref.split() if ":" not in cell
    }
    rows = {r[0].value: r[0].row for r in sheet.iter_rows(min_row=5)}
    percent = by_cell[f"E{rows['12']}"]  # 湿地保护率, %
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "100")
    qualitative = by_cell[f"E{rows['1.1']}"]  # 生态文明建设规划: 制定实施
    assert (qualitative.type, qualitative.formula1) == ("list", '"达标,未达标"')
    years = next(rule for sqref, rule in rules.items() if sqref.startswith("F5:"))
    assert (years.type, years.formula1, years.formula2) == ("whole", "2000", "2100")
    assert sheet.protection.sheet and not sheet[f"E{rows['12']}"].protection.locked


def test_a_filled_workbook_reads_back_with_its_sheet_and_row(workbook):
    path = workbook(
        "honggutan",
        "jiangxi_provincial",
        2024,
        {"12": 18, "23": 96, "1.1": "达标"},
        submitted_on="2025-03-01",
    )
    sheet = load_workbook(path)[SHEET]
    wetland_row = next(r[0].row for r in sheet.iter_rows(min_row=5) if r[0].value == "12")
    rows = read_submission(path.read_bytes(), path.name, "sha").to_dicts()
    assert len(rows) == 3  # blank 现状值 rows are not reported
    wetland = next(r for r in rows if r["indicator_seq"] == "12")
    assert wetland["sheet_name"] == "指标填报" and wetland["source_line"] == wetland_row == 19
    assert (wetland["value_raw"], wetland["value_num"], wetland["unit"]) == ("18", 18.0, "%")
    assert (wetland["district_id"], wetland["period_year"]) == ("360113", 2024)
    assert wetland["submitted_on"] == "2025-03-01" and not wetland["is_synthetic"]
    plan = next(r for r in rows if r["indicator_seq"] == "1.1")
    assert (plan["value_raw"], plan["value_num"]) == ("达标", None)


@pytest.mark.parametrize(
    ("district", "framework", "message"),
    [
        ("nanchang", "jiangxi_provincial", "district 'nanchang' is no division"),
        ("西湖区", "national_revised", "ambiguous: 330106 浙江省杭州市西湖区; 360103"),
        ("海陵区", "jiangxi_provincial", "jiangxi_provincial is a provincial list of 360000"),
        ("360113", "local_plan", "unknown or unassessed framework 'local_plan'"),
    ],
)
def test_template_refuses_unknown_districts_and_frameworks(tmp_path, district, framework, message):
    with pytest.raises(TemplateError, match=message):
        write_template(district, framework, 2024, tmp_path / "t.xlsx")


def test_a_file_that_is_not_a_submission_names_what_is_missing(tmp_path):
    from openpyxl import Workbook

    from ecobench.ingest.text import ParseError

    other = tmp_path / "budget.xlsx"
    book = Workbook()
    book.active.title = "预算"
    book.save(other)
    with pytest.raises(ParseError, match=r"budget.xlsx: no sheet 指标填报 \(sheets: 预算\)"):
        read_submission(other.read_bytes(), other.name, "sha")
    with pytest.raises(ParseError, match=r"status\.csv: row 1: no column 现状值"):
        read_submission("区县代码,指标体系,序号,单位,年份\n".encode(), "status.csv", "sha")
