"""What the workbook holds: each mart's sheet (its Chinese name and what a reader finds
there) in reading order, the columns' Chinese labels from the dbt docs, and the run it is
of."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple

import duckdb

from ecobench.publish.marts import BEIJING

GUIDE = "说明"


# a worksheet holds 1,048,576 rows and a person reads far fewer: a larger table (the
# submissions of a province, its progress rows) is exported as parquet only, and its sheet
# says so. Counted in cells (rows x columns). Set when a sheet was written a cell at a time
# (~150,000 cells a second: rpt_progress at 1,000 districts, 99,160 rows of 33 columns, held
# the refresh 35 s under a limit of 100,000 rows); its rows are built in bulk now (rows.py,
# 4.6x faster, docs/performance.md) and the limit is kept: how Excel opens more is unmeasured
EXCEL_MAX_CELLS = 1_000_000


def too_large(cells: int) -> bool:
    """Whether a table of this many cells is left to its parquet file, its sheet saying so."""
    return cells > EXCEL_MAX_CELLS


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
        "每个区县每个体系各进展类别的目标数（约束性指标单列）、主要进展类别、进展良好占比及其名次",
    ),
    "fct_status_trajectory": Sheet(
        "现状序列", "每个区县每个指标概念（分口径）历年的现状值（填报值优先于文件）及出处"
    ),
    "rpt_ranking_disparity": Sheet(
        "差距", "各排名中前20%与后20%区县的平均得分差距（全部、省内、市内）"
    ),
    "rpt_city_ranking": Sheet(
        "分市排名",
        "各排名中每个地级市的区县数、参与排名数、最佳与末位区县及其名次、得分中位数及按中位数的名次",
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


ORDER = {
    RANKING: "t.framework_id, t.basis, t.domain, t.rank nulls last, t.district_id",
    "rpt_city_ranking": "t.framework_id, t.basis, t.domain, t.rank_by_median nulls last, "
    "t.province_zh, t.city_zh",
}


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


class Run(NamedTuple):
    """The published run the workbook shows: in the guide and in every page's header."""

    run_id: str
    status: str
    generated: str  # its end, Beijing time


def run_of(con) -> Run:
    found = con.execute(
        "select run_id, status, ended_at from published.marts.pipeline_runs "
        "where status like 'published%' order by started_at desc limit 1"
    ).fetchall()
    run_id, status, ended = found[0] if found else ("-", "-", None)
    return Run(run_id, status, beijing(ended))


def beijing(iso: str | None) -> str:
    if not iso:
        return "-"
    return datetime.fromisoformat(iso).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


Texts = Mapping[str, Mapping[Any, str]]  # a column -> the words shown for each of its codes
