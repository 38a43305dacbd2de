"""Building and publishing: a failed dbt build raises and leaves the published file alone."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from ecobench import warehouse
from ecobench.ingest.document import parse_file
from tests.conftest import SOURCES

pytestmark = pytest.mark.slow


def test_failed_dbt_test_raises_and_keeps_published_warehouse(tmp_path):
    parsed = parse_file(next(SOURCES.glob("004_*.txt")))
    # a framework the reference data does not know: the relationships test must fail
    parsed.indicator_values = parsed.indicator_values.with_columns(
        pl.lit("no_such_framework").alias("framework_id")
    )
    landing = tmp_path / "landing"
    warehouse.land([parsed], landing)
    # the sources a refresh always lands beside the documents (none submitted, no history)
    warehouse.land_submissions([], landing)
    warehouse.land_history([], landing)
    published = tmp_path / "ecobench.duckdb"
    published.write_bytes(b"last good warehouse")
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    with pytest.raises(
        warehouse.DbtBuildError, match="relationships_fct_indicator_values_framework_id"
    ):
        warehouse.dbt_build(tmp_path / ".build" / "ecobench.duckdb", landing)
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
