"""A table sheet's data rows in bulk: the XML XlsxWriter writes for them (constant_memory:
every string inline), built with polars a column at a time over the whole table and put
into the sheet's part of the file once XlsxWriter has written the rest (the guide, the two
header rows, the columns, the page). Through XlsxWriter a cell cost ~7 µs, nearly all in
its calls for each cell (docs/performance.md).

What a cell is stays XlsxWriter's rule, reproduced here and held to it by
tests/publish/test_workbook_rows.py: the style of its column (a cell written with no format
of its own), a string escaped as XlsxWriter escapes it, a number as it prints one (%.16G),
NaN and ±inf as its errors (nan_inf_to_errors), a date as a serial day in the workbook's
date format, an empty string or None no cell; a row as tall as its most wrapped cell."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Protocol

import polars as pl
from xlsxwriter.utility import xl_col_to_name

from ecobench.publish.workbook.heights import lines, row_points

if TYPE_CHECKING:
    from pathlib import Path

EXACT = 2**53  # the largest integer a cell (a double) holds exactly


# the DuckDB types whose cells are built here; a sheet with another type is written by
# XlsxWriter cell by cell, as every sheet was
BULK_TYPES = {
    *(f"{u}{t}" for u in ("", "U") for t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")),
    *("DOUBLE", "FLOAT", "BOOLEAN", "DATE", "VARCHAR", "VARCHAR[]"),
}


# the least cells of a sheet built here: XlsxWriter writes fewer in less time than polars
# takes to start on a column (the tests' five-document workbook, whose tables are small,
# took 1.9 s built in bulk, 1.2-1.3 s so and with XlsxWriter)
BULK_CELLS = 5_000


STRMAX = 32767  # UTF-16 units in a cell; XlsxWriter cuts a longer string


ESCAPED = re.compile(r"_x[0-9a-fA-F]{4}_")  # XlsxWriter escapes the escape: _x005F_x0000_


CONTROL = [*range(0x09), *range(0x0B, 0x20), 0xFFFE, 0xFFFF]  # written as _xHHHH_


CONTROLS = "[" + "".join(f"\\x{{{code:X}}}" for code in CONTROL) + "]"  # as a regex


SPECIAL = f"[&<>]|{CONTROLS}|{ESCAPED.pattern}"  # a string XlsxWriter escapes some of


# Python's \s, which XlsxWriter looks for at either end of a string to preserve it
WHITESPACE = [c for c in map(chr, range(0x10000)) if c.isspace()]


class Column(Protocol):
    """A column as cells.Column describes it: what its cells are and the words its codes
    are shown as."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def texts(self) -> Mapping[Any, str] | None: ...


@dataclass(frozen=True)
class Table:
    """A sheet's rows waiting for its part (xl/worksheets/sheetN.xml): the table, its
    columns and widths, and the style (XlsxWriter's xf index) of each column and of a
    date."""

    part: str
    frame: pl.DataFrame
    columns: Sequence[Column]
    widths: list[int]
    styles: list[int]
    date_style: int


def styles_of(
    frame: pl.DataFrame, columns: Sequence[Column], formats: list, date_format
) -> tuple[list[int], int]:
    """The style (xf index) of each column's cells and of a date, given as XlsxWriter gives
    them: a format's at its first cell, row by row (a column without cells: none, 0)."""
    first = []
    for index, (values, column) in enumerate(zip(frame.iter_columns(), columns, strict=True)):
        rows = _written(values, column).arg_true()
        if len(rows):
            fmt = date_format if values.dtype == pl.Date else formats[index]
            first.append((int(rows[0]), index, fmt))
    given = {index: fmt._get_xf_index() for _, index, fmt in sorted(first)}
    dated = [style for index, style in given.items() if frame.dtypes[index] == pl.Date]
    return [given.get(index, 0) for index in range(frame.width)], (dated or [0])[0]


def _written(values: pl.Series, column: Column) -> pl.Series:
    """Whether each value is a cell (None, an empty string or list is none)."""
    written = values.is_not_null()
    if values.dtype == pl.String:
        written &= _shown(values, column) != ""
    elif isinstance(values.dtype, pl.List):
        written &= values.list.len() > 0
    return written


