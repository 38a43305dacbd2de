"""Shared fixtures: small real excerpts of the documents, and the five documents themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ecobench import config  # noqa: F401 - telemetry off before anything else loads
from ecobench.ingest.text import Document, read_document

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"  # real public documents beyond the five (README.md: sources)
SOURCES = Path(__file__).parents[1] / "data" / "sources"


@pytest.fixture
def excerpt():
    def load(name: str) -> Document:
        return read_document(FIXTURES / name)

    return load


@pytest.fixture
def corpus():
    def load(name: str) -> Document:
        return read_document(CORPUS / name)

    return load


@pytest.fixture(scope="session")
def source():
    def load(prefix: str) -> Document:
        return read_document(next(SOURCES.glob(f"{prefix}_*.txt")))

    return load


@pytest.fixture(scope="session")
def harness():
    """One Prefect test server for every test that runs the real flow."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def copy_sources(folder: Path) -> Path:
    """A copy of the five documents to run the flow on."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SOURCES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def published(tmp_path_factory, harness):
    """Run the real refresh flow once on a copy of the documents; yield its summary and a
    read-only connection to the warehouse it published."""
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("refresh")
    warehouse = root / "warehouse" / "ecobench.duckdb"
    summary = refresh(copy_sources(root / "sources"), warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    yield summary, con
    con.close()


def one(con, sql, *params):
    """The single row a query returns."""
    rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, rows
    return rows[0]
