"""A sheet's cells: what each column is (a year, a count, an id as text, a share), its
number format and width for CJK text, and the rows: built in bulk (rows.py) for a sheet
large enough whose every column is of a type it knows, else written by XlsxWriter one by
one (constant memory)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ecobench.publish.workbook.heights import lines, measure, row_points
from ecobench.publish.workbook.printing import print_setup
from ecobench.publish.workbook.rows import EXACT, Table, in_bulk, styles_of
from ecobench.publish.workbook.sheets import (
    BESIDE_LABELS,
    NAMES_BESIDE,
    ORDER,
    RANKING,
    Run,
    Texts,
    sheet_name,
    too_large,
)

# what a column's cells are, from its name and type; each kind has its number format
INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}


INTEGERS |= {f"U{t}" for t in INTEGERS}


WIDE_INTEGERS = {"UBIGINT", "HUGEINT", "UHUGEINT"}  # hashes: no count is this wide


YEAR = re.compile(r"(^|_)year(_|$)")


NAMING = re.compile(r"(^|_)(id|key|digest|hash|checksum|sha\d*)$")  # an integer that is a name


NUMBERING = re.compile(r"(^|_)(line|no|index|seq)$")  # an integer that numbers: line, 序号


FORMATS: dict[str, str | None] = {
    "year": "0",
    "number": "0",
    "count": "#,##0",
    "decimal": "#,##0.00",
    "share": "0.0%",
    "text": "@",
    # Excel shows a boolean as TRUE or FALSE whatever its format; LibreOffice reads it as
    # 1 or 0 and shows it so under a format that does not say
    "flag": '"TRUE";"TRUE";"FALSE"',
    "other": None,
}


# column units (a digit's width; a CJK character is 2.1): 21 CJK characters a line at most
MIN_WIDTH, MAX_WIDTH = 6, 45


SAMPLE = 500  # rows read for a column's width


NAME_SIZE = 9  # points: the column names under the labels, for analysts, smaller


class Styles:
    def __init__(self, book) -> None:
        self.book = book
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}
        )
        self.name = book.add_format(
            {
                "italic": True,
                "font_color": "#595959",
                "bg_color": "#F2F2F2",
                "text_wrap": True,
                "font_size": NAME_SIZE,
            }
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self._numbers: dict[str, object] = {}

    def number(self, fmt: str | None, wrap: bool):
        key = f"{fmt}|{wrap}"
        if key not in self._numbers:
            spec: dict[str, object] = {"valign": "top"}
            if fmt:
                spec["num_format"] = fmt
            if wrap:
                spec["text_wrap"] = True
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its name, its label, what its cells are (kind: its number
    format in FORMATS), and the words its codes are shown as (texts; none: as they are)."""

    name: str
    label: str
    kind: str
    texts: Mapping[Any, str] | None = None

    def show(self, value):
        """The cell of a value: its words where texts has them; an id or a hash as text,
        as is any integer past what a double holds; a list as its items joined by 、."""
        if value is None:
            return None
        if self.texts is not None and isinstance(value, str | int | bool):
            value = self.texts.get(value, value)
        if isinstance(value, list):
            return "、".join(map(str, value))
        if isinstance(value, dict | tuple):
            return str(value)
        if self.kind == "text" or (isinstance(value, int) and abs(value) > EXACT):
            return value if isinstance(value, str) else str(value)
        return value


def kind_of(name: str, dtype: str) -> str:
    """What a column's cells are, from its name and DuckDB type: a year (2022, printed so),
    a number that numbers (a line, a 序号), a count, a decimal, a share (0.0%), text (and
    every integer that names: a hash, an id, a digest), a flag (true or false), or other
    (dates)."""
    if dtype in WIDE_INTEGERS or (dtype in INTEGERS and NAMING.search(name)):
        return "text"
    if dtype in INTEGERS:
        if YEAR.search(name):
            return "year"
        return "number" if NUMBERING.search(name) else "count"
    if dtype in {"DOUBLE", "FLOAT", "REAL"} or dtype.startswith("DECIMAL"):
        return "share" if name == "coverage" or name.startswith("share_") else "decimal"
    if dtype == "VARCHAR" or dtype.endswith("[]"):
        return "text"
    return "flag" if dtype == "BOOLEAN" else "other"


