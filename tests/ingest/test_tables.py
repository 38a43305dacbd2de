"""Indicator tables, on excerpts of 001 表3-1/表3-2 (tab-led) and 004 附件2 (one cell per line)."""

from __future__ import annotations

import re

from ecobench.ingest.tables import facts, read_tables
from ecobench.ingest.text import document_from_text


def values(doc, province="江西省"):  # the excerpts' province, as their district says
    return [value for table in read_tables(doc) for value in facts(table, doc, province)]


def pick(rows, seq, measure, sub_index=0, year=None):
    found = [
        r
        for r in rows
        if r.indicator_seq == seq
        and r.measure == measure
        and r.sub_index == sub_index
        and (year is None or r.period_year == year)
    ]
    assert len(found) == 1, found
    return found[0]


def test_tab_table_is_labelled_and_mapped_to_its_framework(excerpt):
    doc = excerpt("plan_table_3_1_excerpt.txt")
    (table,) = read_tables(doc)
    assert table.label == "表3-1"
    assert {v.framework_id for v in facts(table, doc, "江西省")} == {"jiangxi_provincial"}
    assert {v.framework_id for v in facts(table, doc, "湖南省")} == {"unregistered"}


def test_footnote_year_moves_eqi_status_to_2021(excerpt):
    rows = values(excerpt("plan_table_3_1_excerpt.txt"))
    eqi = pick(rows, "9", "status")
    assert (eqi.value_raw, eqi.value_num, eqi.period_year) == ("46.48", 46.48, 2021)
    assert eqi.compliance_reported == "不达标"
    assert "采用2021年数据" in eqi.note


def test_footnote_names_one_sub_row_only(excerpt):
    rows = values(excerpt("plan_table_3_1_excerpt.txt"))
    assert pick(rows, "20", "status", sub_index=1).period_year == 2021  # 秸秆综合利用率
    assert pick(rows, "20", "status", sub_index=2).period_year == 2022  # 畜禽粪污综合利用率


def test_sub_rows_keep_parent_seq_and_their_own_names(excerpt):
    rows = values(excerpt("plan_table_3_1_excerpt.txt"))
    straw, manure = pick(rows, "20", "standard", 1), pick(rows, "20", "standard", 2)
    assert (straw.indicator_name_zh, straw.value_raw) == ("秸秆综合利用率", "≥90")
    assert (manure.indicator_name_zh, manure.value_raw) == ("畜禽粪污综合利用率", "≥85")
    assert straw.parent_name_zh == manure.parent_name_zh == "农业废弃物综合利用率"


def test_merged_cell_inherits_parent_verdict_and_binding(excerpt):
    rows = values(excerpt("plan_table_3_1_excerpt.txt"))
    manure = pick(rows, "20", "status", 2)
    assert manure.compliance_reported == "达标" and manure.binding == "reference"


def test_merged_standard_cell_is_inherited_and_flagged(excerpt):
    rows = values(excerpt("plan_table_3_2_excerpt.txt"))
    pm25 = pick(rows, "7", "standard", 2)
    assert pm25.indicator_name_zh == "PM2.5浓度下降幅度"
    assert pm25.value_raw == "完成上级规定的考核任务；保持稳定或持续改善"
    assert pm25.is_inherited and pm25.source_line == pick(rows, "7", "standard", 1).source_line
    assert pick(rows, "7", "status", 2).value_num == 4.4


def test_multi_line_cell_is_joined_and_value_raw_keeps_its_lines(excerpt):
    rows = values(excerpt("plan_table_3_1_excerpt.txt"))
    water = pick(rows, "22", "standard")
    assert water.indicator_name_zh == "县级及以上集中式饮用水水源地水质优良比例"
    plan = pick(rows, "1", "status")
    assert plan.value_raw == "制定中\n有效开展" and plan.value_num is None


def test_full_width_comparator_and_region_variant(excerpt):
    forest = pick(values(excerpt("plan_table_3_1_excerpt.txt")), "10", "standard")
    assert forest.value_raw == "＞18（平原区）"
    assert (forest.comparator, forest.value_num, forest.region_variant) == (">", 18.0, "平原区")


def test_non_numeric_status_is_kept_with_null_number(excerpt):
    organic = pick(values(excerpt("plan_table_3_1_excerpt.txt")), "21", "status")
    assert organic.value_raw == "无数据，今年开展申报"
    assert organic.value_num is None and organic.compliance_reported == "不达标"


