"""`ecobench bench` at a small scale: the synthetic set, its figures, and that it stays out
of the published warehouse. (Its timings are printed, never asserted: they are measured by
the command itself, README "Scale and speed".)"""

from __future__ import annotations

import duckdb
import pytest

from ecobench import bench, config
from tests.publish.browser import browse, sections

pytestmark = pytest.mark.slow

VALUES_PER_DISTRICT_YEAR = 41 + 44 + 33  # the rows of H17, R21 and JX to fill


def test_bench_runs_the_flow_on_synthetic_submissions_and_prints_its_figures(tmp_path, harness):
    published = config.WAREHOUSE_PATH.stat().st_mtime if config.WAREHOUSE_PATH.exists() else None
    # more districts than a report ranks in one table (report.FLAT_RANKING)
    figures = bench.run(32, 2, tmp_path / "bench", keep=True, profile=True)
    assert figures["synthetic_values"] == 32 * 2 * VALUES_PER_DISTRICT_YEAR == 7552
    assert figures["rows"]["landing.submissions"] == 7552
    # the incremental run adds one district's Jiangxi submission for a new year, and the run
    # through a warm `ecobench serve` another district's for the year after
    assert figures["rows"]["fct_submitted_values"] == 7552 + 33 + 33
    assert set(figures["stages"]) == {"parse", "validate", "land", "dbt_build", "publish"}
    assert all(
        stage["wall_seconds"] > 0 and stage["peak_memory_mb"] > 0
        for stage in figures["stages"].values()
    )
    # end to end as a user waits: at least its stages, with start-up on top; the floors
    # are real runs; the ratios are of the figures printed beside them
    assert figures["end_to_end_seconds"] >= figures["stages_seconds"] > 0
    assert figures["outside_stages_seconds"] > 0
    assert figures["floor_seconds"] > 0 and figures["incremental_floor_seconds"] > 0
    assert figures["end_to_end_to_floor"] == round(
        figures["end_to_end_seconds"] / figures["floor_seconds"], 2
    )
    assert figures["incremental_to_floor"] == round(
        figures["incremental_seconds"] / figures["incremental_floor_seconds"], 2
    )
    assert figures["served_to_floor"] == round(
        figures["served_seconds"] / figures["served_floor_seconds"], 2
    )
    assert set(figures["served_stages"]) == {"parse", "validate", "land", "dbt_build", "publish"}
    # the serve it started answered, ran the refresh and stopped without a traceback
    assert "Traceback" not in (tmp_path / "bench" / "serve.log").read_text()
    assert figures["direct_duckdb_seconds"] > 0 and figures["ranking_query_ms"] > 0
    assert_cost_map(figures["cost_map"], figures["direct_duckdb_seconds"])
    assert figures["incremental_dbt_nodes"] < figures["dbt_nodes"]
    assert figures["incremental_files_parsed"] == 1  # the new file; the others are cached
    # given nothing new, the refresh said so instead of running, in about a command's start
    assert figures["unchanged_said"] and figures["help_seconds"] > 0
    # the floor's ranking ranks every synthetic district, as the refresh does
    floor = tmp_path / "bench" / "floor" / "ranking.parquet"
    assert duckdb.sql(
        f"select count(distinct district_id), min(rank) from '{floor}' "
        "where framework_id = 'jiangxi_provincial'"
    ).fetchall() == [(32, 1)]
    warehouse = tmp_path / "bench" / "warehouse" / "ecobench.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select count(*), bool_and(is_synthetic) from marts.dim_district "
            "where district_id like 'syn%'"
        ).fetchall() == [(32, True)]
        # ranked overall, in each synthetic city of ten (合成市3 has syn0030, syn0031) and
        # in the synthetic province
        assert con.execute(
            "select count(*), max(n_ranked_in_city), min(n_ranked_in_city), "
            "min(rank_in_province), max(n_ranked_in_province) "
            "from marts.rpt_district_ranking where district_id like 'syn%' "
            "and framework_id = 'jiangxi_provincial' and domain = 'overall' and basis = 'status' "
            "and rank_status = 'ranked'"
        ).fetchall() == [(32, 10, 2, 1, 32)]
        # each synthetic district has a trend of its own: every progress class occurs
        classes = con.execute(
            "select distinct progress_class from marts.rpt_progress where district_id like 'syn%'"
        ).fetchall()
        assert {"on_track", "moderately_improving", "stagnating", "decreasing"} <= {
            c for (c,) in classes
        }
    # at province scale a ranking is its top, its bottom and a table by city; a district's
    # section shows its neighbours
    parts = sections(
        browse((tmp_path / "bench" / "reports" / "exports" / "report.html").as_uri())[0]
    )
    rankings = parts["rankings"]
    assert "前 10 名 Top" in rankings and "后 10 名 Bottom" in rankings
    assert "合成省 合成市3 2 2" in rankings  # province, city, districts, ranked
    assert "相邻 Neighbours" in parts["district-360113"]
    assert not any(name.startswith("district-syn") for name in parts)  # sections: real ones
    # the published warehouse of the project was not touched
    now = config.WAREHOUSE_PATH.stat().st_mtime if config.WAREHOUSE_PATH.exists() else None
    assert now == published


def assert_cost_map(costs: dict, direct_seconds: float) -> None:
    """--profile: every model and test of the full build with its seconds and rows (the
    direct figure is their sum), every GX suite and publish writer."""
    nodes = {node["node"]: node for node in costs["dbt"]}
    assert round(sum(n["seconds"] for n in costs["dbt"]), 3) == direct_seconds
    # the submitted values: read from the landed parquet, all written to the fact table
    assert nodes["stg_landing__submissions"]["rows_read"] == 7552
    assert nodes["fct_submitted_values"]["rows_written"] == 7552
    assert nodes["fct_submitted_values"]["rows_read"] >= 7552
    tests = [n for n in costs["dbt"] if n["kind"] == "test"]
    assert len(tests) > 100 and all(t["rows_written"] == 0 for t in tests)  # no failures
    assert all(n["dbt_seconds"] > 0 for n in costs["dbt"] if n["kind"] == "model")
    suites = {suite["suite"]: suite for suite in costs["gx"]}
    assert suites["submissions"]["rows"] == 7552 and suites["submissions"]["seconds"] > 0
    assert {"documents", "indicator_values", "fct_indicator_values"} <= set(suites)
    writers = {writer["writer"]: writer["seconds"] for writer in costs["publish"]}
    assert set(writers) == {"table_prints", "parquet", "duckdb1_copy", "report", "workbook"}
    assert all(seconds > 0 for seconds in writers.values())
