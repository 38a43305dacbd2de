"""Real public documents beyond the five (tests/fixtures/corpus/README.md names each one's
address): the rows the reader must find, written out by hand from the page as printed."""

from __future__ import annotations

from ecobench.ingest.document import parse_text
from ecobench.ingest.tables import facts, read_tables
from ecobench.ingest.text import squash


def rows(doc):
    return [
        (v.indicator_seq, v.sub_index, v.indicator_name_zh, v.region_variant, v.unit, v.value_raw)
        for table in read_tables(doc)
        for v in facts(table, doc)
    ]


def test_hunan_provincial_list_one_cell_per_line(corpus):
    """湖南省生态文明建设示范县指标(试行), as the Changde ecology bureau published it: one cell
    per line, 省级指标值 for the standard, task groups printed (一) then their name."""
    doc = corpus("hunan_provincial_county_indicators_2018.txt")
    (table,) = read_tables(doc)
    assert table.layout == "line" and table.issues == []
    got = rows(doc)
    assert {seq for seq, *_ in got} == {str(n) for n in range(1, 19)}
    assert ("2", 0, "生态文明建设工作占党政实绩考核的比例", None, "%", "≥20") in got
    assert ("11", 0, "生态环境状况指数(EI)", None, None, "≥55且不降低") in got
    # 森林覆盖率: one standard per terrain, and the 高寒区 variant under its own name
    assert [r for r in got if r[0] == "12"] == [
        ("12", 0, "森林覆盖率", "山区", "%", "≥60"),
        ("12", 0, "森林覆盖率", "丘陵区", "%", "≥40"),
        ("12", 0, "森林覆盖率", "平原地区", "%", "≥18"),
        ("12", 1, "高寒区或草原区林草覆盖率", None, "%", "≥70"),
    ]
    assert [r[3:] for r in got if r[0] == "17"] == [
        ("非湖区县(市)", "%", "20%以上"),
        ("湖区县(市)", "%", "15%以上"),
        ("城区", "%", "应划尽划"),
    ]
    water = [r for r in got if r[0] == "10"]
    assert water[0][2] == "达到或优于III类水质比例提高幅度"
    assert water[0][5].startswith("地表水环境质量总体改善")
    bindings = {v.indicator_seq: v.binding for v in facts(table, doc)}
    assert (bindings["3"], bindings["14"], bindings["18"]) == ("reference", "binding", "binding")
    groups = {v.task_group_zh for v in facts(table, doc)}
    assert groups == {
        "(一)制度与保障机制完善",
        "(二)环境质量改善",
        "(三)生态系统保护",
        "(四)环境风险防范",
        "(五)空间格局优化",
    }


def test_hunan_list_names_its_province(corpus):
    parsed = parse_text(corpus("hunan_provincial_county_indicators_2018.txt"))
    meta = parsed.documents.row(0, named=True)
    assert (meta["district_id"], meta["district_code"], meta["district_found_in"]) == (
        "430000",
        "430000",
        "title",
    )
    assert parsed.indicator_values.height == 26


def test_a_box_drawn_table_without_values_is_read_and_named(corpus):
    """表2 生态县36项指标赋分: box-drawing borders, 赋分 (score) and no standard column."""
    doc = corpus("ecocounty_scores_box_table.txt")
    (table,) = read_tables(doc)
    assert table.layout == "pipe"
    assert [(r.seq, r.sub_index, r.name.text, r.unit) for r in table.rows][:4] == [
        ("1", 1, "人均国内生产总值", "元/人"),
        ("1", 2, "经济发达地区", "元/人"),
        ("1", 3, "经济欠发达地区", "元/人"),
        ("2", 1, "年人均财政收入", "元/人"),
    ]
    assert [issue.message for issue in table.issues] == [
        "line 3: the table prints no standard (指标值) column",
        "line 3: the table prints no value column: its 11 rows are read, none lands a value",
    ]


