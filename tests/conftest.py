"""Shared fixtures: small real excerpts of the documents, and the five documents themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ecobench import config  # noqa: F401 - telemetry off before anything else loads
from ecobench.ingest.text import Document, read_document

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = Path(__file__).parents[1] / "data" / "sources"


@pytest.fixture
def excerpt():
    def load(name: str) -> Document:
        return read_document(FIXTURES / name)

    return load


@pytest.fixture(scope="session")
def source():
    def load(prefix: str) -> Document:
        return read_document(next(SOURCES.glob(f"{prefix}_*.txt")))

    return load


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """Run the real refresh flow once on a copy of the documents; yield its summary and a
    read-only connection to the warehouse it published."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("refresh")
    sources = root / "sources"
    shutil.copytree(SOURCES, sources)
    warehouse = root / "warehouse" / "ecobench.duckdb"
    with prefect_test_harness(server_startup_timeout=180):
        summary = refresh(sources, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    yield summary, con
    con.close()


def one(con, sql, *params):
    """The single row a query returns."""
    rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, rows
    return rows[0]
