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

Written by XlsxWriter, row by row (constant memory), in a process of its own while the
other exports run (exports.py).
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from ecobench.publish.marts import BEIJING, published_tables

GUIDE = "说明"
# a worksheet holds 1,048,576 rows and a person reads far fewer: a larger table (the
# submissions of a province, its progress rows) is exported as parquet only, and its sheet
# says so. Counted in cells (rows x columns): writing them cell by cell costs ~150,000 a
# second here, and rpt_progress at 1,000 districts (99,160 rows of 33 columns) held the
# refresh 35 s under a limit of 100,000 rows (docs/performance.md)
EXCEL_MAX_CELLS = 1_000_000


class Sheet(NamedTuple):
    """A table's sheet: its name, what a reader finds there (true of the mart's SQL: the
    guide prints it), and, where the rows are of kinds a reader must tell apart, the
    column (an SQL expression) that tells them and the words for each of its values: the
    guide counts the rows of each kind."""

    name: str
    what: str
    kinds: tuple[str, dict[Any, str]] | None = None


# table -> its sheet, in reading order
SHEETS = {
    "rpt_district_ranking": Sheet(
        "排名",
        "各区县在每个评价体系下、按现状与目标两种口径的总分、领域得分与名次（全部、市内、省内）；"
        "得分0-100，指标覆盖不足的区县不排名",
    ),
    "rpt_benchmark_concept": Sheet(
        "对标",
        "每个区县每个指标概念（分口径）的最新现状值、各年目标，对照各评价体系版本的标准值与评级",
    ),
    "rpt_compliance_summary": Sheet(
        "达标情况",
        "每个区县每个文件指标表按两种口径（文件自评、系统计算）的达标、未达标、无法判定的一级指标数",
    ),
    "rpt_findings": Sheet(
        "发现问题",
        "需审查的发现：来源之间的目标冲突、目标低于标准、约束性指标未达标、自评与计算不一致、"
        "无法核验的自评，注明两处来源的文件与行号",
    ),
    "fct_indicator_values": Sheet(
        "指标值",
        "文件印出的每一个数值：指标表中的标准值、现状值、目标值，及正文目标句中的数量，注明出处",
        ("measure", {"standard": "标准值", "status": "现状值", "target": "目标值"}),
    ),
    "rpt_binding_failures": Sheet(
        "约束性未达标",
        "每个区县在适用的每个体系下当前未达标的约束性指标（文件与填报），注明出处",
    ),
    "rpt_progress": Sheet(
        "进展",
        "每个区县每项指标对照自定目标与体系标准的进展：最新现状、实际与所需年均变化、预计达标年数、进展类别",
    ),
    "rpt_progress_summary": Sheet(
        "进展汇总",
        "每个区县每个体系各进展类别的目标数（约束性指标单列）、进展良好占比及其名次",
    ),
    "fct_status_trajectory": Sheet(
        "现状序列", "每个区县每个指标概念（分口径）历年的现状值（填报值优先于文件）及出处"
    ),
    "rpt_ranking_disparity": Sheet(
        "差距", "各排名中前20%与后20%区县的平均得分差距（全部、省内、市内）"
    ),
    "rpt_domain_compliance": Sheet(
        "领域达标", "每个区县每个体系各领域文件自评达标与未达标的一级指标数"
    ),
    "rpt_target_ambition": Sheet(
        "目标力度",
        "区县每个有数值的自定目标对照适用体系的标准：超出幅度、比值、判定与雄心名次",
    ),
    "rpt_plan_coverage": Sheet(
        "规划覆盖",
        "每个区县的文件涉及的每个指标概念：表格数值数、正文目标数、任务数及牵头单位",
    ),
    "rpt_cross_framework": Sheet(
        "跨体系比较",
        "每个区县的每个现状值与目标值，对照适用的各评价体系版本中同一概念指标的标准逐一判定"
        "（含数值所属体系本身的标准）",
        (
            "value_framework_id = evaluated_framework_id",
            {True: "对照本体系标准", False: "对照其他体系标准"},
        ),
    ),
    "rpt_district_profile": Sheet(
        "区县概况",
        "每个区县一行：文件、适用体系、自评达标情况、约束性未达标、来源冲突、目标低于标准、计划投资",
    ),
    "fct_submitted_values": Sheet(
        "填报值",
        "区县填报的每一个现状值，含已被更新填报替代的旧值（注明替代文件）",
        ("is_current", {True: "现行", False: "已被替代"}),
    ),
    "fct_submission_verdicts": Sheet(
        "填报达标", "每个区县最新填报值对照各评价体系中同一概念指标标准的判定"
    ),
    "fct_indicator_scores": Sheet(
        "指标得分",
        "每个区县在各评价体系每项指标上按两种口径所取的数值、判定、得分（0-100）与评级",
    ),
    "fct_domain_scores": Sheet(
        "领域得分", "每个区县在各评价体系各领域及总体按两种口径的平均得分与计分指标数"
    ),
    "fct_indicator_value_history": Sheet(
        "历史版本值",
        "各文件每个修订版印出的全部数值：现行版本的数值（即“指标值”表的数值），"
        "及被同文号新版替代的旧版数值（注明替代它的文件）",
        ("is_current", {True: "现行版本", False: "被替代的旧版"}),
    ),
    "fct_tasks": Sheet("任务", "文件中编号的重点任务及其责任、牵头、配合单位"),
    "fct_task_concepts": Sheet("任务与指标", "按关键词从任务文字中识别出的指标概念"),
    "fct_projects": Sheet("项目", "规划重点工程表中的每个项目：内容、年限、投资、责任单位"),
    "dim_district": Sheet("区县", "区县名录：行政区划代码、名称、所属市与省、文件数"),
    "dim_framework": Sheet("指标体系", "指标体系名录（含区县自定目标 local_plan）"),
    "dim_framework_indicator": Sheet(
        "体系指标", "各体系版本的每项指标：单位、标准值（原文与解析）、指标属性、概念及版本间变化"
    ),
    "dim_concept": Sheet(
        "指标概念", "跨体系版本的指标概念：名称、标准单位、方向、领域、各版本序号"
    ),
    "dim_document": Sheet("文件", "输入文件：标题、文号、发文机关、日期、编码、哈希值"),
    "pipeline_runs": Sheet("运行记录", "每次刷新（含失败的）的时间、状态、文件数与说明"),
    "dq_results": Sheet("质量检查", "每次刷新（含失败的）的每项数据质量检查结果"),
    "dq_quarantine": Sheet("隔离文件", "每次刷新被隔离的文件、原因与出错行"),
    # the words of the marts' codes (met: 达标), which the sheets will show for them
    "dim_text": Sheet("代码文字", "各列代码（按类别 domain）对应的中文与英文文字"),
    "rpt_unmapped_rows": Sheet(
        "未映射行",
        "文件指标表中未映射到任何指标概念的行（含未采用的弱匹配候选），注明出处；不参与任何比较",
    ),
}
RANKING = "rpt_district_ranking"
ORDER = {RANKING: "t.framework_id, t.basis, t.domain, t.rank nulls last, t.district_id"}
NAMES_BESIDE = {  # an id column -> the name shown beside it, from its dimension
    "district_id": ("dim_district", "name_zh", "区县名称"),
    "framework_id": ("dim_framework", "name_zh", "指标体系名称"),
}
BESIDE_LABELS = {f"{c.removesuffix('_id')}_name": label for c, (*_, label) in NAMES_BESIDE.items()}
METHOD = (
    "得分：每项指标按其体系标准值折算为0-100分（达到标准为100分，下限见 seeds/ranking_bounds.csv），"
    "领域得分为其指标得分的平均，总分为各领域得分按 seeds/ranking_weights.csv 的权重平均（现为等权）；"
    "指标覆盖不足80%的区县不排名，显示为数据不足。",
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

# column units (a digit's width; a CJK character is 2.1): 21 CJK characters a line at most
MIN_WIDTH, MAX_WIDTH = 6, 45
SAMPLE = 500  # rows read for a column's width
NAME_SIZE = 9  # points: the column names under the labels, for analysts, smaller
LINE_POINTS = 15.0  # the height of a line of 11 pt text (Excel's default row)
MAX_ROW_POINTS = 409.0  # Excel's tallest row


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


def sheet_name(table: str) -> str:
    return SHEETS[table].name if table in SHEETS else table[:31]


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
    run = _run(con)
    _write_guide(con, book.add_worksheet(GUIDE), ordered, run, styles)
    labels = column_labels(con)
    for table in ordered:
        sheet = _Writer(book, table, run, styles)
        sheet.write(con, labels.get(table, {}), (texts or {}).get(table, {}))
    book.close()
    os.replace(tmp, path)
    return path


class _Styles:
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


class Run(NamedTuple):
    """The published run the workbook shows: in the guide and in every page's header."""

    run_id: str
    status: str
    generated: str  # its end, Beijing time


def _run(con) -> Run:
    found = con.execute(
        "select run_id, status, ended_at from published.marts.pipeline_runs "
        "where status like 'published%' order by started_at desc limit 1"
    ).fetchall()
    run_id, status, ended = found[0] if found else ("-", "-", None)
    return Run(run_id, status, _beijing(ended))


def _write_guide(con, sheet, tables: list[str], run: Run, styles: _Styles) -> None:
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
            "reports/exports/：ecobench.xlsx、每表一个 parquet、report.html、dbt_docs/；"
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
            _write_row(sheet, number, list(line), widths)
        else:  # a heading, across the page
            sheet.write_string(number, 0, line[0], styles.title if number == 0 else styles.bold)
    start = len(lines)
    _write_row(sheet, start, ["工作表", "内容", "行数", "数据表"], widths, styles.header)
    for offset, table in enumerate(tables, start=1):
        n_rows, what = _described(con, table)
        _write_row(
            sheet, start + offset, [sheet_name(table), what, n_rows, f"marts.{table}"], widths
        )
    _print_setup(sheet, widths, GUIDE, run, header_rows=1)


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
    if n_rows * _n_columns(con, table) > EXCEL_MAX_CELLS:
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


def _beijing(iso: str | None) -> str:
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


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


class _Writer:
    """One table's sheet."""

    def __init__(self, book, table: str, run: Run, styles: _Styles) -> None:
        self.table, self.run, self.styles = table, run, styles
        self.name = sheet_name(table)
        self.sheet = book.add_worksheet(self.name)

    def write(self, con, labels: Mapping[str, str], texts: Texts) -> None:
        """Two header rows (the labels, the column names), then the rows; or, for a table
        too large to read in a sheet, where its rows are."""
        sheet, table = self.sheet, self.table
        ((n_rows,),) = con.execute(f"select count(*) from published.marts.{table}").fetchall()
        sql, names = _select(con, table)
        if n_rows * len(names) > EXCEL_MAX_CELLS:
            sheet.set_column(0, 0, 90)
            sheet.write_string(
                0,
                0,
                f"{n_rows:,} 行，超出工作表可读范围；请用 {table}/ 下的 parquet 文件（{table})",
            )
            _print_setup(sheet, [90], self.name, self.run, header_rows=1)
            return
        relation = con.sql(sql)
        columns = [
            Column(
                name,
                labels.get(name) or BESIDE_LABELS.get(name) or name,
                kind_of(name, str(dtype)),
                texts.get(name),
            )
            for name, dtype in zip(names, relation.dtypes, strict=True)
        ]
        rows = [
            [column.show(value) for column, value in zip(columns, row, strict=True)]
            for row in relation.fetchall()
        ]
        widths = self._columns(columns, rows)
        _write_row(sheet, 0, [column.label for column in columns], widths, self.styles.header)
        _write_row(sheet, 1, names, widths, self.styles.name, size=NAME_SIZE / 11)
        sheet.freeze_panes(2, 1 if table == RANKING else 0)
        sheet.autofilter(1, 0, max(1, len(rows) + 1), len(names) - 1)
        for number, row in enumerate(rows, start=2):
            _write_row(sheet, number, row, widths)
        sheet.hide_gridlines(0)  # printed too: a table on paper needs its lines
        _print_setup(sheet, widths, self.name, self.run, header_rows=2)

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


def _write_row(sheet, number: int, cells: list, widths: list[int], style=None, size=1.0) -> None:
    """A row, as tall as its most wrapped cell: Excel fits a row to wrapped text only when
    it is edited, LibreOffice not always on opening, and a page prints the height the
    file gives."""
    lines = max(_lines(cell, width, size) for cell, width in zip(cells, widths, strict=False))
    if lines > 1:
        height = lines * LINE_POINTS * max(size, 0.9) + 3
        sheet.set_row(number, min(MAX_ROW_POINTS, height))
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
    return math.ceil(_measure(str(value), latin=1.0))


def _lines(cell, width: int, size: float = 1.0) -> int:
    """The lines a cell takes wrapped in a column `width` units wide, its text at `size`
    times 11 pt (a Latin letter is narrower than a digit: a line of Latin text that
    `_width` makes a column's width for takes one line)."""
    if not isinstance(cell, str) or ("\n" not in cell and len(cell) * CJK * size < width - 1):
        return 1
    return sum(
        max(1, math.ceil(_measure(part, latin=0.9) * size / (width - 1)))
        for part in cell.split("\n")
    )


CJK = 2.1  # column units of a CJK character (or a fullwidth form)


def _measure(text: str, latin: float) -> float:
    return sum(CJK if "\u2e80" <= char <= "\uffef" else latin for char in text)


class Paper(NamedTuple):
    """How a sheet prints: Excel's paper code (9 A4, 8 A3), its orientation, and the scale
    at which its columns fit the page's width (the scale Excel's fit to one page wide
    prints at)."""

    code: int
    landscape: bool
    scale: float


PAPERS = {9: ("A4", 595.3, 841.9), 8: ("A3", 841.9, 1190.6)}  # short and long side, points
SIDE_MARGIN = 0.4  # inches, left and right
# the least scale a sheet prints at on A4 (11 pt text at 8 pt); a wider sheet takes A3
LEGIBLE = 0.75
FIT_FLOOR = 0.10  # Excel prints no smaller: a sheet wider than this spills across pages


def column_points(width: float) -> float:
    """The printed width of a column `width` characters wide: Excel draws 7 pixels a
    character and 5 of padding, and prints 96 pixels an inch (72 points)."""
    return (math.floor(width * 7 + 0.5) + 5) * 0.75


def printable(code: int, landscape: bool) -> float:
    """The width in points within the side margins of a paper."""
    _, short, long = PAPERS[code]
    return (long if landscape else short) - 2 * SIDE_MARGIN * 72


def paper_for(points: float) -> Paper:
    """A4 upright when the columns fit at full size; A4 across when they fit at a legible
    scale; else A3 across, at whatever scale fits (the widest sheets print small)."""
    for code, landscape, least in ((9, False, 1.0), (9, True, LEGIBLE), (8, True, 0.0)):
        scale = min(1.0, printable(code, landscape) / points)
        if scale >= least:
            break
    return Paper(code, landscape, scale)


def _print_setup(sheet, widths: list[int], name: str, run: Run, header_rows: int) -> Paper:
    """Every sheet prints as it is: its paper by its width, one page wide, its header rows
    on every page, the run in the page header and the page number in the footer."""
    paper = paper_for(sum(column_points(width) for width in widths))
    sheet.set_paper(paper.code)
    if paper.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.75, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_rows - 1)
    sheet.set_header(
        f"&L{_escaped(name)}&R生态文明建设指标对标数据 · 刷新批次 {_escaped(run.run_id)}"
        f" · 生成于 {run.generated}（北京时间）"
    )
    sheet.set_footer(f"&Lecobench.xlsx · {_escaped(name)}&C第 &P 页，共 &N 页")
    return paper


def _escaped(text: str) -> str:
    """Text as a page header prints it: & starts a header's codes (&P, &N), && is an &."""
    return text.replace("&", "&&")


if __name__ == "__main__":  # in its own process (exports.py)
    write_workbook_of(Path(sys.argv[1]), Path(sys.argv[2]))