def test_a_county_plan_as_its_web_page_prints_it(corpus):
    """云和县 (Zhejiang) 生态环境保护“十四五”规划, as the county's own page explains it: a
    `|` table whose domain cell is merged down (row 2 starts at its number), the unit in
    the name, and the copy ending inside row 2."""
    doc = corpus("yunhe_2022_14th_plan_reading.txt")
    parsed = parse_text(doc)
    meta = parsed.documents.row(0, named=True)
    assert (meta["district_code"], meta["district_found_in"]) == ("331125", "title")
    (table,) = read_tables(doc)
    assert table.layout == "pipe"
    got = [
        (v.indicator_seq, v.indicator_name_zh, v.measure, v.period_year, v.value_raw, v.unit)
        for v in facts(table, doc)
    ]
    assert got == [
        ("1", "空气质量优良天数比例(%)", "status", 2020, "100", "%"),
        ("1", "空气质量优良天数比例(%)", "target", 2025, "97%以上", "%"),
    ]
    assert {v.binding for v in facts(table, doc)} == {"binding"}
    # row 2 is its own indicator, named, with nothing copied from row 1, and cut off
    row2 = table.rows[1]
    assert (row2.seq, squash(row2.name.text), row2.inherited) == (
        "2",
        "细颗粒物(PM2.5)平均浓度(ug/m",
        set(),
    )
    assert {k: c.text for k, c in row2.cells.items()} == {"status:2020": "", "target:2025": ""}
    assert "line 9: the row stops after 2 cells: the table ends inside it (cut off)" in [
        i.message for i in table.issues
    ]


def test_a_city_assessment_with_pipe_marked_cells_and_a_two_row_header(corpus):
    """临沂市 (Shandong) 国家环保模范城市 “十一五”考核指标 with its 2006 and 2007 results: each
    cell a `| ` line running over several lines, a lone `|` ending the row, the header
    in two rows and each domain cell merged down."""
    doc = corpus("linyi_2007_model_city_assessment.txt")
    (table,) = read_tables(doc)
    assert (table.layout, table.issues) == ("pipe", [])
    assert table.roles == [
        ("domain", None),
        ("name", None),
        ("standard", None),
        ("status", 2006),
        ("status", 2007),
    ]
    values = facts(table, doc)
    rows = {
        (v.indicator_seq, v.measure, v.period_year): (v.indicator_name_zh, v.value_raw)
        for v in values
    }
    assert rows[("3", "standard", None)] == ("环境保护投资指数", ">1.7%")
    assert rows[("3", "status", 2006)] == ("环境保护投资指数", "2.06%")
    assert rows[("7", "status", 2007)] == ("单位GDP用水量", "97.29")
    assert rows[("9", "standard", None)] == ("全年APl指数≤100的天数占全年总天数的百分比", "≥85%")
    assert rows[("12", "status", 2006)] == ("区域环境噪声平均值", "54.O")  # printed O for 0
    assert rows[("13", "standard", None)] == ("交通干线噪声平均值", "<70dB (a)")
    assert rows[("14", "status", 2007)] == ("受保护地面积占国土面积比例", "11.1%")
    # the printed 1、 restarts in every domain; the table numbers its rows once
    assert len({v.indicator_seq for v in values}) == 14
    domains = {v.indicator_seq: v.domain_zh for v in values}
    assert (domains["1"], domains["4"], domains["5"]) == (
        "基本条件",
        "社会经济指标",
        "社会经济指标",
    )


def test_a_national_plan_box_with_cumulative_targets(corpus):
    """专栏1 “十三五”生态环境保护主要指标 (国务院, 2016), as a news page reprinted it: one cell
    per line ended by ` |`, 2015年 / 2020年 / 〔累计〕 columns, `76。7` for 76.7, the box's
    group cells merged down, the copy ending inside the soil group."""
    doc = corpus("national_13th_fyp_box1_2016.txt")
    (table,) = read_tables(doc)
    assert (table.label, table.layout) == ("专栏1", "pipe")
    got = {
        (v.indicator_seq, v.measure, v.period_year): (v.value_raw, v.value_num)
        for v in facts(table, doc)
    }
    assert got[("1", "status", 2015)] == ("76。7", 76.7)
    assert got[("1", "target", 2020)] == (">80", 80.0)
    assert got[("2", "target", 2020)] == ("〔18〕", 18.0)  # the 〔累计〕 column's figure
    assert got[("6", "target", 2020)] == (">80", 80.0)  # its 〔累计〕 cell is empty
    assert got[("7", "target", 2020)] == ("15左右", 15.0)
    names = {v.indicator_seq: (v.indicator_name_zh, v.task_group_zh) for v in facts(table, doc)}
    assert names["1"] == ("地级及以上城市2空气质量优良天数比率(%)", "1。空气质量")
    assert names["8"] == ("近岸海域水质优良(一、二类)比例(%)", "2。水环境质量")
    assert {v.binding for v in facts(table, doc) if v.indicator_seq in {"3", "6"}} == {"expected"}
    assert (
        "line 57: the row stops after 2 cells: the table ends inside it (cut off); its cells "
        "['3。土壤环境质量', '受污染耕地安全'] are not read"
    ) in [issue.message for issue in table.issues]
    # a national plan names no district: a refresh quarantines it, nothing is guessed
    assert parse_text(doc).documents["district_code"][0] is None


