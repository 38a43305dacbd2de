"""The guide sheet 说明: the run and its time, the frameworks, the method in short, and for
each sheet what it holds, its mart and its count of rows (of each kind where kinds
matter)."""

from __future__ import annotations

from datetime import datetime

from ecobench.publish.marts import BEIJING
from ecobench.publish.workbook.cells import Styles, write_row
from ecobench.publish.workbook.printing import print_setup
from ecobench.publish.workbook.sheets import (
    GUIDE,
    METHOD,
    NAMES_BESIDE,
    SHEETS,
    Run,
    Sheet,
    sheet_name,
    too_large,
)


def write_guide(con, sheet, tables: list[str], run: Run, styles: Styles) -> None:
    """说明: what the workbook holds and where it comes from; each sheet with what it holds
    and its count of rows (those of each kind, where a reader must tell kinds apart)."""
    frameworks = con.execute(
        "select framework_id, name_zh, name_en from published.marts.dim_framework order by all"
    ).fetchall()
    lines: list[tuple[str, ...]] = [
        ("生态文明建设指标对标数据（ecobench）",),
        ("刷新批次 Run", f"{run.run_id}（{run.status}）"),
        ("生成时间（北京时间） Generated (Asia/Shanghai)", run.generated),
        ("导出时间（北京时间） Exported", datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")),
        (
            "文件位置 Files",
            "reports/exports/：ecobench.xlsx、每表一个 parquet（按区县的表分 16 组，每组一个）、report.html、dbt_docs/；"
            "数据仓库 warehouse/ecobench.duckdb",
        ),
        (
            "打印 Print",
            "每个工作表均已设置打印：A4（过宽的表用A3横向）、缩放至一页宽、每页重复两行表头，"
            "页眉为刷新批次，页脚为页码",
        ),
        ("",),
        ("指标体系 Frameworks",),
        *((f"{fid}", f"{zh}（{en}）") for fid, zh, en in frameworks),
        ("",),
        ("方法 Method",),
        *(("", text) for text in METHOD),
        ("",),
        ("工作表 Sheets（行数：表头两行以下的数据行数）",),
    ]
    widths = [16, 44, 8, 30]
    for index, width in enumerate(widths):
        fmt = styles.number("#,##0", False) if index == 2 else styles.wrap
        sheet.set_column(index, index, width, fmt)
    for number, line in enumerate(lines):
        if len(line) > 1:
            write_row(sheet, number, list(line), widths)
        else:  # a heading, across the page
            sheet.write_string(number, 0, line[0], styles.title if number == 0 else styles.bold)
    start = len(lines)
    write_row(sheet, start, ["工作表", "内容", "行数", "数据表"], widths, styles.header)
    for offset, table in enumerate(tables, start=1):
        n_rows, what = _described(con, table)
        write_row(
            sheet, start + offset, [sheet_name(table), what, n_rows, f"marts.{table}"], widths
        )
    print_setup(sheet, widths, GUIDE, run, header_rows=1)


def _described(con, table: str) -> tuple[int, str]:
    """A table's count of rows, and what its sheet holds: with the count of each kind of
    row where there are kinds to tell apart; for a table too large for a sheet, where
    its rows are."""
    ((n_rows,),) = con.execute(f"select count(*) from published.marts.{table}").fetchall()
    sheet = SHEETS.get(table, Sheet(table, "（新增数据表，尚无说明）"))
    what = sheet.what
    if sheet.kinds:
        column, words = sheet.kinds
        counted = dict(
            con.execute(
                f"select {column}, count(*) from published.marts.{table} group by all"
            ).fetchall()
        )
        kinds = [f"{said} {counted.pop(value, 0):,} 行" for value, said in words.items()]
        kinds += [f"{value} {n:,} 行" for value, n in counted.items()]
        what += "。本次其中：" + "，".join(kinds)
    if too_large(n_rows * _n_columns(con, table)):
        what += f"。行数超出工作表可读范围，见 parquet 文件 {table}"
    return n_rows, what


def _n_columns(con, table: str) -> int:
    """The columns of a table's sheet: its own, and a name beside each id of NAMES_BESIDE."""
    columns = [
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where database_name = 'published' "
            "and schema_name = 'marts' and table_name = ?",
            [table],
        ).fetchall()
    ]
    return len(columns) + sum(
        1 for c in columns if c in NAMES_BESIDE and NAMES_BESIDE[c][0] != table
    )
