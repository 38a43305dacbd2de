"""Indicator tables, on excerpts of 001 表3-1/表3-2 (tab-led) and 004 附件2 (one cell per line)."""

from __future__ import annotations

import re

from ecobench.ingest.formats import read_document_bytes
from ecobench.ingest.tables import facts, read_tables
from ecobench.ingest.text import document_from_text, squash


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
    # a district's table naming a list no seed holds lands, with a warning; its names are
    # Jiangxi's in Jiangxi's numbering, so it is read as that list
    assert {v.framework_id for v in facts(table, doc, "湖南省")} == {"jiangxi_provincial"}
    assert any("does not hold" in i.message for i in table.issues)


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


def _rows(table):
    return [
        (r.seq, r.sub_index, squash(r.name.text), r.region, r.domain, r.unit) for r in table.rows
    ]


def _cells(row):
    return {key: cell.text for key, cell in row.cells.items()}


def test_a_one_cell_heading_row_of_a_pipe_table_is_the_domain_of_the_rows_after_it():
    """武夷山市 (built): domains as `| 一、生态空间 |` rows between the rows of a `|` table,
    and the header word 国家标准 naming the standard column."""
    doc = document_from_text(
        "\n".join(
            [
                "表2-1 武夷山市生态文明建设指标现状与差距分析",
                "| 序号 | 指标名称 | 单位 | 国家标准 | 2020年现状值 | 达标情况 | 2025年目标 |",
                "| 一、生态空间 |",
                "| 3 | 河湖岸线保护率 | % | 完成上级管控目标 | 92.6 | 达标 | 完成上级管控目标 |",
                "| 二、生态安全 |",
                "| 5 | PM2.5年均浓度 | μg/m³ | / | 17 | / | ≤17 |",
                "| 8 | 森林覆盖率 | % | 山区≥60 | 78.9 | 达标 | ≥79 |",
                "注：“/”表示国家标准未设定该指标。",
            ]
        ),
        "w.txt",
    )
    (table,) = read_tables(doc)
    assert table.layout == "pipe" and ("standard", None) in table.roles
    assert _rows(table) == [
        ("3", 0, "河湖岸线保护率", None, "一、生态空间", "%"),
        ("5", 0, "PM2.5年均浓度", None, "二、生态安全", "μg/m³"),
        ("8", 0, "森林覆盖率", None, "二、生态安全", "%"),
    ]
    assert _cells(table.rows[1]) == {
        "standard": "/",
        "status:2020": "17",
        "verdict": "/",
        "target:2025": "≤17",
    }
    assert table.issues == [] and table.footnote is not None


def test_a_region_sub_row_of_a_web_table_is_a_variant_of_the_indicator_above():
    """霍山县 (built): terrain rows (山区/丘陵区) and region rows (东部地区) under an indicator
    whose 序号, 领域 and 指标属性 cells span them (rowspan), as a web page prints them."""
    row = "".join
    td = lambda *cells: "<tr>" + row(f"<td>{c}</td>" for c in cells) + "</tr>"  # noqa: E731
    html = (
        "<p>表3-1 霍山县国家生态文明建设示范县建设指标达标情况</p><table>"
        + td(
            "领域", "序号", "指标名称", "单位", "标准值", "现状值（2020年）", "达标情况", "指标属性"
        )
        + '<tr><td rowspan="3">生态安全</td><td rowspan="3">4</td><td>林草覆盖率</td>'
        '<td>%</td><td></td><td></td><td></td><td rowspan="3">参考性</td></tr>'
        + td("山区", "%", "≥60", "78.6", "达标")
        + td("丘陵区", "%", "≥40", "", "")
        + '<tr><td rowspan="2">生态经济</td><td rowspan="2">2</td><td>单位地区生产总值用水量</td>'
        '<td>立方米/万元</td><td></td><td></td><td></td><td rowspan="2">约束性</td></tr>'
        + td("东部地区", "立方米/万元", "≤50", "", "")
        + "</table>"
    )
    doc = read_document_bytes(html.encode("utf-8"), "h.html")
    (table,) = read_tables(doc)
    assert _rows(table) == [
        ("4", 0, "林草覆盖率", None, "生态安全", "%"),
        ("4", 0, "林草覆盖率", "山区", "生态安全", "%"),
        ("4", 0, "林草覆盖率", "丘陵区", "生态安全", "%"),
        ("2", 0, "单位地区生产总值用水量", None, "生态经济", "立方米/万元"),
        ("2", 0, "单位地区生产总值用水量", "东部地区", "生态经济", "立方米/万元"),
    ]
    assert _cells(table.rows[1]) == {"standard": "≥60", "status:2020": "78.6", "verdict": "达标"}
    assert _cells(table.rows[2])["standard"] == "≥40"
    assert [r.binding for r in table.rows] == ["参考性"] * 3 + ["约束性"] * 2
    assert table.issues == []