def test_a_provincial_list_run_into_one_paragraph(corpus):
    """浙江省省级生态文明建设示范县、市指标(试行) as a document site extracted it: title, text
    and the whole table in one line; the header inside the paragraph, numbers written
    into the names around them, a domain between rows, sub-indicators with no number."""
    doc = corpus("zhejiang_provincial_county_indicators.txt")
    parsed = parse_text(doc)
    meta = parsed.documents.row(0, named=True)
    assert (meta["district_code"], meta["is_indicator_list"]) == ("330000", True)
    (table,) = read_tables(doc)
    assert table.layout == "glued"
    got = [
        (v.indicator_seq, v.sub_index, v.indicator_name_zh, v.unit, v.value_raw, v.domain_zh)
        for v in facts(table, doc, "浙江省")
    ]
    assert got == [
        ("1", 0, "单位GDP能耗", "吨标煤/万元", "≤0.6", "资源节约利用"),
        ("2", 0, "单位工业增加值用水量", "立方米/万元", "≤28", "资源节约利用"),
        ("3", 0, "建设用地集约利用水平", None, "≥85", "资源节约利用"),
        ("4", 1, "秸秆综合利用率", "%", "≥90", "绿色产业发展"),
        ("4", 2, "规模化畜禽养殖场粪便综合利用率", "%", "≥98", "绿色产业发展"),
        ("5", 0, "主要食用农产品中有机、绿色、无公害产品种植面积比例", "%", "≥60", "绿色产业发展"),
        ("6", 1, "一般工业固体废物处置利用率", "%", "≥99", "绿色产业发展"),
        ("6", 2, "危险废物无害化处置率", "%", "100", "绿色产业发展"),
        ("7", 0, "地表水水质优良比例", "%", "≥78", "环境质量改善"),
        ("8", 0, "空气环境质量好于二级标准的天数比例", "%", "≥85", "环境质量改善"),
        ("9", 0, "耕地土壤环境质量达标率", "%", "≥80", "环境质量改善"),
    ]
    # Zhejiang's list is not in seeds/frameworks.csv: unregistered, quarantined until added
    assert {v.framework_id for v in facts(table, doc, "浙江省")} == {"unregistered"}
    assert "line 1: cell '生态' outside any row" in [i.message for i in table.issues]


def test_a_municipality_standard_one_cell_per_line_with_terrain_in_the_value(corpus):
    """重庆市生态县(区)建设标准(试行) as a document site shows it: one cell per line with no
    blank lines, a domain printed over two lines (环境 / 经济), units in the names, four
    pollutants under one parent and terrain written into the value (山区≥60)."""
    doc = corpus("chongqing_ecocounty_standard.txt")
    parsed = parse_text(doc)
    values = parsed.indicator_values
    assert parsed.documents["district_code"][0] == "500000"
    # a province-level office's own standard is its list, not the national one
    assert set(values["framework_id"]) == {"unregistered"}
    got = [
        (
            r["indicator_seq"],
            r["sub_index"],
            r["indicator_name_zh"],
            r["region_variant"],
            r["unit"],
            r["value_raw"],
            r["domain_zh"],
        )
        for r in values.iter_rows(named=True)
    ]
    assert got[:3] == [
        ("1", 0, "单位GDP能耗(吨标煤/万元)", None, "吨标煤/万元", "≤1.0", "环境经济"),
        ("2", 0, "单位工业增加值新鲜水耗(立方米/万元)", None, "立方米/万元", "≤25", "环境经济"),
        ("3", 1, "化学需氧量", None, None, "<4.0", "环境经济"),
    ]
    assert [r[2] for r in got if r[0] == "3"] == ["化学需氧量", "二氧化硫", "氨氮", "氮氧化物"]
    assert [r[3:6] for r in got if r[0] == "6"] == [
        ("山区", "%", "山区≥60"),
        ("丘陵区", "%", "丘陵区≥40"),
    ]
    assert {r[0]: r[6] for r in got}["7"] == "生态建设"
    assert "line 67: indicator 8 is cut off (the table ends inside its row)" in list(
        parsed.parse_issues["issue"]
    )
