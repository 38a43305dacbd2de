"""Fixtures of the writers' tests that change a warehouse: a copy of the published one, and
the keys a refresh brings its exports up to date by."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecobench.publish.manifest import district_keys
from ecobench.publish.parquet import PARTITIONED


@pytest.fixture
def keys(published) -> dict[str, str]:
    """The keys a refresh brings the exports up to date by: the per-district marts as
    dbt's manifest (in the exported dbt docs) tags them, and the partitions."""
    summary, _ = published
    manifest = Path(summary["exports"]["report"]).parent / "dbt_docs" / "manifest.json"
    return {**district_keys(manifest), **PARTITIONED}


@pytest.fixture
def warehouse(published, tmp_path):
    """A copy of the published five-document warehouse that the test may change."""
    _, con = published
    (path,) = con.execute("select path from duckdb_databases() where not internal").fetchone()
    target = tmp_path / "ecobench.duckdb"
    shutil.copyfile(path, target)
    return target
