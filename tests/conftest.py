"""Shared fixtures: small real excerpts of the documents, the five documents themselves, and
refreshes of them (alone, and with the example submissions)."""

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


EXAMPLES = Path(__file__).parents[1] / "docs" / "examples" / "submissions"


@pytest.fixture(scope="session")
def examples_run(tmp_path_factory, harness):
    """One refresh on the five documents and the example submissions the README shows
    (docs/examples/submissions/): its warehouse (read only) and its exports folder."""
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("examples")
    sources, submissions = copy_sources(root / "sources"), root / "submissions"
    shutil.copytree(EXAMPLES, submissions)
    path = root / "warehouse" / "ecobench.duckdb"
    summary = refresh(sources, path, 0.0, submissions)
    assert summary["quarantined"] == {}, summary["quarantined"]
    with duckdb.connect(str(path), read_only=True) as con:
        yield con, root / "reports" / "exports"


def one(con, sql, *params):
    """The single row a query returns."""
    rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, rows
    return rows[0]