def in_bulk(dtypes: list[str], columns: Sequence[Column], cells: int) -> bool:
    """Whether this module builds the sheet's cells: enough of them, every type known, and
    every code a column shows words for a string (Column.show looks an int or a bool up
    too)."""
    return (
        cells >= BULK_CELLS
        and all(dtype in BULK_TYPES for dtype in dtypes)
        and all(isinstance(code, str) for column in columns for code in (column.texts or {}))
    )


def splice(book: IO[bytes], path: Path, tables: list[Table]) -> None:
    """Write to path the workbook XlsxWriter wrote (book), each table's rows in its
    sheet's part after the header rows, the part's dimension to its last row."""
    waiting = {table.part: table for table in tables}
    with (
        zipfile.ZipFile(book) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            table = waiting.get(info.filename)
            if table is None:
                target.writestr(copy, source.read(info))
                continue
            head, end, tail = source.read(info).decode().partition("</sheetData>")
            if not end:  # XlsxWriter wrote the header rows: a sheet without them is no table
                raise ValueError(f"{info.filename} has no rows to follow")
            last = _last_row(table)
            if last:
                head = re.sub(
                    r'(<dimension ref="[A-Z]+1:[A-Z]+)\d+"', rf'\g<1>{last}"', head, count=1
                )
            with target.open(copy, "w") as out:
                out.write(head.encode())
                # a chunk of rows at a time: the XML of a whole large sheet at once took
                # the workbook's process from 200 MB to 450 MB on the bench warehouse
                for start in range(0, table.frame.height, CHUNK):
                    rows = row_xml(table, start)
                    out.write(rows.str.join("").cast(pl.Binary).item())
                out.write((end + tail).encode())


# rows built, joined and compressed at a time (bench warehouse: 3.3 s, 320 MB; 20,000
# rows: 2.8 s, 410 MB; 2,000: 4.0 s, 270 MB)
CHUNK = 5_000


def _last_row(table: Table) -> int:
    """The number of the sheet's last row with a cell (0: none): the headers are rows 1
    and 2."""
    frame = table.frame
    written = pl.repeat(False, frame.height, eager=True)
    for values, column in zip(frame.iter_columns(), table.columns, strict=True):
        written |= _written(values, column)
    rows = written.arg_true()
    return int(rows[-1]) + 3 if len(rows) else 0


def row_xml(table: Table, offset: int = 0) -> pl.Series:
    """CHUNK of the sheet's data rows from its row `offset` as XlsxWriter writes them (the
    first is row 3: the headers are rows 1 and 2), a row of XML each (none for a row
    without cells)."""
    frame = table.frame.slice(offset, CHUNK)
    if frame.height == 0:
        return pl.Series([], dtype=pl.String)
    first = offset + 3
    numbers = pl.int_range(first, first + frame.height, eager=True).cast(pl.String).alias("r")
    cells, tall = [], [pl.repeat(1, frame.height, dtype=pl.Int64, eager=True)]
    for index, (column, style) in enumerate(zip(table.columns, table.styles, strict=True)):
        start = f'<c r="{xl_col_to_name(index)}'
        values = frame.to_series(index)
        xml, text = _cells(values, column, Cell(start, numbers, style, table.date_style))
        cells.append(xml.alias(f"c{index}"))
        if text is not None:
            tall.append(_lines(text, table.widths[index]))
    counts = pl.select(pl.max_horizontal(tall)).to_series().alias("n")
    attribute = {n: _height_attribute(n) for n in counts.unique().to_list()}
    every = pl.DataFrame([numbers, counts, *cells])
    opening = pl.concat_str(
        pl.lit('<row r="'),
        pl.col("r"),
        pl.lit('"'),
        pl.col("n").replace_strict(attribute, return_dtype=pl.String),
        pl.lit(">"),
    )
    names = [cell.name for cell in cells]
    row = pl.concat_str([opening, *map(pl.col, names), pl.lit("</row>")], ignore_nulls=True)
    rows = every.select(
        pl.when(pl.any_horizontal(pl.col(name).is_not_null() for name in names)).then(row)
    ).to_series()
    return rows.drop_nulls()


@dataclass(frozen=True)
class Cell:
    """What every cell of a column starts with: <c r="A (its column), its row's number,
    its column's style, and the style of a date."""

    start: str
    numbers: pl.Series
    style: int
    date_style: int

    def xml(self, middle: str, value: pl.Series, end: str) -> pl.Series:
        """<c r="A3" s="5"{middle}{value}{end} for each value (none where it is null)."""
        return pl.select(
            pl.concat_str(
                pl.lit(f"{self.start}"),
                pl.lit(self.numbers),
                pl.lit(f'" s="{self.style}"{middle}'),
                pl.lit(value),
                pl.lit(end),
            )
        ).to_series()


def _cells(values: pl.Series, column: Column, cell: Cell) -> tuple[pl.Series, pl.Series | None]:
    """A column's cells, as Column.show makes them and XlsxWriter's write() writes them:
    each one's XML (null: no cell) and, where it is a string, its text (for the row's
    height)."""
    dtype = values.dtype
    if dtype == pl.String or isinstance(dtype, pl.List) or column.kind == "text":
        text = _shown(values, column)
        return _strings(text, cell), text
    if dtype.is_integer():  # past what a double holds, as text (Column.show)
        wide = values.cast(pl.Int64 if dtype.is_signed_integer() else pl.UInt64)
        big = (wide > EXACT) | (wide < -EXACT) if dtype.is_signed_integer() else wide > EXACT
        text = _where(big, values.cast(pl.String))
        number = cell.xml("><v>", _where(~big, values.cast(pl.String)), "</v></c>")
        return _where(big, _strings(text, cell), number), text
    if dtype.is_float():
        return _floats(values.cast(pl.Float64), cell), None
    if dtype == pl.Boolean:
        return cell.xml(' t="b"><v>', values.cast(pl.UInt8).cast(pl.String), "</v></c>"), None
    if dtype == pl.Date:  # a serial day: from 1899-12-31, and Excel's 1900-02-29
        days = (values - date(1899, 12, 31)).dt.total_days()
        days = _where(days > 59, days + 1, days).cast(pl.String)
        return Cell(cell.start, cell.numbers, cell.date_style, 0).xml(
            "><v>", days, "</v></c>"
        ), None
    raise TypeError(f"no cells in bulk of {dtype} ({column.name})")


def _where(mask: pl.Series, values: pl.Series, other: pl.Series | None = None) -> pl.Series:
    """values where mask holds, else other (else null)."""
    otherwise = pl.lit(other) if other is not None else pl.lit(None, dtype=values.dtype)
    return pl.select(pl.when(pl.lit(mask)).then(pl.lit(values)).otherwise(otherwise)).to_series()


def _shown(values: pl.Series, column: Column) -> pl.Series:
    """The text of each cell (Column.show): its words where texts has them, a list's
    items joined by 、 (None as None), an integer as its digits."""
    if isinstance(values.dtype, pl.List):
        return values.list.eval(pl.element().fill_null("None")).list.join("、")
    if values.dtype != pl.String:
        return values.cast(pl.String)
    return values.replace(dict(column.texts)) if column.texts else values


def _strings(text: pl.Series, cell: Cell) -> pl.Series:
    """Inline strings as XlsxWriter writes them: cut to what a cell holds, control
    characters as _xHHHH_ (and a literal _xHHHH_ escaped), & < > as entities, the
    whitespace at either end preserved; an empty string no cell."""
    if (text.str.len_chars() > STRMAX // 2).any():
        text = text.map_elements(_cut, return_dtype=pl.String)
    special = text.str.contains(SPECIAL).any()  # else none of the three scans below
    if special and text.str.contains(ESCAPED.pattern).any():
        text = text.str.replace_all(f"({ESCAPED.pattern})", "_x005F${1}")
    if special and text.str.contains(CONTROLS).any():
        for code in CONTROL:
            text = text.str.replace_all(chr(code), f"_x{code:04X}_", literal=True)
    edges = _edges(text)
    if special and text.str.contains("[&<>]").any():
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = text.str.replace_all(char, entity, literal=True)
    text = _where(text != "", text)
    if edges.any():
        preserve = pl.when(pl.lit(edges)).then(pl.lit(' xml:space="preserve">'))
        text = pl.select(pl.concat_str(preserve.otherwise(pl.lit(">")), pl.lit(text))).to_series()
        return cell.xml(' t="inlineStr"><is><t', text, "</t></is></c>")
    return cell.xml(' t="inlineStr"><is><t>', text, "</t></is></c>")


def _edges(text: pl.Series) -> pl.Series:
    """Whether a string starts or ends with whitespace (Python's, as XlsxWriter's regex)."""
    return pl.select(
        pl.lit(text).str.head(1).is_in(WHITESPACE) | pl.lit(text).str.tail(1).is_in(WHITESPACE)
    ).to_series()


def _cut(text: str | None) -> str | None:
    """A string cut to STRMAX UTF-16 units, as XlsxWriter cuts it (never within a
    character past U+FFFF)."""
    if text is None or len(text) <= STRMAX // 2:
        return text
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > STRMAX:
            return text[:index]
    return text


def _floats(values: pl.Series, cell: Cell) -> pl.Series:
    """Numbers as XlsxWriter prints them (%.16G: 0.1 as 0.1, 1e-05 as 1E-05); NaN as
    #NUM!, ±inf as #DIV/0! (nan_inf_to_errors)."""
    finite = values.filter(values.is_finite() & (values != 0)).unique().to_list()
    printed = pl.select(
        pl.when(pl.lit(values) == 0)
        .then(pl.when(1 / pl.lit(values) < 0).then(pl.lit("-0")).otherwise(pl.lit("0")))
        .when(pl.lit(values).is_finite())
        .then(
            pl.lit(values).replace_strict(
                finite, [f"{x:.16G}" for x in finite], default=None, return_dtype=pl.String
            )
        )
    ).to_series()
    numbers = cell.xml("><v>", printed, "</v></c>")
    errors = pl.select(
        pl.when(pl.lit(values).is_nan())
        .then(pl.lit("<f>#NUM!</f><v>#NUM!</v></c>"))
        .when(pl.lit(values) == float("inf"))
        .then(pl.lit("<f>1/0</f><v>#DIV/0!</v></c>"))
        .when(pl.lit(values) == float("-inf"))
        .then(pl.lit("<f>-1/0</f><v>#DIV/0!</v></c>"))
    ).to_series()
    return _where(errors.is_null(), numbers, cell.xml(' t="e">', errors, ""))


def _lines(text: pl.Series, width: int) -> pl.Series:
    """lines() of each text at once: in tenths of a column unit (a CJK character 21, any
    other 9) each part between newlines takes ceil(its width / the column's) lines; a
    part exactly a whole number of lines wide, where lines()'s float sum may fall either
    side, is measured by lines() itself."""
    unit = 10 * (width - 1)
    breaks = text.str.contains("\n", literal=True)
    # at most 9 tenths a character, 21 a CJK one, which takes three bytes in UTF-8: a text
    # narrower than that bound takes one line, unmeasured
    bound = 3 * text.str.len_chars().cast(pl.Int64) + 6 * text.str.len_bytes().cast(pl.Int64)
    short = ~breaks & (bound < unit)
    wrapped = (~short).fill_null(False).arg_true()
    counts = pl.repeat(1, len(text), dtype=pl.Int64, eager=True)
    if not len(wrapped):
        return counts
    parts = pl.DataFrame({"t": text.gather(wrapped), "breaks": breaks.gather(wrapped)}).select(
        pl.when(pl.col("breaks"))
        .then(pl.col("t").str.split("\n"))
        .otherwise(pl.concat_list(pl.col("t")))
        .list.eval(_tenths(pl.element()))
    )["t"]
    ceiling = pl.element() // unit + (pl.element() % unit > 0)
    found = parts.list.eval(pl.max_horizontal(1, ceiling)).list.sum().to_list()
    edges = parts.list.eval((pl.element() % unit == 0) & (pl.element() > 0)).list.any()
    for index in edges.arg_true().to_list():
        found[index] = lines(text[int(wrapped[index])], width)
    return counts.scatter(wrapped, found)


def _tenths(text: pl.Expr) -> pl.Expr:
    """measure(text, latin=0.9) in tenths, exactly: 21 a CJK character, 9 any other."""
    cjk = text.str.count_matches("[\\x{2E80}-\\x{FFEF}]").cast(pl.Int64)
    return 9 * text.str.len_chars().cast(pl.Int64) + 12 * cjk


def _height_attribute(count: int) -> str:
    """A row's height as XlsxWriter's set_row writes it: in whole pixels, printed in
    points; none for a row of one line."""
    if count <= 1:
        return ""
    pixels = int(row_points(count) * 4.0 / 3.0 + 0.5)
    return f' ht="{pixels * 0.75:.16g}" customHeight="1"'
