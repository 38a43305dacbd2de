"""The workbook the provincial office opens: `ecobench.xlsx`.

A guide sheet first (说明: what each sheet is, the run and its time in Beijing time, the
frameworks, the method in short, where the files are), then the marts in reading order
under Chinese names (排名, 对标, 达标情况, 发现问题, 指标值, …; a table the list does not
name yet comes last, under its own name, never left out). Each sheet: the short Chinese
name of every column (from the comment dbt persists from the column's description, never a
list of values; its name where it has none) over the column name, district and framework
names beside their ids, widths that fit CJK text (wrapped where long), an autofilter,
frozen headers, times in Asia/Shanghai. A year shows as 2022 (never 2,022), a hash or an id
as text (a 64-bit hash is no number Excel holds: 1.46e+19 loses its digits); the words a
column's codes are shown as can be given (write_workbook's texts). The ranking prints on
landscape pages one wide with its headers repeated. Text that looks like a formula stays text. Written by XlsxWriter, row by row (constant
memory), in a process of its own while the other exports run (exports.py).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

BEIJING = ZoneInfo("Asia/Shanghai")
GUIDE = "说明"
# a worksheet holds 1,048,576 rows and a person reads far fewer: a larger table (the
# submissions of a province, its progress rows) is exported as parquet only, and its sheet
# says so. Counted in cells (rows x columns): writing them cell by cell costs ~150,000 a
# second here, and rpt_progress at 1,000 districts (99,160 rows of 33 columns) held the
# refresh 35 s under a limit of 100,000 rows (README: scale and speed)
EXCEL_MAX_CELLS = 1_000_000
# table -> (sheet name, what a reader finds there), in reading order
SHEETS = {
    "rpt_district_ranking": (
        "排名",
        "各区县在每个指标体系下的总分、领域得分与名次（得分0-100，覆盖不足不排名）",
    ),
    "rpt_benchmark_concept": ("对标", "每个区县每个指标概念的现状值与各体系标准值的对照"),
    "rpt_compliance_summary": ("达标情况", "每个区县每个体系达标、未达标、无数据的指标数"),
    "rpt_findings": ("发现问题", "文件之间或与体系之间不一致之处，注明文件与行号"),
    "fct_indicator_values": ("指标值", "文件所列每一个数值：标准值、现状值、目标值，注明出处"),
    "rpt_binding_failures": (
        "约束性未达标",
        "每个区县在适用的每个体系下当前未达标的约束性指标（文件与填报），注明出处",
    ),
    "rpt_progress": (
        "进展",
        "每个区县每项指标对照自定目标与体系标准的进展：最新现状、实际与所需年均变化、预计达标年数、进展类别",
    ),
    "rpt_progress_summary": ("进展汇总", "每个区县每个体系各进展类别的指标数，约束性指标单列"),
    "fct_status_trajectory": ("现状序列", "每个区县每项指标历年的现状值及出处"),
    "rpt_ranking_disparity": ("差距", "各排名中前20%与后20%区县的平均得分差距（全部、省内、市内）"),
    "rpt_domain_compliance": ("领域达标", "按领域汇总的达标情况"),
    "rpt_target_ambition": ("目标力度", "区县自定目标与体系标准相比的力度"),
    "rpt_plan_coverage": ("体系覆盖", "区县规划覆盖体系指标的程度"),
    "rpt_cross_framework": ("跨体系比较", "同一概念在不同体系版本中的标准变化"),
    "rpt_district_profile": ("区县概况", "每个区县的文件、指标与达标概况"),
    "fct_submitted_values": ("填报值", "区县每年填报的现状值（含被更正的历史值）"),
    "fct_submission_verdicts": ("填报达标", "填报值对照体系标准的判定"),
    "fct_indicator_scores": ("指标得分", "每项指标的得分（0-100）与信号灯"),
    "fct_domain_scores": ("领域得分", "每个领域的平均得分"),
    "fct_indicator_value_history": ("历史版本值", "被新版文件替代的旧版文件中的数值"),
    "fct_tasks": ("任务", "文件中的重点任务及责任单位"),
    "fct_task_concepts": ("任务与指标", "任务所对应的指标概念"),
    "fct_projects": ("项目", "文件中的重点工程项目"),
    "dim_district": ("区县", "区县名录：代码、所属市、省"),
    "dim_framework": ("指标体系", "指标体系名录"),
    "dim_framework_indicator": ("体系指标", "各体系版本的指标、单位与标准值"),
    "dim_concept": ("指标概念", "跨版本的指标概念及其方向"),
    "dim_document": ("文件", "输入文件：标题、文号、日期、哈希值"),
    "pipeline_runs": ("运行记录", "每次刷新的时间、状态与说明"),
    "dq_results": ("质量检查", "每次刷新的每项数据质量检查结果"),
    "dq_quarantine": ("隔离文件", "被隔离的文件、原因与出错行"),
}
RANKING = "rpt_district_ranking"
ORDER = {RANKING: "t.framework_id, t.basis, t.domain, t.rank nulls last, t.district_id"}
NAMES_BESIDE = {  # an id column -> the name shown beside it, from its dimension
    "district_id": ("dim_district", "name_zh", "区县名称"),
    "framework_id": ("dim_framework", "name_zh", "指标体系名称"),
}
METHOD = (
    "得分：每项指标按其体系标准值折算为0-100分（达到标准为100分，下限见 seeds/ranking_bounds.csv），"
    "领域与总分为等权平均；指标覆盖不足80%的区县不排名，显示为数据不足。",
    "达标：现状值与体系标准值逐项比较；定性指标按文件所述判定。",
    "方法详见 docs/methodology.md；每个数值可按“来源文件、行号”追溯到原文。",
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
EXACT = 2**53  # the largest integer a cell (a double) holds exactly


def column_labels(con: duckdb.DuckDBPyConnection, database: str = "published") -> dict:
    """table -> column -> label: the short Chinese name of the column, from its dbt
    description ("English. 中文。"), which dbt writes into the warehouse as the column's
    comment (persist_docs, dbt_project.yml). Where a description gives no name (its
    Chinese is a list of values, or a sentence), the name the same column has in the
    other marts; a column with neither has none here (its own name is shown)."""
    named: dict[str, dict[str, str | None]] = {}
    for table, column, comment in con.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = ? and schema_name = 'marts'",
        [database],
    ).fetchall():
        named.setdefault(table, {})[column] = label_of(comment or "")
    usual: dict[str, Counter] = {}
    for columns in named.values():
        for column, label in columns.items():
            if label:
                usual.setdefault(column, Counter())[label] += 1
    labels: dict[str, dict[str, str]] = {}
    for table, columns in named.items():
        for column, label in columns.items():
            found = label or (usual[column].most_common(1)[0][0] if column in usual else None)
            if found:
                labels.setdefault(table, {})[column] = found
    return labels


_SENTENCE_END = re.compile(r"(?<=[.…!?;:])\s+|(?<=。)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ENGLISH = re.compile(r"[A-Za-z]+\s+[A-Za-z]+")  # two English words: a sentence, no name
_ITEMS = re.compile(r"[,，、;；|/]|…|\.\.\.")
MAX_LABEL = 20  # characters: a name, not a sentence


def label_of(description: str) -> str | None:
    """A column's short Chinese name from its description: the last sentence that is
    Chinese, to its first ；, less a bracket that lists things (在原文件中的位置（表、行、
    列或段落）is 在原文件中的位置); None when that is no name: a list of values (null for
    无数据，今年开展申报, 已建立, 制定中… once made the label of value_num), or too long."""
    for sentence in reversed([s.strip() for s in _SENTENCE_END.split(description)]):
        if sentence.endswith("。") and _CJK.search(sentence) and not _ENGLISH.search(sentence):
            label = re.split(r"[；;]", sentence.removesuffix("。"))[0]
            label = re.sub(r"（([^（）]*)）", lambda m: "" if is_value_list(m[1]) else m[0], label)
            label = label.strip()
            ok = _CJK.search(label) and not is_value_list(label) and len(label) <= MAX_LABEL
            return label if ok else None
    return None


def is_value_list(text: str) -> bool:
    """Three items or more set apart by commas, 、, semicolons, bars, slashes or an
    ellipsis: a list of values, which names no column."""
    return sum(1 for item in _ITEMS.split(text) if item.strip()) >= 3


def reading_order(tables: list[str]) -> list[str]:
    """The tables in the order a reader wants them; any the list does not name, last."""
    return [t for t in SHEETS if t in tables] + sorted(t for t in tables if t not in SHEETS)


def write_workbook_of(warehouse: Path, path: Path) -> Path:
    """The workbook of every marts table of a warehouse (read-only)."""
    from ecobench.publish.exports import published_tables

    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        return write_workbook(con, published_tables(con), path)


Texts = Mapping[str, Mapping[Any, str]]  # a column -> the words shown for each of its codes


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
    book = xlsxwriter.Workbook(
        tmp,
        {
            "constant_memory": True,
            "strings_to_formulas": False,  # a remark that starts with = is text
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    styles = _Styles(book)
    ordered = reading_order(tables)
    _write_guide(con, book.add_worksheet(GUIDE), ordered, styles)
    labels = column_labels(con)
    for table in ordered:
        _write_table(con, book, table, labels.get(table, {}), styles, (texts or {}).get(table, {}))
    book.close()
    os.replace(tmp, path)
    return path


class _Styles:
    def __init__(self, book) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        self.name = book.add_format(
            {"italic": True, "font_color": "#595959", "bg_color": "#F2F2F2"}
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


def _write_guide(con, sheet, tables: list[str], styles: _Styles) -> None:
    """说明: what the workbook holds and where it comes from."""
    run = con.execute(
        "select run_id, status, ended_at from published.marts.pipeline_runs "
        "where status like 'published%' order by started_at desc limit 1"
    ).fetchall()
    frameworks = con.execute(
        "select framework_id, name_zh, name_en from published.marts.dim_framework order by all"
    ).fetchall()
    run_id, status, ended = run[0] if run else ("-", "-", None)
    lines: list[tuple[str, str] | tuple[str]] = [
        ("生态文明建设指标对标数据（ecobench）",),
        ("刷新批次 Run", f"{run_id}（{status}）"),
        ("生成时间（北京时间） Generated (Asia/Shanghai)", _beijing(ended)),
        ("导出时间（北京时间） Exported", datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")),
        (
            "文件位置 Files",
            "reports/exports/：ecobench.xlsx、每表一个 parquet、report.html、dbt_docs/；"
            "数据仓库 warehouse/ecobench.duckdb",
        ),
        ("",),
        ("指标体系 Frameworks",),
        *((f"{fid}", f"{zh}（{en}）") for fid, zh, en in frameworks),
        ("",),
        ("方法 Method",),
        *(("", text) for text in METHOD),
        ("",),
        ("工作表 Sheets",),
    ]
    for number, line in enumerate(lines):
        if len(line) == 1:
            sheet.write_string(number, 0, line[0], styles.title if number == 0 else styles.bold)
        else:
            sheet.write_string(number, 0, line[0], styles.wrap)
            sheet.write_string(number, 1, line[1], styles.wrap)
    start = len(lines)
    sheet.write_row(start, 0, ["工作表", "内容", "数据表"], styles.header)
    for offset, table in enumerate(tables, start=1):
        name, what = SHEETS.get(table, (table[:31], "（新增数据表）"))
        sheet.write_row(start + offset, 0, [name, what, f"marts.{table}"], styles.wrap)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90)
    sheet.set_column(2, 2, 30)


def _beijing(iso: str | None) -> str:
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _select(con, table: str) -> tuple[str, list[str], list[str]]:
    """The sheet's query: every column, a name beside each id, times in Beijing time."""
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = 'published' "
        "and schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    ).fetchall()
    select, joins, names = [], [], []
    for column, dtype in columns:
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
    return sql, names, [dtype for _, dtype in columns]


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


