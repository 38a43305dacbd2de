"""Fixtures of the writers' tests that change a warehouse: a copy of the published one, and
the keys a refresh brings its exports up to date by."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecobench.publish.parquet import dataset_keys


def _manifest(published) -> Path:
    summary, _ = published
    return Path(summary["exports"]["report"]).parent / "dbt_docs" / "manifest.json"


@pytest.fixture
def keys(published) -> dict[str, str]:
    """The keys a refresh brings the exports up to date by: the per-district marts as
    dbt's manifest (in the exported dbt docs) tags them, and the partitions."""
    return dataset_keys(_manifest(published))[0]


@pytest.fixture
def bucketed(published) -> set[str]:
    """The tables kept in buckets of districts: the per-district marts."""
    return dataset_keys(_manifest(published))[1]


@pytest.fixture
def warehouse(published, tmp_path):
    """A copy of the published five-document warehouse that the test may change."""
    _, con = published
    (path,) = con.execute("select path from duckdb_databases() where not internal").fetchone()
    target = tmp_path / "ecobench.duckdb"
    shutil.copyfile(path, target)
    return target
