"""The cell values of a submission workbook's sheet 指标填报, read within the limits
(config.py): what a reader would take for a blank (an error value, a formula never
calculated, a number with no digits) is refused by name, before any row is read."""

from __future__ import annotations

import io
import re
from typing import Any

from ecobench.config import MAX_INFLATED_MB, MAX_WORKBOOK_CELLS, MAX_WORKBOOK_ROWS
from ecobench.ingest.text import ParseError

SHEET = "指标填报"


def sheet_rows(raw: bytes, source_file: str) -> list[tuple]:
    """The sheet's cell values, row by row, within the workbook limits (config.py); a cell
    holding an error value, or a formula whose value was never saved, is refused by name:
    a blank in its place would drop the row without a word."""
    _within_limits(raw, source_file)
    book = _open_book(raw, source_file)
    xml = _sheet_xml(raw)
    rows: list[tuple] = []
    empty_formulas = _formulas(raw) if b"<f" in xml else {}
    _refuse_empty_numbers(xml, source_file)
    for cells in book[SHEET].iter_rows():
        _within_rows(rows, cells, source_file)
        for cell in cells:
            _refuse_unread(cell, empty_formulas, source_file)
        rows.append(tuple(cell.value for cell in cells))
    book.close()
    return rows


def _open_book(raw: bytes, source_file: str) -> Any:
    """The workbook, read only, its values as saved; refused where it is not one or has
    no sheet 指标填报."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise ParseError(
            source_file,
            None,
            f"not a readable .xlsx workbook ({exc})",
            f"无法作为 .xlsx 工作簿读取（{exc}）",
        ) from None
    if SHEET not in book.sheetnames:
        raise ParseError(
            source_file,
            None,
            f"no sheet {SHEET} (sheets: {', '.join(book.sheetnames)})",
            f"没有工作表 {SHEET}（现有工作表：{'、'.join(book.sheetnames)}）",
        )
    return book


def _refuse_empty_numbers(xml: bytes, source_file: str) -> None:
    for coordinate in re.findall(EMPTY_NUMBER, xml)[:1]:
        raise ParseError(
            source_file,
            int(re.sub(rb"[A-Z]", b"", coordinate)),
            f"sheet {SHEET}, cell {coordinate.decode()} holds a number with no digits (how a "
            "program writes an infinite or undefined result): type the value",
            f"工作表 {SHEET} 单元格 {coordinate.decode()} 是没有数字的数值（程序写入无穷大或"
            "无定义结果时就是这样）：请直接填写数值",
        )


def _within_rows(rows: list[tuple], cells: tuple, source_file: str) -> None:
    if len(rows) >= MAX_WORKBOOK_ROWS or len(rows) * len(cells) > MAX_WORKBOOK_CELLS:
        raise ParseError(
            source_file,
            len(rows) + 1,
            f"sheet {SHEET} runs past {len(rows):,} rows of {len(cells)} columns: over "
            f"the limit of {MAX_WORKBOOK_ROWS:,} rows or {MAX_WORKBOOK_CELLS:,} cells a "
            "workbook (ECOBENCH_MAX_WORKBOOK_ROWS, ECOBENCH_MAX_WORKBOOK_CELLS)",
            f"工作表 {SHEET} 超过 {len(rows):,} 行、{len(cells)} 列：超出每个工作簿 "
            f"{MAX_WORKBOOK_ROWS:,} 行或 {MAX_WORKBOOK_CELLS:,} 个单元格的上限"
            "（ECOBENCH_MAX_WORKBOOK_ROWS、ECOBENCH_MAX_WORKBOOK_CELLS）",
        )


def _refuse_unread(cell: Any, empty_formulas: dict[str, str], source_file: str) -> None:
    """A cell holding an error value, or a formula with no value saved, refused by name."""
    where = f"sheet {SHEET}, cell {getattr(cell, 'coordinate', '?')}"
    where_zh = f"工作表 {SHEET} 单元格 {getattr(cell, 'coordinate', '?')}"
    if cell.data_type == "e":
        raise ParseError(
            source_file,
            cell.row,
            f"{where} holds the error value {cell.value}",
            f"{where_zh} 是错误值 {cell.value}",
        )
    if cell.value is None and getattr(cell, "coordinate", None) in empty_formulas:
        raise ParseError(
            source_file,
            cell.row,
            f"{where} holds the formula {empty_formulas[cell.coordinate]} with no "
            "value saved (the file was written by a program that does not calculate): "
            "open and save it in Excel or WPS, or type the value",
            f"{where_zh} 是公式 {empty_formulas[cell.coordinate]}，但没有保存计算结果"
            "（文件由不做计算的程序写出）：请在 Excel 或 WPS 中打开并保存，或直接填写数值",
        )


def _sheet_xml(raw: bytes) -> bytes:
    """The XML of sheet 指标填报, found through the workbook's relationships."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = set(archive.namelist())
        book = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        sheet = re.search(rf'<sheet [^>]*name="{SHEET}"[^>]*r:id="([^"]+)"', book)
        target = sheet and re.search(rf'Id="{sheet.group(1)}"[^>]*Target="([^"]+)"', rels)
        if not target:
            target = sheet and re.search(rf'Target="([^"]+)"[^>]*Id="{sheet.group(1)}"', rels)
        part = target.group(1).lstrip("/") if target else ""
        part = part if part.startswith("xl/") else f"xl/{part}"
        return archive.read(part) if part in names else b""


# a numeric cell whose value element is empty: how a program writes inf or NaN, which a
# reader takes for a blank cell
EMPTY_NUMBER = rb'<c r="([A-Z]+\d+)"[^>]*?(?:t="n")?[^>]*?>\s*<v\s*(?:/>|>\s*</v>)'


def _within_limits(raw: bytes, source_file: str) -> None:
    """Refuse a workbook whose XML inflates past the limit before any of it is read (a
    680 KB file can hold a million rows)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # openpyxl says what is wrong with it
    if inflated > MAX_INFLATED_MB * 2**20:
        raise ParseError(
            source_file,
            None,
            f"the workbook inflates to {inflated / 2**20:,.0f} MB once unzipped: over the "
            f"limit of {MAX_INFLATED_MB:,.0f} MB (ECOBENCH_MAX_INFLATED_MB)",
            f"工作簿解压后达 {inflated / 2**20:,.0f} MB：超过 {MAX_INFLATED_MB:,.0f} MB 的上限"
            "（ECOBENCH_MAX_INFLATED_MB）",
        )


def _formulas(raw: bytes) -> dict[str, str]:
    """The sheet's formula cells (coordinate -> formula) whose saved value is empty."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    found = {
        cell.coordinate: cell.value
        for row in book[SHEET].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }
    book.close()
    return found
