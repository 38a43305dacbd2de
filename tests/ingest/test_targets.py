"""Targets in running text, on excerpts of the Ganzhou, Changjiang and Honggutan documents."""

from __future__ import annotations

from ecobench.ingest.targets import extract_targets, read_targets
from ecobench.ingest.tasks import read_tasks


def by_subject(rows, subject):
    found = [r for r in rows if r.indicator_name_zh == subject]
    assert found, [r.indicator_name_zh for r in rows]
    return found


def ganzhou_goals(excerpt):
    doc = excerpt("ganzhou_goals_excerpt.txt")
    return read_targets(doc, [], "美丽赣州建设行动实施方案(2022-2025年)")


def test_goal_section_targets_with_comparator_words(excerpt):
    rows = ganzhou_goals(excerpt)
    (forest,) = by_subject(rows, "森林覆盖率")
    assert (forest.value_num, forest.comparator, forest.comparator_raw, forest.unit) == (
        76.0,
        ">=",
        "以上",
        "%",
    )
    assert forest.period_year == 2025 and forest.framework_id == "local_plan"
    assert "森林覆盖率稳定保持在76%以上" in forest.context_text
    (pm25,) = by_subject(rows, "市中心城区细颗粒物")
    assert (pm25.value_num, pm25.comparator, pm25.unit) == (25.5, "<=", "微克/立方米")
    good_days = by_subject(rows, "空气质量优良天数比率")
    assert [(r.value_num, r.comparator) for r in good_days] == [(96.0, "~"), (97.2, "=")]


def test_change_targets_against_a_base_year(excerpt):
    energy = by_subject(ganzhou_goals(excerpt), "单位地区生产总值能源消耗")
    assert [(r.value_num, r.comparator, r.comparator_raw) for r in energy] == [
        (12.5, "decrease_by", "较2020年降低"),
        (13.0, "decrease_by", "降低"),
    ]
    assert all(r.is_change for r in energy)


def test_task_targets_with_compound_units(excerpt):
    doc = excerpt("ganzhou_tasks_excerpt.txt")
    rows = read_targets(doc, read_tasks(doc), "美丽赣州建设行动实施方案(2022-2025年)")
    (chargers,) = by_subject(rows, "全市累计建成各类充电桩")
    assert (chargers.value_raw, chargers.value_num, chargers.unit, chargers.period_year) == (
        "2.3万根",
        2.3,
        "万根",
        2025,
    )


def test_quantity_that_qualifies_a_noun_is_not_a_target():
    text = "9.深入打好蓝天保卫战。力争市中心城区路宽5米以上道路机械化作业率达到95%以上。"
    rows = extract_targets(text, 32, "003.txt", 2025)
    assert [(r.value_num, r.unit) for r in rows] == [(95.0, "%")]
    assert rows[0].indicator_name_zh == "市中心城区路宽5米以上道路机械化作业率"


def test_changjiang_work_point_targets(excerpt):
    doc = excerpt("changjiang_tasks_excerpt.txt")
    rows = read_targets(doc, read_tasks(doc), "2022年景德镇市昌江区推进长江经济带发展工作要点")
    (sewage,) = by_subject(rows, "项目建成后污水处理能力")
    assert (sewage.value_num, sewage.unit, sewage.period_year) == (720.0, "吨/天", 2022)
    (forest,) = by_subject(rows, "营造林生产任务")
    assert (forest.value_raw, forest.unit) == ("6.05万亩", "万亩")
    (rnd,) = by_subject(rows, "R&D经费支出占GDP")
    assert (rnd.value_num, rnd.comparator, rnd.unit) == (2.0, ">=", "%")
    assert not [r for r in rows if r.value_raw.startswith("110")]  # DN110mm is a pipe size


def test_honggutan_scheme_targets(source):
    doc = source("000")
    rows = read_targets(doc, read_tasks(doc), "南昌市红谷滩区创建省级生态区工作实施方案")
    (wetland,) = by_subject(rows, "受保护湿地面积")
    assert (wetland.value_num, wetland.comparator, wetland.period_year) == (52.0, "=", 2024)
    (straw,) = by_subject(rows, "秸秆综合利率")  # the scheme's own spelling
    assert straw.value_num == 90.0
    (sewage,) = by_subject(rows, "城镇污水处理率")
    assert (sewage.value_num, sewage.comparator_raw) == (85.0, "不低于")


def test_listed_numbers_pair_with_listed_years(excerpt):
    towns = by_subject(ganzhou_goals(excerpt), "乡镇达到美丽乡镇示范镇要求")
    assert sorted((r.period_year, r.value_num, r.unit) for r in towns) == [
        (2023, 19.0, "个"),
        (2025, 45.0, "个"),
    ]
