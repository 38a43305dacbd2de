"""Building and publishing: a failed dbt build raises and leaves the published file alone."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from ecobench import landing, warehouse
from ecobench.ingest.document import parse_file
from tests.conftest import SOURCES

pytestmark = pytest.mark.slow


def test_failed_dbt_test_raises_and_keeps_published_warehouse(tmp_path):
    parsed = parse_file(next(SOURCES.glob("004_*.txt")))
    # a framework the reference data does not know: the relationships test must fail
    parsed.indicator_values = parsed.indicator_values.with_columns(
        pl.lit("no_such_framework").alias("framework_id")
    )
    landed = tmp_path / "landing"
    landing.land([parsed], landed)
    # the sources a refresh always lands beside the documents (none submitted, no history)
    landing.land_submissions([], landed)
    landing.land_history([], landed)
    published = tmp_path / "ecobench.duckdb"
    published.write_bytes(b"last good warehouse")
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    with pytest.raises(
        warehouse.DbtBuildError, match="relationships_fct_indicator_values_framework_id"
    ):
        warehouse.dbt_build(tmp_path / ".build" / "ecobench.duckdb", landed)
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
