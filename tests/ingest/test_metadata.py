"""Document metadata read from the documents' heads."""

from __future__ import annotations

import pytest

from ecobench.ingest.metadata import read_metadata
from ecobench.ingest.recognition import recognise


@pytest.mark.parametrize(
    ("prefix", "district", "number", "body", "date"),
    [
        ("000", "360113", "红谷府办发〔2023〕45号", "红谷滩区人民政府办公室", "2023-06-20"),
        ("001", "360113", "红谷府发〔2024〕3号", "红谷滩区人民政府", "2024-02-10"),
        ("002", "360202", None, "昌江区发改委", "2022-05-06"),
        ("003", "360700", "赣市府办字〔2022〕135号", "中国足球彩票办公室", "2022-12-28"),
        ("004", "321202", "泰海政办发〔2018〕26号", "海陵区政府", "2018-04-09"),
    ],
)
def test_metadata_as_printed(source, prefix, district, number, body, date):
    doc = source(prefix)
    meta = read_metadata(doc)
    assert (meta["doc_number"], meta["issuing_body"], meta["issued_date"]) == (number, body, date)
    assert recognise(doc, meta).district_id == district


def test_title_of_the_document_issued(source):
    assert read_metadata(source("003"))["title"] == "美丽赣州建设行动实施方案(2022-2025年)"


def test_document_without_notice_takes_its_first_line_as_title(excerpt):
    doc = excerpt("hailing_annex2_excerpt.txt")  # an annex on its own, no 关于印发…的通知
    meta = read_metadata(doc)
    assert meta["title"].startswith("对照《国家生态文明建设示范市、县指标(试行)》")
    assert meta["issuing_body"] is None and meta["doc_number"] is None
