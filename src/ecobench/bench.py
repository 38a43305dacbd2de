"""`ecobench bench`: the refresh flow at province scale, measured.

Generates synthetic submissions (one CSV per district, every year and framework; every row
marked 数据性质 合成, districts named syn0000…, files synthetic_*.csv), runs the real flow
on them and the real documents into a scratch folder (never the published warehouse: the
real refresh refuses synthetic rows), then measures:

- the full refresh, by stage (wall seconds and peak memory of the process tree), after
  Prefect's API server has started and dbt has parsed the project (as for every refresh
  of a warehouse but its first: both are reported apart);
- the same compiled SQL of the dbt models and data tests run directly in DuckDB, in dbt's
  execution order, on a copy of the built warehouse (dbt also loads the seeds and runs the
  unit tests: its figure includes them);
- a ranking query on the marts (median of 20);
- an incremental refresh after one new submission.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from ecobench.config import SOURCES_DIR
from ecobench.publish.exports import published_tables
from ecobench.quality.reference import load_reference
from ecobench.stages import Stages
from ecobench.warehouse import Layout, run_dbt

FRAMEWORKS = ("national_trial", "national_revised", "jiangxi_provincial")
FIRST_YEAR = 2015
RANKING_QUERY = """
select district_id, score, rank, coverage
from marts.rpt_district_ranking
where framework_id = 'jiangxi_provincial' and domain = 'overall' and basis = 'status'
  and rank_status = 'ranked'
