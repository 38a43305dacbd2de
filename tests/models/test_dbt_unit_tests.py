"""The dbt unit tests (models/*/_*.yml `unit_tests:`), which pin the SQL rules on small
fixtures: run here, not in every refresh (dbt's advice: development and CI)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from ecobench import warehouse

pytestmark = pytest.mark.slow


def test_every_dbt_unit_test_passes(published, tmp_path):
    summary, _ = published
    built = Path(summary["warehouse"])
    copy = tmp_path / "build" / built.name  # dbt opens its database read-write: a copy
    copy.parent.mkdir()
    shutil.copyfile(built, copy)
    proc = warehouse.run_dbt("test --select test_type:unit", copy, built.parent / "landing")
    results = json.loads((copy.parent / "target" / "run_results.json").read_text())["results"]
    failed = [
        f"{r['unique_id']}: {r['status']} {r.get('message')}"
        for r in results
        if r["status"] != "pass"
    ]
    assert proc.returncode == 0 and not failed, failed or proc.stdout[-2000:]
    names = {r["unique_id"].rsplit(".", 1)[-1] for r in results}
    # every unit test the models declare ran, and some do (the value grammar's cases are
    # pytest's: tests/ingest/test_values.py)
    assert names and names == declared_unit_tests()


def declared_unit_tests() -> set[str]:
    """The names under `unit_tests:` in the models' yml files (`_*.yml` beside the models
    and the `_*__unit_tests.yml` that hold only unit tests)."""
    models = Path(__file__).parents[2] / "models"
    return {
        test["name"]
        for path in models.rglob("*.yml")
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests", [])
    }
