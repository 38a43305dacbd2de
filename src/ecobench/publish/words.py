"""The machine text of the marts in Chinese, for the readers of the report and the workbook.

The marts write their reasons, notes and finding summaries in English, built from a few
phrases (`int_comparisons_evaluated`, `fct_submission_verdicts`, `rpt_district_ranking`,
`rpt_findings`); the values inside them (numbers, standards as printed, Chinese words
quoted from the documents) stay as they are. `zh` puts each phrase in Chinese; the reader
sees the Chinese with the English beside it (`both`). A phrase not listed here stays in
English, and tests/publish/test_report.py fails on any published text left with one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# the codes of the marts' categorical columns
TERMS = {
    # verdicts and ratings
    "met": "达标",
    "not_met": "未达标",
    "at_risk": "接近达标",
    "not_evaluable": "无法评价",
    "depends_on_terrain": "取决于地形",
    "no_data": "无数据",
    # finding kinds and severities
    "source_conflict": "来源冲突",
    "target_below_standard": "目标低于标准",
    "binding_not_met": "约束性指标未达标",
    "high": "高",
    "info": "提示",
    # ranking
    "ranked": "已排名",
    "insufficient_data": "数据不足",
    "status": "现状",
    "target": "目标",
    "reported": "自评",
    "overall": "总体",
    # progress (rpt_progress): the classes after the SDG Index trend dashboards, the reasons
    "on_track": "有望按期达标",
    "moderately_improving": "稳步改善",
    "stagnating": "停滞",
    "decreasing": "倒退",
    "off_track_now": "当前未达约束性标准",
    "own_target": "自定目标",
    "framework_standard": "体系标准",
    "the latest status does not say whether it is met": "最新现状未说明是否达标",
    "met in the latest year": "最新一年达标",
    "met before, not in the latest year": "曾经达标，最新一年未达标",
    "not met": "未达标",
    "the latest status is not a number": "最新现状不是数值",
    "at the target; one status only, no trend yet": "已达到目标；只有一个现状值，尚无趋势",
    "one status only: no trend yet": "只有一个现状值，尚无趋势",
    "a binding standard not met in the latest year; one status only, no trend yet": (
        "最新一年未达约束性标准；只有一个现状值，尚无趋势"
    ),
    "at the target and not falling": "已达到目标且未下降",
    "at the target but falling": "已达到目标但在下降",
    "falling, and the target year has passed": "在下降，且目标年份已过",
    "moving away from the target": "正在偏离目标",
    "the target year has passed without reaching it": "目标年份已过，尚未达到",
    "the observed change reaches the target in time": "按实际年均变化可按期达到",
    "improving at half the required change or more": "改善速度达到所需的一半以上",
    "improving at less than half the required change": "改善速度不到所需的一半",
    # runs and checks
    "published": "已发布",
    "published_with_quarantine": "已发布（部分文件隔离）",
    "failed": "失败",
    "interrupted": "中断",
    "running": "运行中",
    "document": "文件",
    "submission": "填报",
    "marts": "数据集市",
}

FRAMEWORK_SHORT = {
    "jiangxi_provincial": "江西省级指标",
    "national_revised": "国家修订版指标",
    "national_trial": "国家试行指标",
    "local_plan": "本地规划",
}

# the region keys of seeds/districts.csv a standard's variants are picked by
REGIONS = {
    "plain": "平原区",
    "hill": "丘陵区",
    "mountain": "山区",
    "east": "东部地区",
    "central": "中部地区",
    "west": "西部地区",
    "terrain unknown": "地形未知",
    "region unknown": "区域未知",
}

# (English phrase, Chinese) in the order applied; \1, \2 keep what the phrase quotes
PHRASES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"insufficient data: coverage (\d+)% is below (\d+)%", r"数据不足：覆盖率 \1% 低于 \2%"),
    (r"the only district with enough data", "唯一数据充足的区县"),
    (
        r"within (\d+) points of the next district: not a meaningful difference",
        r"与相邻区县相差不到 \1 分，差异无实际意义",
    ),
    (r"terrain unknown; every variant is met: ", "地形未知，各地形取值均达标："),
    (r"terrain unknown; no variant is met: ", "地形未知，各地形取值均未达标："),
    (r"terrain unknown: met under (.+?), not met under (.+)$", r"地形未知：按\1达标，按\2未达标"),
    (
        r"terrain unknown: (-?[\d.]+) meets (.+?), not (.+)$",
        r"地形未知：\1 满足\2，不满足\3",
    ),
    (r"the change from (\d{4}) \(([^)]*)\) ", r"较\1年（\2）的变化 "),
    (
        r"the value (-?[\d.]+) \((\d{4})\) is a level, and no level of (\d{4}) was submitted "
        r"to compute the change from",
        r"数值 \1（\2年）为水平值，且未填报\3年的水平值，无法计算变化量",
    ),
    (r"(-?[\d.]+) does not satisfy ", r"\1 不满足 "),
    (r"(-?[\d.]+) satisfies ", r"\1 满足 "),
    (r"different definitions of the measure: (\S+) vs (\S+)", r"口径不同：\1 与 \2"),
    (r"no number in the value for the standard (\S+)", r"数值缺失，无法对照标准 \1"),
    (
        r"the standard has no variant for the district's region \(([^)]*)\)",
        lambda m: (
            "标准没有适用于该区县区域的取值（"
            + "，".join(REGIONS.get(key, key) for key in m.group(1).split(", "))
            + "）"
        ),
    ),
    (
        r"the standard is the target set by the upper level(?: \(([^)]*)\))?, which is not printed",
        r"标准为上级下达的目标（\1），文件未载明数值",
    ),
    (r"the standard (\S+) is a change", r"标准 \1 为变化量"),
    (r"the standard (\S+) is a level", r"标准 \1 为水平值"),
    (r"the value is a level", "数值为水平值"),
    (r"the value is a change", "数值为变化量"),
    (r"the value does not state (\S+)", r"数值未表述“\1”"),
    (r"the value states (\S+)", r"数值表述为“\1”"),
    (r"the value denies (\S+)", r"数值否定“\1”"),
    (r"the submitted value is not a number", "填报值不是数字"),
    (r"two different targets for the same period", "同一时期有两个不同目标"),
    (r"later target less ambitious than an earlier one", "后定目标低于先定目标"),
    (r"own target fails the (\w+) standard", r"自定目标未达到\1标准"),
    (r"the document's verdict (\S+) cannot be checked", r"文件自评“\1”无法核验"),
    (r"binding indicator not met \((\w+), document\)", r"约束性指标未达标（\1，文件）"),
    (r"binding indicator not met \((\w+), submission\)", r"约束性指标未达标（\1，填报）"),
    (r"the document prints (\S+)", r"文件载明“\1”"),
    (r"the district reports (\S+) against (\S+)", r"区县填报“\1”，标准为“\2”"),
    (r"(\d+)/(\d+) printed met", r"已填报 \2 项中达标 \1 项"),
    (
        r"no verdict printed \(computed (\d+)/(\d+) met\)",
        r"未填报达标情况（按标准计算 \2 项中达标 \1 项）",
    ),
]
_PHRASES = [(re.compile(english), chinese) for english, chinese in PHRASES]
_FRAMEWORKS = re.compile(r"\b(" + "|".join(FRAMEWORK_SHORT) + r")\b")
ENGLISH_LEFT = re.compile(r"\b[a-z]{2,} [a-z]{2,}\b")  # two English words in a row


def zh(text: str | None) -> str | None:
    """The text in Chinese: a code of TERMS, or its phrases put in Chinese (the values they
    quote kept); None for None."""
    if text is None:
        return None
    if text in TERMS:
        return TERMS[text]
    for english, chinese in _PHRASES:
        text = english.sub(chinese, text)
    text = text.replace("（）", "")  # an upper-level target with nothing quoted
    return _FRAMEWORKS.sub(lambda match: FRAMEWORK_SHORT[match.group(1)], text)


def both(text: str | None) -> str:
    """Chinese first, the English beside it; the text alone where the two are the same."""
    if text is None:
        return ""
    chinese = zh(text)
    return text if chinese == text else f"{chinese}（{text}）"
