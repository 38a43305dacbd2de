"""The expectation suites on real documents, without the flow."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import expectations
from ecobench.ingest.document import parse_file
from ecobench.quality.frames import document_frames
from ecobench.quality.gate import Gate
from ecobench.quality.reference import load_reference
from tests.conftest import SOURCES

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def gate():
    return Gate(load_reference(), expectations.DOCUMENT_SUITES)


def failures(gate, path):
    checks = []
    for table, frame in document_frames(parse_file(path), load_reference()).items():
        checks += gate.validate(
            table, frame, run_id="test", stage="document", source_file=path.name
        )
    return [c for c in checks if not c.success]


def test_each_table_is_checked_against_its_frameworks_size():
    frames = document_frames(parse_file(next(SOURCES.glob("001_*.txt"))), load_reference())
    tables = sorted(frames["tables"].select("table_label", "n_indicators", "n_expected").rows())
    assert tables == [("表3-1", 29, 29), ("表3-2", 35, 35)]


def test_the_plan_passes_every_expectation(gate):
    assert failures(gate, next(SOURCES.glob("001_*.txt"))) == []


def test_a_percentage_of_180_fails_a_blocking_expectation_at_its_line(gate):
    [failed] = failures(gate, CORPUS / "percentage_180.txt")
    assert failed.blocking and failed.suite == "indicator_values"
    assert failed.offending == [("percentage_180.txt", 537)]
    assert "180" in failed.sample_rows


def test_stray_issuing_body_is_a_warning_not_a_block(gate):
    [failed] = failures(gate, next(SOURCES.glob("003_*.txt")))
    assert not failed.blocking
    assert "中国足球彩票办公室" in failed.sample_rows


@pytest.mark.slow
def test_an_impossible_published_number_is_blamed_on_its_document(published):
    """The marts gate checks every number of fct_indicator_values against the range of its
    concept and unit: a park area per person of 1e308, or below zero, is refused and the
    document it came from named (the refresh quarantines it and builds again)."""
    import expectations
    from ecobench.quality import quarantine
    from ecobench.quality.plausibility import with_plausibility

    _, con = published
    values = con.sql("select * from marts.fct_indicator_values").pl()
    park = (pl.col("concept_id") == "C53") & (pl.col("measure") == "status")
    assert values.filter(park).height >= 1  # 001 prints Honggutan's 城镇人均公园绿地面积
    checks_of = {}
    for bad in (1e308, -3.0):
        frame = values.with_columns(
            pl.when(park).then(bad).otherwise(pl.col("value_canonical")).alias("value_canonical")
        )
        frame = with_plausibility(
            frame, "concept_id", "canonical_unit", "value_is_change", "value_canonical"
        )
        gate = Gate(load_reference(), expectations.MART_SUITES)
        checks_of[bad] = quarantine.gate_marts(gate, {"fct_indicator_values": frame}, "t")
    for checks in checks_of.values():
        failed = [c for c in checks if c.blocking and not c.success]
        assert [c.expectation for c in failed] == [
            "expect_column_values_to_be_in_set(column=value_plausible)"
        ]
        assert "a number is finite and within the range" in failed[0].why
        assert {file for file, _ in failed[0].offending} == set(
            values.filter(park)["source_file"].to_list()
        )