def test_a_one_cell_per_line_row_has_a_cell_under_each_column():
    """宝兴县 (built): one cell per line, 9 columns, numbering restarting in each domain; a
    `/` is a cell, a unit the reader does not know (万亩) stands in the unit column, and a
    value equal to the next number (`5` in row 4) stays in its row."""
    header = ["领域", "序号", "指标名称", "单位", "标准值", "现状值（2020年）", "达标情况"]
    header += ["2025年目标", "指标属性"]
    body = ["生态制度", "1", "河长制", "/", "全面实施", "全面实施", "达标", "全面实施", "约束性"]
    body += ["生态安全", "1", "森林覆盖率", "%", "/", "82.7", "/", "≥83", "参考性"]
    body += ["2", "大熊猫栖息地面积", "万亩", "/", "264.5", "/", "不减少", "参考性"]
    body += ["3", "外来物种入侵", "/", "不明显", "不明显", "达标", "不明显", "参考性"]
    body += ["4", "县级以上生态文明教育基地", "处", "/", "3", "/", "5", "参考性"]
    text = "\n".join(["表3-2 宝兴县建设指标现状及达标情况", *header, *body, "注：略。"])
    (table,) = read_tables(document_from_text(text, "b.txt"))
    assert table.layout == "line"
    assert _rows(table) == [
        ("1", 0, "河长制", None, "生态制度", "/"),
        ("1", 0, "森林覆盖率", None, "生态安全", "%"),
        ("2", 0, "大熊猫栖息地面积", None, "生态安全", "万亩"),
        ("3", 0, "外来物种入侵", None, "生态安全", "/"),
        ("4", 0, "县级以上生态文明教育基地", None, "生态安全", "处"),
    ]
    assert _cells(table.rows[1]) == {
        "standard": "/",
        "status:2020": "82.7",
        "verdict": "/",
        "target:2025": "≥83",
    }
    assert _cells(table.rows[4]) == {
        "standard": "/",
        "status:2020": "3",
        "verdict": "/",
        "target:2025": "5",
    }
    assert [r.binding for r in table.rows] == ["约束性"] + ["参考性"] * 4
    assert table.issues == []
    # a row short of a cell (an empty cell prints no line): the empty cell is put where
    # the other cells fit their columns best (达标 under 达标情况), and the row says so
    short = text.replace("\n外来物种入侵\n/\n", "\n外来物种入侵\n")
    (table,) = read_tables(document_from_text(short, "s.txt"))
    assert _rows(table)[3] == ("3", 0, "外来物种入侵", None, "生态安全", "")
    assert _cells(table.rows[3]) == {
        "standard": "不明显",
        "status:2020": "不明显",
        "verdict": "达标",
        "target:2025": "不明显",
    }
    assert re.fullmatch(
        r"line \d+: indicator 3 prints 7 cells where the header has 8 from its number on; "
        r"read with the unit cell empty",
        table.rows[3].issue,
    )
    assert [r.seq for r in table.rows] == ["1", "1", "2", "3", "4"]
    assert [i.message for i in table.issues] == [table.rows[3].issue]
