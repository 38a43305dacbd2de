"""The expectation suites on real documents, without the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

import expectations
from ecobench.ingest.document import parse_file
from ecobench.quality.gate import Gate, document_frames
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
