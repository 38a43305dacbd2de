"""The workbook the provincial office opens, prints and passes on: `ecobench.xlsx`.

A guide sheet first (说明: the run and its time in Beijing time, the frameworks, the method
in short, where the files are, and what each sheet holds with its count of rows), then the
marts in reading order under Chinese names (排名, 对标, 达标情况, 发现问题, 指标值, …; a
table the list does not name yet comes last, under its own name, never left out).

Each sheet: the short Chinese name of every column over the column's name, district and
framework names beside their ids, widths that fit CJK text (wrapped where long), an
autofilter, frozen headers, times in Asia/Shanghai. A cell shows what its column is: a year
as 2022 (never 2,022), a hash or id as text (an unsigned 64-bit hash is no number Excel can
hold: 1.46e+19 loses its digits), a count with thousands separators. Every sheet prints as
it is: A4, or A3 landscape when it is too wide for A4 at a legible scale, one page wide, its
two header rows on every page, the run in the page header and 第 &P 页，共 &N 页 below.
Text that looks like a formula stays text.

Written by XlsxWriter (constant memory), in a process of its own while the other exports
run (run.py), all but the data rows of the larger tables: those are built in bulk, column
by column with polars, as the XML XlsxWriter writes for them, and put into each sheet's
part of the file after it (rows.py: ~7 µs a cell through XlsxWriter was most of the
workbook's time).
The parts: sheets (what each sheet is, its labels), guide (说明), cells (columns, formats,
widths, a sheet's writer), rows (the data rows in bulk, a row's height), printing (the
page setup).
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from ecobench.publish.marts import published_tables
from ecobench.publish.workbook.cells import SheetWriter, Styles, in_chinese_beside
from ecobench.publish.workbook.guide import write_guide
from ecobench.publish.workbook.printing import LEGIBLE
from ecobench.publish.workbook.rows import splice
from ecobench.publish.workbook.sheets import (
    GUIDE,
    SHEETS,
    Texts,
    column_labels,
    label_of,
    reading_order,
    run_of,
    sheet_name,
)


def write_workbook_of(warehouse: Path, path: Path) -> Path:
    """The workbook of every marts table of a warehouse (read-only)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        tables = published_tables(con)
        return write_workbook(con, tables, path, code_texts(con, tables))


def code_texts(con: duckdb.DuckDBPyConnection, tables: list[str]) -> Mapping[str, Texts]:
    """table -> column -> {code: its Chinese}, for every column named like a domain of
    marts.dim_text (rating, measure, basis, target_kind, …): the words are the marts' own
    (seeds/reason_texts.csv), none is written here."""
    if "dim_text" not in tables:
        return {}
    words: dict[str, dict[str, str]] = {}
    for domain, code, chinese in con.execute(
        "select domain, code, zh from published.marts.dim_text"
    ).fetchall():
        words.setdefault(domain, {})[code] = chinese
    texts: dict[str, dict[str, Mapping[Any, str]]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = 'published' and schema_name = 'marts'"
    ).fetchall():
        if column in words and table != "dim_text":
            texts.setdefault(table, {})[column] = words[column]
    return texts


def write_workbook(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    path: Path,
    texts: Mapping[str, Texts] | None = None,
) -> Path:
    """Write the workbook of `tables` (read as published.marts.<table>) to path, swapped
    in whole. texts: table -> column -> {code: words}, the words a sheet shows for a
    column's codes (a code not listed shows as it is)."""
    import xlsxwriter

    tmp = path.with_name(f".{path.name}.tmp")
    written = io.BytesIO()  # all but the rows built in bulk: headers, columns, the guide
    book = xlsxwriter.Workbook(
        written,
        {
            "constant_memory": True,
            "strings_to_formulas": False,  # a remark that starts with = is text
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    styles = Styles(book)
    ordered = reading_order(tables)
    run = run_of(con)
    write_guide(con, book.add_worksheet(GUIDE), ordered, run, styles)
    labels = column_labels(con)
    in_bulk = []
    for table in ordered:
        sheet = SheetWriter(book, table, run, styles)
        rows = sheet.write(con, labels.get(table, {}), (texts or {}).get(table, {}))
        in_bulk += [rows] if rows else []
    book.close()
    splice(written, tmp, in_bulk)
    os.replace(tmp, path)
    return path


__all__ = [
    "LEGIBLE",
    "SHEETS",
    "code_texts",
    "in_chinese_beside",
    "label_of",
    "sheet_name",
    "write_workbook",
    "write_workbook_of",
]