def test_targets_per_year_from_the_header(excerpt):
    rows = values(excerpt("plan_table_3_1_excerpt.txt"))
    assert pick(rows, "20", "target", 1, 2025).value_raw == "95"
    assert pick(rows, "21", "target", 0, 2030).value_num == 10


def test_change_standard_is_flagged(excerpt):
    eqi = pick(values(excerpt("plan_table_3_2_excerpt.txt")), "9", "standard")
    assert (eqi.value_raw, eqi.value_num, eqi.comparator, eqi.is_change) == (
        "ΔEQI≥-1",
        -1.0,
        ">=",
        True,
    )


def test_one_cell_per_line_table_with_condition_and_region(excerpt):
    doc = excerpt("hailing_annex2_excerpt.txt")
    rows = values(doc)
    assert {r.framework_id for r in rows} == {"national_trial"}
    ei = pick(rows, "11", "standard")
    assert (ei.indicator_name_zh, ei.value_raw, ei.value_num) == (
        "生态环境状况指数(EI)",
        "≥55\n且不降低",
        55.0,
    )
    water = pick(rows, "22", "standard")
    assert water.value_raw == "用水总量不超过控制目标值\n≤50"
    assert (water.unit, water.region_variant, water.lead_department) == (
        "立方米/万元",
        "东部地区",
        "水利分局",
    )


def test_one_cell_per_line_sub_rows(excerpt):
    rows = values(excerpt("hailing_annex2_excerpt.txt"))
    manure = pick(rows, "24", "standard", 2)
    assert (manure.indicator_name_zh, manure.value_raw, manure.unit) == (
        "畜禽养殖场粪便综合利用率",
        "≥95",
        "%",
    )
    assert manure.task_group_zh == "(七)产业循环发展" and manure.domain_zh == "生态经济"


def test_full_tables_have_every_indicator(source):
    plan, hailing = source("001"), source("004")
    counts = {
        t.label: len({r.seq for r in t.rows}) for t in read_tables(plan) + read_tables(hailing)
    }
    assert counts == {"表3-1": 29, "表3-2": 35, "附件2": 37}


def test_a_row_cut_short_is_kept_and_its_line_named(excerpt):
    doc = excerpt("plan_table_3_1_excerpt.txt")
    lines = [line.text for line in doc.lines]
    cut = lines.index("\t16%")  # a blank line after indicator 2's status: its row is cut
    broken = document_from_text("\n".join([*lines[: cut + 1], "", *lines[cut + 2 :]]), "b.txt")
    (table,) = read_tables(broken)
    status = pick(values(broken), "2", "status")
    assert (status.value_raw, status.parse_issue) == ("16%", table.issues[0].message)
    assert re.match(r"line \d+: the row has 10 cells where the header has 11", status.parse_issue)
    (original,) = read_tables(doc)
    assert [r.seq for r in table.rows] == [r.seq for r in original.rows]


def test_a_header_with_no_rows_and_a_column_of_unknown_role_are_named(excerpt):
    doc = excerpt("plan_table_3_1_excerpt.txt")
    lines = [line.text for line in doc.lines]
    header_end = lines.index("属性") + 1  # the header's last cell (指标\n属性)
    alone = document_from_text("\n".join([*lines[:header_end], "", "正文继续。"]), "h.txt")
    (table,) = read_tables(alone)
    assert table.rows == [] and table.issues[-1].message.endswith(
        "a table header with no rows after it"
    )
    relabelled = document_from_text(
        "\n".join(line.replace("\t现状达标情况", "\t自评") for line in lines), "r.txt"
    )
    (table,) = read_tables(relabelled)
    # an unknown header word: the column holds 达标/不达标, so it is read as the verdict
    assert ("verdict", None) in table.roles and table.issues == []
    unknown = document_from_text(
        "\n".join(line.replace("\t2030年远期目标", "\t备用栏") for line in lines), "u.txt"
    )
    (table,) = read_tables(unknown)
    assert [i.message for i in table.issues] == [
        f"line {table.header_line + 9}: column 10 ('备用栏') has no known role; its cells are not read"
    ]
    assert not any(v.period_year == 2030 for v in values(unknown))
