"""The value grammar (src/ecobench/ingest/values.py): what every printed expression reads
as, part by part, and the one number a cell lands with. These cases were the dbt unit tests
of the SQL reading the grammar replaced; the warehouse now reads the parts written here."""

from __future__ import annotations

import pytest

from ecobench.ingest.values import parse_cell, read_expression

# ≥ ＞ 以上 以内 不低于 左右, units after the number, a range.
READS_COMPARATORS_AND_UNITS_CASES = [
    {
        "expr_raw": "≥20",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 20,
        "unit_printed": None,
    },
    {
        "expr_raw": "＞25",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">",
        "value_num": 25,
        "unit_printed": None,
    },
    {
        "expr_raw": "80%以上",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 80,
        "unit_printed": "%",
    },
    {
        "expr_raw": "25.5微克/立方米以内",
        "part_no": 1,
        "kind": "numeric",
        "comparator": "<=",
        "value_num": 25.5,
        "unit_printed": "微克/立方米",
    },
    {
        "expr_raw": "不低于60%",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 60,
        "unit_printed": "%",
    },
    {
        "expr_raw": "96%左右",
        "part_no": 1,
        "kind": "numeric",
        "comparator": "~",
        "value_num": 96,
        "unit_printed": "%",
    },
    {
        "expr_raw": "700万千瓦以上",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 700,
        "unit_printed": "万千瓦",
    },
    {
        "expr_raw": "360m3",
        "part_no": 1,
        "kind": "numeric",
        "comparator": "=",
        "value_num": 360,
        "unit_printed": "m3",
    },
    {
        "expr_raw": "50%-60%",
        "part_no": 1,
        "kind": "range",
        "comparator": "between",
        "value_num": 50,
        "unit_printed": "%",
    },
    {
        "expr_raw": "100",
        "part_no": 1,
        "kind": "numeric",
        "comparator": "=",
        "value_num": 100,
        "unit_printed": None,
    },
]


# ΔEQI≥-1, 较2020年降低12.5% and 下降2个百分点 (points, not the 个 of a count) are changes; 且 and line breaks make parts; 平原区, 东部地区 and (1)/(2) conditions are region variants.
READS_CHANGES_CONJUNCTIONS_AND_REGIONS_CASES = [
    {
        "expr_raw": "ΔEQI≥-1",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": -1,
        "is_change": True,
        "change_direction": "delta",
        "region_key": None,
    },
    {
        "expr_raw": "较2020年降低12.5%",
        "part_no": 1,
        "kind": "numeric",
        "comparator": "=",
        "value_num": 12.5,
        "is_change": True,
        "change_direction": "decrease",
        "region_key": None,
    },
    {
        "expr_raw": "比2020年下降2个百分点",
        "part_no": 1,
        "kind": "numeric",
        "value_num": 2,
        "unit_printed": "个百分点",
        "is_change": True,
        "change_direction": "decrease",
    },
    {
        "expr_raw": "≥55\n且不降低",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 55,
        "is_change": False,
        "change_direction": None,
        "region_key": None,
    },
    {
        "expr_raw": "≥55\n且不降低",
        "part_no": 2,
        "kind": "qualitative",
        "comparator": None,
        "value_num": None,
        "is_change": False,
        "change_direction": None,
        "region_key": None,
    },
    {
        "expr_raw": "＞18（平原区）",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">",
        "value_num": 18,
        "is_change": False,
        "change_direction": None,
        "region_key": "plain",
    },
    {
        "expr_raw": "山区:≥33; 丘陵地区:≥22; 平原地区:≥16",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 33,
        "is_change": False,
        "change_direction": None,
        "region_key": "mountain",
    },
    {
        "expr_raw": "山区:≥33; 丘陵地区:≥22; 平原地区:≥16",
        "part_no": 2,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 22,
        "is_change": False,
        "change_direction": None,
        "region_key": "hill",
    },
    {
        "expr_raw": "山区:≥33; 丘陵地区:≥22; 平原地区:≥16",
        "part_no": 3,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 16,
        "is_change": False,
        "change_direction": None,
        "region_key": "plain",
    },
    {
        "expr_raw": "东部地区:≤50; 且用水总量不超过控制目标值",
        "part_no": 1,
        "kind": "numeric",
        "comparator": "<=",
        "value_num": 50,
        "is_change": False,
        "change_direction": None,
        "region_key": "east",
    },
    {
        "expr_raw": "东部地区:≤50; 且用水总量不超过控制目标值",
        "part_no": 2,
        "kind": "upper_level",
        "comparator": "<=",
        "value_num": None,
        "is_change": False,
        "change_direction": None,
        "region_key": None,
    },
    {
        "expr_raw": "（1）≥2\n（2）保持稳定或持续改善",
        "part_no": 1,
        "kind": "numeric",
        "comparator": ">=",
        "value_num": 2,
        "is_change": False,
        "change_direction": None,
        "region_key": "condition",
    },
    {
        "expr_raw": "（1）≥2\n（2）保持稳定或持续改善",
        "part_no": 2,
        "kind": "qualitative",
        "comparator": None,
        "value_num": None,
        "is_change": False,
        "change_direction": None,
        "region_key": "condition",
    },
]


