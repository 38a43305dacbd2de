"""Real public documents beyond the five (tests/fixtures/corpus/README.md names each one's
address): the rows the reader must find, written out by hand from the page as printed."""

from __future__ import annotations

from ecobench.ingest.document import parse_text
from ecobench.ingest.tables import facts, read_tables


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
