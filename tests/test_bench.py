"""`ecobench bench` at a small scale: the synthetic set, its figures, and that it stays out
of the published warehouse. (Its timings are printed, never asserted: they are measured by
the command itself, README "Scale and speed".)"""

from __future__ import annotations

import duckdb
import pytest

from ecobench import bench, config

pytestmark = pytest.mark.slow

VALUES_PER_DISTRICT_YEAR = 41 + 44 + 33  # the rows of H17, R21 and JX to fill


def test_bench_runs_the_flow_on_synthetic_submissions_and_prints_its_figures(tmp_path, harness):
    published = config.WAREHOUSE_PATH.stat().st_mtime if config.WAREHOUSE_PATH.exists() else None
    figures = bench.run(3, 2, tmp_path / "bench", keep=True)
    assert figures["synthetic_values"] == 3 * 2 * VALUES_PER_DISTRICT_YEAR == 708
    assert figures["rows"]["landing.submissions"] == 708
    # the incremental run adds one district's Jiangxi submission for a new year
    assert figures["rows"]["fct_submitted_values"] == 708 + 33
    assert set(figures["stages"]) == {"parse", "validate", "land", "dbt_build", "publish"}
    assert all(
        stage["wall_seconds"] > 0 and stage["peak_memory_mb"] > 0
        for stage in figures["stages"].values()
    )
    assert figures["direct_duckdb_seconds"] > 0 and figures["ranking_query_ms"] > 0
    assert figures["incremental_dbt_nodes"] < figures["dbt_nodes"]
    assert figures["incremental_files_parsed"] == 1  # the new file; the others are cached
    warehouse = tmp_path / "bench" / "warehouse" / "ecobench.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select count(*), bool_and(is_synthetic) from marts.dim_district "
            "where district_id like 'syn%'"
        ).fetchall() == [(3, True)]
        assert con.execute(
            "select count(*) from marts.rpt_district_ranking where district_id like 'syn%' "
            "and framework_id = 'jiangxi_provincial' and domain = 'overall' and basis = 'status' "
            "and rank_status = 'ranked'"
        ).fetchall() == [(3,)]
    # the published warehouse of the project was not touched
    now = config.WAREHOUSE_PATH.stat().st_mtime if config.WAREHOUSE_PATH.exists() else None
    assert now == published
