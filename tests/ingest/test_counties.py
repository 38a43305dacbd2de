"""County plans the warehouse was not built on (tests/fixtures/counties/, README there: each
one built in the style of real county plans, marked as built), labelled by hand
(labels.csv): every row goes under the concept its words name, or stays unmapped with a
located warning, whatever number the county prints on it."""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

import pytest

from ecobench.ingest.document import parse_file, parse_text
from ecobench.ingest.text import read_document

COUNTIES = Path(__file__).parents[1] / "fixtures" / "counties"
LABELS = list(csv.DictReader((COUNTIES / "labels.csv").open(encoding="utf-8")))
FILES = sorted({label["file"] for label in LABELS})


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_file(COUNTIES / name) for name in FILES}


def concepts_by_name(doc) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for row in doc.indicator_values.filter(
        doc.indicator_values["table_label"].is_not_null()
    ).iter_rows(named=True):
        found.setdefault(row["indicator_name_zh"], set()).add(row["concept_id"])
    return found


def test_the_corpus_spans_provinces_and_formats():
    assert len(FILES) >= 7
    assert {Path(f).suffix for f in FILES} >= {".txt", ".html", ".docx"}


def test_every_county_is_recognised_and_lands_its_rows(parsed):
    codes = {}
    for name, doc in parsed.items():
        meta = doc.documents.row(0, named=True)
        codes[name] = meta["district_code"]
        assert doc.indicator_values.height > 0, name
    # 磐安 (Zhejiang), 宝兴 (Sichuan), 武夷山 (Fujian), 赤水 (Guizhou), 霍山 (Anhui), 留坝
    # (Shaanxi), 兰考 (Henan), 靖安 (Jiangxi)
    assert sorted(codes.values()) == sorted(
        ["330727", "511827", "350782", "520381", "341525", "610729", "410225", "360925"]
    )
    assert len({code[:2] for code in codes.values()} - {"36", "32"}) >= 6


def test_at_least_95_percent_of_rows_go_under_the_concept_their_words_name(parsed):
    outcome: Counter[str] = Counter()
    wrong = []
    for label in LABELS:
        found = concepts_by_name(parsed[label["file"]]).get(label["name_printed"])
        if found is None:  # a group row that prints no value lands nothing
            assert "no values" in label["note"], label
            continue
        want = None if label["concept_id"] == "none" else label["concept_id"]
        if found == {want}:
            outcome["right"] += 1
        else:
            outcome["wrong"] += 1
            wrong.append((label["file"], label["name_printed"], want, found))
        if want is None and found != {None}:
            outcome["forced"] += 1
    assert outcome["right"] >= 0.95 * (outcome["right"] + outcome["wrong"]), wrong
    assert outcome["right"] >= 150
    assert outcome["forced"] == 0, wrong  # no row without a concept is given one


def test_a_row_with_no_concept_lands_unmapped_with_its_line(parsed):
    doc = parsed["jingan_2022_plan_table.txt"]
    rows = doc.indicator_values.filter(doc.indicator_values["concept_id"].is_null())
    issues = [i["issue"] for i in doc.parse_issues.iter_rows(named=True)]
    for row in rows.filter(rows["table_label"].is_not_null()).iter_rows(named=True):
        assert row["mapped_by"] in {"none", "weak"}
        assert any(f"line {row['source_line']}: '{row['indicator_name_zh']}'" in i for i in issues)


def test_a_countys_own_numbering_is_never_read_as_the_national_one(parsed):
    """靖安 numbers its 10 rows 1-10 in its own order: by row number 林草覆盖率 84.1 was
    filed as C03 (the share of eco-civilization in officials' assessment), 秸秆综合利用率
    as EQI and 满意度 as 森林覆盖率."""
    doc = parsed["jingan_2022_plan_table.txt"]
    rows = {
        (r["indicator_seq"], r["indicator_name_zh"]): (r["concept_id"], r["definition_id"])
        for r in doc.indicator_values.iter_rows(named=True)
        if r["measure"] == "status"
    }
    assert rows[("1", "林草覆盖率")] == ("C16", "forest_grass")
    assert rows[("2", "秸秆综合利用率")] == ("C31.1", "level")
    assert rows[("10", "公众对生态文明建设的满意度")] == ("C49", "level")
    # its numbers agree with no list's: none of them confirms a row
    assert "name+seq" not in set(doc.indicator_values["mapped_by"])


