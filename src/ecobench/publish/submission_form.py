"""The workbook a district fills to report its yearly status values (`ecobench template`).

One sheet 指标填报: the district, framework and year in the header block, then the
framework's indicators (序号, 指标名称, 单位, 标准值 as the framework prints them) with the
cells the district fills: 现状值, 年份 (pre-filled with the reporting year) and 备注. Data
validation guides the entry: a number for a quantitative indicator (0-100 for a
percentage), 达标 or 未达标 for a qualitative one, a whole year. The filled workbook goes to
`data/submissions/`, where `ecobench refresh` reads it back (src/ecobench/ingest/submissions.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ecobench.ingest.districts import Division, UnknownDistrict, resolve
from ecobench.ingest.submissions import COLUMNS, QUALITATIVE_ANSWERS, SHEET
from ecobench.quality.reference import load_reference


class TemplateError(ValueError):
    """An unknown district or framework, or a list that does not apply to the district."""


def write_template(district: str, framework_id: str, year: int, path: Path | None = None) -> Path:
    """The workbook a district (any division: its code, name or former id) fills with its
    statuses of one framework for one year: the framework's indicators, each with its unit
    and standard, the cells to fill validated and the rest locked. Written to path, by
    default `<code>_<framework>_<year>.xlsx` in the working folder."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    reference = load_reference()
    try:
        division = resolve(district)
    except UnknownDistrict as exc:
        raise TemplateError(str(exc)) from None
    indicators = _indicators(reference, division, framework_id)
    path = path or Path(f"{division.code}_{framework_id}_{year}.xlsx")
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet["A1"] = f"{division.name_zh}生态文明建设指标现状值填报表（{year}年）"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        ["区县代码", division.code, "指标体系", framework_id, "填报年份", year, "填报日期", None]
    )
    sheet.append(
        [
            f"版本 {indicators[0][1].version_id}：请填写“现状值”（数值型指标填数字，定性指标选“达标”或“未达标”），核对“年份”，可在“备注”说明口径或来源。"
        ]
    )
    header = list(COLUMNS)
    sheet.append(header)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[4]:
        cell.font, cell.fill = Font(bold=True), fill
    for seq, indicator in indicators:
        sheet.append(
            [seq, indicator.name_zh, indicator.unit, indicator.standard_raw, None, year, None]
        )
    col = {label: chr(ord("A") + i) for i, label in enumerate(header)}
    _validate(sheet, [indicator for _, indicator in indicators], col)
    _lay_out(sheet, header, col, FIRST_ROW + len(indicators) - 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    os.replace(tmp, path)
    return path


FIRST_ROW = 5  # the first indicator's row, under the title, the header fields, the note


def _indicators(reference, division: Division, framework_id: str) -> list[tuple[str, Any]]:
    """The framework's indicators in sequence order (7, 7.1, 7.2, 8), or a TemplateError
    naming what is known, or the province a provincial list applies in."""
    province = reference.framework_provinces.get(framework_id)
    if province and province != division.province_code:
        raise TemplateError(
            f"{framework_id} is a provincial list of {province}; {division.name_zh} "
            f"({division.code}) is in {division.province_zh} ({division.province_code}): "
            "it reports under the national lists"
        )
    indicators = sorted(
        ((seq, ind) for (fw, seq), ind in reference.indicators.items() if fw == framework_id),
        key=lambda item: [int(part) for part in item[0].split(".")],
    )
    if not indicators:
        frameworks = sorted({fw for fw, _ in reference.indicators})
        raise TemplateError(
            f"unknown or unassessed framework {framework_id!r}; known: {', '.join(frameworks)}"
        )
    return indicators


def _validate(sheet, indicators: list, col: dict[str, str]) -> None:
    """Excel's own checks on the cells a district fills: a qualitative status from the list,
    a percentage within [0, 100], another number, a year, the date of submission."""
    from openpyxl.worksheet.datavalidation import DataValidation

    def validation(**kwargs) -> DataValidation:
        rule = DataValidation(
            allow_blank=True, showErrorMessage=True, errorTitle="填报有误", **kwargs
        )
        sheet.add_data_validation(rule)
        return rule

    percent = validation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        error="百分比应在0到100之间",
    )
    number = validation(
        type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", error="请填写数字"
    )
    answers = validation(
        type="list",
        formula1='"' + ",".join(QUALITATIVE_ANSWERS) + '"',
        error="请选择“达标”或“未达标”",
    )
    for row, indicator in enumerate(indicators, start=FIRST_ROW):
        cell = f"{col['现状值']}{row}"
        if not indicator.is_quantitative:
            answers.add(cell)
        elif indicator.unit == "%":
            percent.add(cell)
        else:
            number.add(cell)
    years = validation(
        type="whole",
        operator="between",
        formula1="2000",
        formula2="2100",
        error="年份应为2000至2100之间的整数",
    )
    last = FIRST_ROW + len(indicators) - 1
    years.add(f"{col['年份']}{FIRST_ROW}:{col['年份']}{last}")
    dates = validation(type="date", operator="greaterThan", formula1="36526", error="请填写日期")
    dates.add("H2")


def _lay_out(sheet, header: list[str], col: dict[str, str], last: int) -> None:
    """Column widths, wrapped text, the header frozen; the district fills 现状值, 年份 and 备注
    and the submission date, the rest is locked (sheet protection, no password)."""
    from openpyxl.styles import Alignment, Protection

    for label, width in zip(header, (8, 40, 14, 30, 14, 10, 30), strict=True):
        sheet.column_dimensions[col[label]].width = width
    for row in sheet.iter_rows(min_row=FIRST_ROW, max_row=last):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number in range(FIRST_ROW, last + 1):
        for label in ("现状值", "年份", "备注"):
            sheet[f"{col[label]}{number}"].protection = Protection(locked=False)
    sheet["H2"].protection = Protection(locked=False)
    sheet.protection.sheet = True
    sheet.freeze_panes = f"A{FIRST_ROW}"