order by rank
limit 50
"""


def synthetic_rows(districts: list[str], years: list[int], seed: int = 7) -> pl.DataFrame:
    """Status values for every district, year and indicator of the three frameworks, about
    their standards: a percentage 40-100, another number 0.6-1.4 times its standard, a
    change -3 to +2, a qualitative indicator 达标 four times in five."""
    reference = load_reference()
    rng = np.random.default_rng(seed)
    grid = pl.DataFrame({"区县代码": districts}).join(pl.DataFrame({"年份": years}), how="cross")
    frames = []
    for (fw, seq), ind in reference.indicators.items():
        if fw not in FRAMEWORKS:
            continue
        number = re.search(r"-?\d+(?:\.\d+)?", ind.standard_raw)
        if not ind.is_quantitative:
            drawn = np.where(rng.random(grid.height) < 0.8, "达标", "未达标")
        elif "Δ" in ind.standard_raw:
            drawn = np.round(rng.uniform(-3, 2, grid.height), 2).astype(str)
        elif ind.unit == "%":
            drawn = np.round(rng.uniform(40, 100, grid.height), 1).astype(str)
        else:
            base = float(number.group()) if number else 1.0
            drawn = np.round(base * rng.uniform(0.6, 1.4, grid.height), 3).astype(str)
        frames.append(
            grid.with_columns(
                pl.lit(fw).alias("指标体系"),
                pl.lit(seq).alias("序号"),
                pl.lit(ind.name_zh).alias("指标名称"),
                pl.lit(ind.unit, pl.String).alias("单位"),
                pl.Series("现状值", drawn),
            )
        )
    return (
        pl.concat(frames)
        .with_columns(pl.lit("合成").alias("数据性质"), pl.lit(None, pl.String).alias("备注"))
        .select(
            "区县代码", "指标体系", "序号", "指标名称", "单位", "现状值", "年份", "备注", "数据性质"
        )
        .sort("区县代码", "年份", "指标体系")
    )


def generate(folder: Path, n_districts: int, n_years: int) -> int:
    """Write one synthetic CSV per district; returns the number of values."""
    folder.mkdir(parents=True, exist_ok=True)
    districts = [f"syn{i:04d}" for i in range(n_districts)]
    rows = synthetic_rows(districts, list(range(FIRST_YEAR, FIRST_YEAR + n_years)))
    for (district,), part in rows.partition_by("区县代码", as_dict=True).items():
        part.write_csv(folder / f"synthetic_{district}.csv")
    return rows.height


def direct_seconds(build_dir: Path, warehouse: Path) -> float:
    """Run the compiled SQL of the models and data tests dbt just ran, in its order,
    directly in DuckDB on a copy of the warehouse it built."""
    manifest = json.loads((build_dir / "target" / "manifest.json").read_text())["nodes"]
    results = json.loads((build_dir / "target" / "run_results.json").read_text())["results"]
    copy = build_dir / "direct" / warehouse.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(warehouse, copy)
    statements = []
    for result in results:
        node = manifest.get(result["unique_id"])
        if (
            not node
            or node["resource_type"] not in {"model", "test"}
            or not node.get("compiled_code")
        ):
            continue
        sql = node["compiled_code"]
        if node["resource_type"] == "test":
            statements.append(f"select count(*) from ({sql}) as failures")
        else:
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            statements.append(f"create or replace {kind} {node['relation_name']} as ({sql})")
    with duckdb.connect() as con:
        con.execute(f"attach '{copy}' as {warehouse.stem}")
        con.execute(f"use {warehouse.stem}")
        start = time.perf_counter()
        for statement in statements:
            con.execute(statement).fetchall()
        elapsed = time.perf_counter() - start
    shutil.rmtree(copy.parent)
    return round(elapsed, 3)


def ranking_query_ms(con: duckdb.DuckDBPyConnection, repeat: int = 20) -> float:
    con.execute(RANKING_QUERY).fetchall()  # warm: the first read loads the table
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        con.execute(RANKING_QUERY).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        name: (con.execute(f"select count(*) from marts.{name}").fetchone() or (0,))[0]
        for name in published_tables(con)
    }


def run(n_districts: int, n_years: int, work_dir: Path | None = None, keep: bool = False) -> dict:
    from prefect import flow

    from flows.refresh import refresh, without_heartbeats

    work = Path(work_dir or tempfile.mkdtemp(prefix="ecobench-bench-"))
    submissions = work / "submissions"
    warehouse = work / "warehouse" / "ecobench.duckdb"
    n_values = generate(submissions, n_districts, n_years)

    @flow(name="ecobench-bench-warmup")
    def warm_up() -> None:
        """Start Prefect's API server before the clock starts."""

    start = time.perf_counter()
    warm_up()
    prefect_startup = time.perf_counter() - start
    # dbt parses the project once per warehouse and reuses it (partial parsing): every
    # refresh but a warehouse's first starts from it, so it is done before the clock too
    layout = Layout(warehouse)
    start = time.perf_counter()
    parsed = run_dbt("parse", layout.build, layout.landing)
    if parsed.returncode != 0:
        raise RuntimeError(f"dbt parse failed: {parsed.stdout[-2000:]}")
    dbt_parse = time.perf_counter() - start

    overall = Stages()
    start = time.perf_counter()
    with overall.measure("total"), without_heartbeats():  # as `ecobench refresh` runs it
        summary = refresh(SOURCES_DIR, warehouse, 0.0, submissions, allow_synthetic=True)
    total = time.perf_counter() - start
    direct = direct_seconds(layout.build.parent, warehouse)

    new_year = FIRST_YEAR + n_years
    synthetic_rows(["syn0000"], [new_year], seed=11).filter(
        pl.col("指标体系") == "jiangxi_provincial"
    ).write_csv(submissions / f"synthetic_syn0000_{new_year}.csv")
    start = time.perf_counter()
    with without_heartbeats():
        incremental = refresh(SOURCES_DIR, warehouse, 0.0, submissions, allow_synthetic=True)
    incremental_seconds = time.perf_counter() - start

    with duckdb.connect(str(warehouse), read_only=True) as con:
        ranking_ms, rows = ranking_query_ms(con), row_counts(con)
    figures = {
        "districts": n_districts,
        "years": n_years,
        "frameworks": len(FRAMEWORKS),
        "synthetic_values": n_values,
        "total_seconds": round(total, 2),
        "peak_memory_mb": overall.peak_mb,
        "stages": summary["stages"],
        "dbt_nodes": summary["dbt_nodes"],
        "direct_duckdb_seconds": direct,
        "dbt_to_direct_ratio": round(summary["stages"]["dbt_build"]["wall_seconds"] / direct, 2),
        "ranking_query_ms": ranking_ms,
        "incremental_refresh_seconds": round(incremental_seconds, 2),
        "incremental_stages": incremental["stages"],
        "incremental_dbt_nodes": incremental["dbt_nodes"],
        "incremental_files_parsed": incremental["parsed"],
        "prefect_startup_seconds": round(prefect_startup, 2),
        "dbt_parse_seconds": round(dbt_parse, 2),
        "rows": {
            **{f"landing.{k}": v for k, v in summary["rows"].items()},
            **rows,
        },
        "work_dir": str(work) if keep else None,
    }
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return figures