def _write_table(
    con, book, table: str, labels: dict[str, str], styles: _Styles, texts: Texts
) -> None:
    name = SHEETS.get(table, (table[:31], ""))[0]
    sheet = book.add_worksheet(name)
    ((n_rows,),) = con.execute(f"select count(*) from published.marts.{table}").fetchall()
    sql, names, _ = _select(con, table)
    if n_rows * len(names) > EXCEL_MAX_CELLS:
        sheet.write_string(
            0, 0, f"{n_rows:,} 行，超出工作表可读范围；请用 {table}/ 下的 parquet 文件（{table})"
        )
        return
    relation = con.sql(sql)
    columns = [
        Column(name, _title(name, labels), kind_of(name, str(dtype)), texts.get(name))
        for name, dtype in zip(names, relation.dtypes, strict=True)
    ]
    rows = [
        [column.show(value) for column, value in zip(columns, row, strict=True)]
        for row in relation.fetchall()
    ]
    titles = [column.label for column in columns]
    widths = [
        min(60, max(8, _width(title), _width(column), *(_width(row[i]) for row in rows[:500])))
        for i, (title, column) in enumerate(zip(titles, names, strict=True))
    ]
    for index, column in enumerate(columns):
        fmt = styles.number(FORMATS[column.kind], widths[index] >= 60)
        sheet.set_column(index, index, widths[index] + 2, fmt)
    sheet.write_row(0, 0, titles, styles.header)
    sheet.write_row(1, 0, names, styles.name)
    sheet.freeze_panes(2, 1 if table == RANKING else 0)
    sheet.autofilter(1, 0, max(1, len(rows) + 1), len(names) - 1)
    for number, row in enumerate(rows, start=2):
        sheet.write_row(number, 0, row)
    if table == RANKING:  # printed as it is: landscape, one page wide, headers on each page
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0, 1)
        sheet.set_header(f"&C{name}")
        sheet.set_footer("&C第 &P 页，共 &N 页")


def _title(column: str, labels: dict[str, str]) -> str:
    """The Chinese label of a column: its dbt description's, that of a name set beside an
    id, else the column's own name."""
    beside = {f"{c.removesuffix('_id')}_name": title for c, (_, _, title) in NAMES_BESIDE.items()}
    return labels.get(column) or beside.get(column) or column


def _width(value) -> int:
    """Display width: a CJK character takes two columns."""
    if value is None:
        return 0
    text = str(value)
    return sum(
        2 if "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" else 1 for char in text
    )


if __name__ == "__main__":  # in its own process (exports.py)
    write_workbook_of(Path(sys.argv[1]), Path(sys.argv[2]))