# The longest term wins (性质未发生改变 over 未发生); 制定中 denies 制定实施; 无数据 is no data; a year is not a quantity; 完成上级… is an upper-level target.
READS_THE_QUALITATIVE_VOCABULARY_CASES = [
    {
        "expr_raw": "制定中\n有效开展",
        "part_no": 1,
        "kind": "qualitative",
        "term_code": "adopted",
        "term_is_negative": True,
    },
    {
        "expr_raw": "制定中\n有效开展",
        "part_no": 2,
        "kind": "qualitative",
        "term_code": "carried_out",
        "term_is_negative": False,
    },
    {
        "expr_raw": "已建立",
        "part_no": 1,
        "kind": "qualitative",
        "term_code": "established",
        "term_is_negative": False,
    },
    {
        "expr_raw": "不明显",
        "part_no": 1,
        "kind": "qualitative",
        "term_code": "not_significant",
        "term_is_negative": False,
    },
    {
        "expr_raw": "未发生",
        "part_no": 1,
        "kind": "qualitative",
        "term_code": "not_occurred",
        "term_is_negative": False,
    },
    {
        "expr_raw": "全面推行",
        "part_no": 1,
        "kind": "qualitative",
        "term_code": "implemented",
        "term_is_negative": False,
    },
    {
        "expr_raw": "减少",
        "part_no": 1,
        "kind": "qualitative",
        "term_code": "decreasing",
        "term_is_negative": False,
    },
    {
        "expr_raw": "无数据，今年开展申报",
        "part_no": 1,
        "kind": "no_data",
        "term_code": "no_data",
        "term_is_negative": False,
    },
    {
        "expr_raw": "无数据，今年开展申报",
        "part_no": 2,
        "kind": "qualitative",
        "term_code": "carried_out",
        "term_is_negative": False,
    },
    {
        "expr_raw": "完成上级规定的目标任务",
        "part_no": 1,
        "kind": "upper_level",
        "term_code": "completed",
        "term_is_negative": False,
    },
    {
        "expr_raw": "2022年，红谷滩区生态保护红线面积3.86平方公里，性质未发生改变，功能未降低",
        "part_no": 1,
        "kind": "text",
        "term_code": None,
        "term_is_negative": False,
    },
    {
        "expr_raw": "2022年，红谷滩区生态保护红线面积3.86平方公里，性质未发生改变，功能未降低",
        "part_no": 2,
        "kind": "numeric",
        "term_code": None,
        "term_is_negative": False,
    },
    {
        "expr_raw": "2022年，红谷滩区生态保护红线面积3.86平方公里，性质未发生改变，功能未降低",
        "part_no": 3,
        "kind": "qualitative",
        "term_code": "nature_unchanged",
        "term_is_negative": False,
    },
    {
        "expr_raw": "2022年，红谷滩区生态保护红线面积3.86平方公里，性质未发生改变，功能未降低",
        "part_no": 4,
        "kind": "qualitative",
        "term_code": "function_not_reduced",
        "term_is_negative": False,
    },
]


@pytest.mark.parametrize(
    "expected",
    READS_COMPARATORS_AND_UNITS_CASES
    + READS_CHANGES_CONJUNCTIONS_AND_REGIONS_CASES
    + READS_THE_QUALITATIVE_VOCABULARY_CASES,
    ids=lambda case: f"{case['expr_raw'][:12]}#{case['part_no']}",
)
def test_the_grammar_reads_each_part_as_printed(expected):
    part = read_expression(expected["expr_raw"])[expected["part_no"] - 1]
    assert {key: getattr(part, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("printed", "number", "comparator", "unit"),
    [
        ("≧20", 20.0, ">=", None),  # the variant sign some documents print
        ("至少20%", 20.0, ">=", "%"),
        ("约96%", 96.0, "~", "%"),
        ("20%以上", 20.0, ">=", "%"),
        ("７６。７", 76.7, "=", None),  # full-width digits, 。 as the decimal mark
        ("76，7", 76.7, "=", None),
        ("＞18（平原区）", 18.0, ">", None),
        ("≥55\n且不降低", 55.0, ">=", None),
        ("72.5，已完成年度任务", 72.5, "=", None),
        ("完成上级规定的考核任务", None, None, None),
        ("制定中\n有效开展", None, None, None),
    ],
)
def test_a_cell_lands_with_the_number_its_first_part_reads(printed, number, comparator, unit):
    parsed = parse_cell(printed)
    assert (parsed.value_num, parsed.comparator, parsed.unit_in_value) == (
        number,
        comparator,
        unit,
    )


def test_a_cell_keeps_its_terrain_variant():
    assert parse_cell("＞18（平原区）").region_variant == "平原区"
    assert parse_cell("（1）≥2\n（2）保持稳定或持续改善").region_variant is None  # a condition
