"""The refresh the flow tests share: the five documents and the example submissions the
README shows (docs/examples/submissions/), run once for the session."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_sources

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples" / "submissions"


@pytest.fixture(scope="session")
def examples_run(tmp_path_factory, harness):
    """One refresh on the five documents and the two districts' submissions: its
    warehouse (read only) and its exports folder."""
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("examples")
    sources, submissions = copy_sources(root / "sources"), root / "submissions"
    shutil.copytree(EXAMPLES, submissions)
    path = root / "warehouse" / "ecobench.duckdb"
    summary = refresh(sources, path, 0.0, submissions)
    assert summary["quarantined"] == {}, summary["quarantined"]
    with duckdb.connect(str(path), read_only=True) as con:
        yield con, root / "reports" / "exports"