def test_shuffled_and_renumbered_rows_keep_their_concepts():
    """A perturbed copy: the same table with its rows in another order and numbered anew."""
    doc = read_document(COUNTIES / "jingan_2022_plan_table.txt")
    text = doc.text
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line.split("\t")[0].isdigit()]
    rows = [lines[i].split("\t", 1)[1] for i in body]
    random.Random(7).shuffle(rows)
    for n, (i, row) in enumerate(zip(body, rows, strict=True), start=1):
        lines[i] = f"{n}\t{row}"
    original = concepts_by_name(parse_file(COUNTIES / "jingan_2022_plan_table.txt"))
    shuffled = concepts_by_name(
        parse_text(read_document_text("\n".join(lines), "jingan_shuffled.txt"))
    )
    assert shuffled == original


def read_document_text(text: str, name: str):
    from ecobench.ingest.formats import read_document_bytes

    return read_document_bytes(text.encode("utf-8"), name)


def test_a_row_named_otherwise_than_its_number_is_mapped_by_name_with_a_warning(source):
    """001 表3-2 is the revised national list in its own numbering: swap two rows' names
    and the names win, each with a warning naming its line."""
    # 表3-2 prints 城镇污水处理率 as row 25 and 农村生活污水治理率 as row 26
    plan = source("001")
    text = (
        plan.text.replace("\t城镇污水处理率\n", "\t@@\n")
        .replace("\t农村生活污水治理率\n", "\t城镇污水处理率\n")
        .replace("\t@@\n", "\t农村生活污水治理率\n")
    )
    doc = parse_text(read_document_text(text, "001_swapped.txt"))
    values = doc.indicator_values.filter(doc.indicator_values["table_label"] == "表3-2")
    by_seq = {
        r["indicator_seq"]: r["concept_id"]
        for r in values.iter_rows(named=True)
        if r["measure"] == "status" and r["indicator_seq"] in {"25", "26"}
    }
    assert by_seq == {"25": "C37", "26": "C36"}
    issues = [i["issue"] for i in doc.parse_issues.iter_rows(named=True)]
    # the swap reaches 表3-1 too, where 城镇污水处理率 is row 23 and the rural row is absent
    said = [i for i in issues if "but its name says" in i]
    assert len(said) == 3 and all("mapped by its name" in i for i in said)
    assert any(i.startswith("line 534: row 23 '农村生活污水治理率'") for i in said)


@pytest.mark.parametrize("dash", ["-", "—", "/", "－", ""])
def test_a_unit_printed_as_a_dash_or_a_slash_is_no_unit(dash):
    text = (
        "某县人民政府关于印发《霍邱县生态文明建设规划》的通知\n"
        "序号\t指标名称\t单位\t现状值\t2025年目标\n"
        f"1\t河长制\t{dash}\t全面推行\t全面实施\n"
        "2\t茶园面积\t处\t12\t15\n"
    )
    doc = parse_text(read_document_text(text, "dash.txt"))
    units = {r["indicator_name_zh"]: r["unit"] for r in doc.indicator_values.iter_rows(named=True)}
    assert units == {"河长制": None, "茶园面积": "处"}  # an unknown unit kept as printed


def test_a_document_states_its_districts_terrain(source):
    """001 says 红谷滩区属于平原区 (line 1175): the terrain that picks a standard's variant
    where the seeds say nothing; a sentence about another place is not the district's."""
    meta = parse_text(source("001")).documents.row(0, named=True)
    assert (meta["terrain_key"], meta["terrain_line"]) == ("plain", 1175)
    text = (
        "宝兴县人民政府关于印发《宝兴县生态文明建设规划》的通知\n"
        "成都平原地区的城市群发展迅速。\n"
        "全县地处山区，森林资源丰富。\n"
    )
    meta = parse_text(read_document_text(text, "baoxing.txt")).documents.row(0, named=True)
    assert (meta["terrain_key"], meta["terrain_line"]) == ("mountain", 3)