class SheetWriter:
    """One table's sheet."""

    def __init__(self, book, table: str, run: Run, styles: Styles) -> None:
        self.table, self.run, self.styles = table, run, styles
        self.name = sheet_name(table)
        self.sheet = book.add_worksheet(self.name)
        self.part = f"xl/worksheets/sheet{len(book.worksheets())}.xml"  # XlsxWriter's name
        self.date_format = book.default_date_format

    def write(self, con, labels: Mapping[str, str], texts: Texts) -> Table | None:
        """Two header rows (the labels, the column names), then the rows; or, for a table
        too large to read in a sheet, where its rows are. The rows built in bulk are
        returned, for rows.splice to put in the sheet once the workbook is written."""
        sheet, table = self.sheet, self.table
        ((n_rows,),) = con.execute(f"select count(*) from published.marts.{table}").fetchall()
        sql, names = _select(con, table)
        if too_large(n_rows * len(names)):
            sheet.set_column(0, 0, 90)
            sheet.write_string(
                0,
                0,
                f"{n_rows:,} 行，超出工作表可读范围；请用 {table}/ 下的 parquet 文件（{table})",
            )
            print_setup(sheet, [90], self.name, self.run, header_rows=1)
            return None
        relation = con.sql(sql)
        dtypes = [str(dtype) for dtype in relation.dtypes]
        columns = [
            Column(
                name,
                labels.get(name) or BESIDE_LABELS.get(name) or name,
                kind_of(name, dtype),
                texts.get(name),
            )
            for name, dtype in zip(names, dtypes, strict=True)
        ]
        frame = relation.pl() if in_bulk(dtypes, columns, n_rows * len(names)) else None
        rows = [
            [column.show(value) for column, value in zip(columns, row, strict=True)]
            for row in (relation.fetchall() if frame is None else frame.head(SAMPLE).rows())
        ]
        widths = self._columns(columns, rows)
        write_row(sheet, 0, [column.label for column in columns], widths, self.styles.header)
        write_row(sheet, 1, names, widths, self.styles.name, size=NAME_SIZE / 11)
        sheet.freeze_panes(2, 1 if table == RANKING else 0)
        n_rows = len(rows) if frame is None else frame.height
        sheet.autofilter(1, 0, max(1, n_rows + 1), len(names) - 1)
        if frame is None:
            for number, row in enumerate(rows, start=2):
                write_row(sheet, number, row, widths)
        sheet.hide_gridlines(0)  # printed too: a table on paper needs its lines
        print_setup(sheet, widths, self.name, self.run, header_rows=2)
        return None if frame is None else self._in_bulk(frame, columns, widths)

    def _in_bulk(self, frame, columns: list[Column], widths: list[int]) -> Table:
        """The rows to build in bulk, with the style XlsxWriter gives each column's cells:
        its indexes given in the order its own writing would (the header rows first)."""
        formats = [self.styles.number(FORMATS[c.kind], wrap=c.kind == "text") for c in columns]
        for fmt in (self.styles.header, self.styles.name):
            fmt._get_xf_index()
        styles, date_style = styles_of(frame, columns, formats, self.date_format)
        return Table(self.part, frame, columns, widths, styles, date_style)

    def _columns(self, columns: list[Column], rows: list[list]) -> list[int]:
        """Each column's width and format: wide enough for its label on two lines, its
        name on two and its longest value of the first SAMPLE rows, at most MAX_WIDTH;
        text wraps (a longer value takes more lines)."""
        widths = []
        for index, column in enumerate(columns):
            longest = max((_width(row[index]) for row in rows[:SAMPLE]), default=0)
            width = (
                min(
                    MAX_WIDTH,
                    max(
                        MIN_WIDTH,
                        math.ceil(_width(column.label) / 2),
                        math.ceil(len(column.name) / 2),
                        longest,
                    ),
                )
                + 1
            )
            fmt = self.styles.number(FORMATS[column.kind], wrap=column.kind == "text")
            self.sheet.set_column(index, index, width, fmt)
            widths.append(width)
        return widths


def write_row(sheet, number: int, cells: list, widths: list[int], style=None, size=1.0) -> None:
    """A row, as tall as its most wrapped cell: Excel fits a row to wrapped text only when
    it is edited, LibreOffice not always on opening, and a page prints the height the
    file gives."""
    count = max(lines(cell, width, size) for cell, width in zip(cells, widths, strict=False))
    if count > 1:
        sheet.set_row(number, row_points(count, size))
    sheet.write_row(number, 0, cells, style)


def in_chinese_beside(column: str, columns: set[str]) -> bool:
    """A column the sheet leaves to the parquet files, its Chinese standing beside it: a
    code or a text with a *_zh column (verdict, reason_code, note), that text's English
    (reason_en, name_en) and a reason's arguments."""
    stem = re.sub(r"_(code|args|en)$", "", column)
    return f"{column}_zh" in columns or (stem != column and f"{stem}_zh" in columns)


def _select(con, table: str) -> tuple[str, list[str]]:
    """The sheet's query: every column, a name beside each id, times in Beijing time."""
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = 'published' "
        "and schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    ).fetchall()
    select, joins, names = [], [], []
    every = {column for column, _ in columns}
    for column, dtype in columns:
        if in_chinese_beside(column, every):
            continue
        if dtype.startswith("TIMESTAMP") or column.endswith("_at"):
            select.append(
                f"strftime(timezone('Asia/Shanghai', try_cast(t.{column} as timestamptz)), "
                f"'%Y-%m-%d %H:%M:%S') as {column}"
            )
        else:
            select.append(f"t.{column}")
        names.append(column)
        beside = NAMES_BESIDE.get(column)
        if beside and table != beside[0]:
            dim, name, _ = beside
            alias = f"{dim}_{column}"
            joins.append(
                f"left join published.marts.{dim} as {alias} on {alias}.{column} = t.{column}"
            )
            select.append(f"{alias}.{name} as {column.removesuffix('_id')}_name")
            names.append(f"{column.removesuffix('_id')}_name")
    sql = f"select {', '.join(select)} from published.marts.{table} as t {' '.join(joins)}"
    if table in ORDER:
        sql += f" order by {ORDER[table]}"
    return sql, names


def _width(value) -> int:
    """Display width in Excel's column units (the width of a digit): a CJK character is a
    square of the font's size, 2.1 of them."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 7  # FALSE, in capitals wider than digits (narrower, LibreOffice shows 0)
    text = str(value)
    return len(text) if text.isascii() else math.ceil(measure(text, latin=1.0))
