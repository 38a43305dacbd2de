"""`ecobench bench`: the refresh at province scale as a user waits for it, against a plain
DuckDB floor, in one run on one machine (absolute seconds move ±20 % between runs here;
ratios measured in one run do not).

Generates synthetic submissions (one CSV per district, every year and framework; every row
marked 数据性质 合成, districts named syn0000…, files synthetic_*.csv) and runs, each as its
own process with its start-up on the clock, into a scratch folder (never the published
warehouse: the real refresh refuses synthetic rows):

- `ecobench --help`, the cost of starting the command at all;
- `ecobench refresh` on the five documents and the submissions (its stage split and peak
  memory from its own summary; start-up, Prefect's server and dbt's parse fall outside the
  stages and are reported as the difference);
- the floor (`floor.py`): the core of the same work in one plain DuckDB script;
- the compiled SQL of the dbt models and data tests run directly in DuckDB, in dbt's order,
  on a copy of the built warehouse (what dbt itself adds);
- `ecobench refresh` again with nothing new (it should say so at once);
- one new submission: `ecobench refresh`, and the floor given only that file;
- a ranking query on the marts (median of 20).

`growth` runs it at several numbers of districts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from ecobench import cost_map, floor, processes
from ecobench.config import SOURCES_DIR
from ecobench.prefect_api import free_port
from ecobench.publish.manifest import MANIFEST
from ecobench.publish.marts import published_tables
from ecobench.quality.reference import load_reference
from ecobench.warehouse import Layout

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
    their standards, each district's series with a trend of its own so that every
    progress class occurs (rpt_progress): a percentage from 40-95 moving -2 to +3 points a
    year (within 0-100), another number 0.6-1.4 times its standard moving -5 % to +5 % of
    it a year (within 0-1.4 times it), each with noise, a change -3 to +2, a qualitative indicator 达标 four times in five."""
    reference = load_reference()
    rng = np.random.default_rng(seed)
    grid = pl.DataFrame({"区县代码": districts}).join(pl.DataFrame({"年份": years}), how="cross")
    which = np.repeat(np.arange(len(districts)), len(years))  # the grid's district, year
    t = np.tile(np.arange(len(years)), len(districts))
    frames = []
    for (fw, seq), ind in reference.indicators.items():
        if fw not in FRAMEWORKS:
            continue
        number = re.search(r"-?\d+(?:\.\d+)?", ind.standard_raw)
        noise = rng.normal(0, 0.3, grid.height)
        if not ind.is_quantitative:
            drawn = np.where(rng.random(grid.height) < 0.8, "达标", "未达标")
        elif "Δ" in ind.standard_raw:
            drawn = np.round(rng.uniform(-3, 2, grid.height), 2).astype(str)
        elif ind.unit == "%":
            base, slope = rng.uniform(40, 95, len(districts)), rng.uniform(-2, 3, len(districts))
            drawn = np.round(np.clip(base[which] + slope[which] * t + noise, 0, 100), 1)
            drawn = drawn.astype(str)
        else:
            standard = float(number.group()) if number else 1.0
            base = standard * rng.uniform(0.6, 1.4, len(districts))
            slope = standard * rng.uniform(-0.05, 0.05, len(districts))
            level = base[which] + slope[which] * t + noise * abs(standard) * 0.01
            # within the drawn band (an index like EQI stays under 100: plausible_ranges)
            drawn = np.round(np.clip(level, 0, 1.4 * abs(standard)), 3).astype(str)
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


def run(
    n_districts: int,
    n_years: int,
    work_dir: Path | None = None,
    keep: bool = False,
    profile: bool = False,
) -> dict:
    """The refresh as a user waits for it, against the floor, in one run on one machine;
    with profile, the cost map of its pieces too (cost_map.py)."""
    work = Path(work_dir or tempfile.mkdtemp(prefix="ecobench-bench-"))
    submissions = work / "submissions"
    warehouse = work / "warehouse" / "ecobench.duckdb"
    n_values = generate(submissions, n_districts, n_years)
    help_seconds = statistics.median(_timed([*CLI, "--help"])[0] for _ in range(3))

    refresh = [*CLI, "refresh", "--sources", str(SOURCES_DIR), "--submissions", str(submissions)]
    refresh += ["--warehouse", str(warehouse), "--allow-synthetic"]
    total, full = _timed([*refresh, "--summary-json", str(work / "full.json")], work / "full.json")
    floor_seconds = floor.timed(work / "floor", [submissions / "*.csv"])
    costs = _costs(warehouse, profile)
    direct = round(sum(node["seconds"] for node in costs["dbt"]), 3)
    unchanged_seconds, unchanged = _timed(
        [*refresh, "--summary-json", str(work / "unchanged.json")], work / "unchanged.json"
    )
    incremental = _incremental(work, refresh, n_years)
    served = _via_serve(work, refresh, n_years)

    with duckdb.connect(str(warehouse), read_only=True) as con:
        ranking_ms, rows = ranking_query_ms(con), row_counts(con)
    stages_seconds = sum(s["wall_seconds"] for s in full["stages"].values())
    figures = {
        "districts": n_districts,
        "years": n_years,
        "frameworks": len(FRAMEWORKS),
        "synthetic_values": n_values,
        "end_to_end_seconds": total,
        "floor_seconds": floor_seconds,
        "end_to_end_to_floor": round(total / floor_seconds, 2),
        "stages": full["stages"],
        "stages_seconds": round(stages_seconds, 2),
        "outside_stages_seconds": round(total - stages_seconds, 2),
        "peak_memory_mb": full["peak_memory_mb"],
        "dbt_nodes": full["dbt_nodes"],
        "direct_duckdb_seconds": direct,
        "dbt_to_direct_ratio": round(full["stages"]["dbt_build"]["wall_seconds"] / direct, 2),
        **incremental,
        **served,
        "unchanged_seconds": unchanged_seconds,
        "unchanged_said": unchanged.get("unchanged_since"),
        "help_seconds": round(help_seconds, 3),
        "unchanged_to_help": round(unchanged_seconds / help_seconds, 2),
        "ranking_query_ms": ranking_ms,
        "rows": {**{f"landing.{k}": v for k, v in full["rows"].items()}, **rows},
        "work_dir": str(work) if keep else None,
        **({"cost_map": costs} if profile else {}),
    }
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def _costs(warehouse: Path, profile: bool) -> dict[str, list[dict]]:
    """The dbt models and tests run directly (their sum is the bench's direct figure); with
    profile, the GX suites and the publish writers too."""
    layout = Layout(warehouse)
    costs = {"dbt": cost_map.dbt_costs(layout.build.parent, warehouse)}
    if profile:
        costs["gx"] = cost_map.gx_costs(warehouse, layout.landing)
        costs["publish"] = cost_map.publish_costs(
            warehouse, layout.work_dir / "profile", layout.build.parent / "target" / MANIFEST
        )
    return costs


def _incremental(work: Path, refresh: list[str], n_years: int) -> dict:
    """One new submission (the first district's Jiangxi values for a year after the
    others): the refresh given it and its summary, and the floor given only that file."""
    new_file = _new_submission(work, "syn0000", FIRST_YEAR + n_years, seed=11)
    seconds, summary = _timed(
        [*refresh, "--summary-json", str(work / "incremental.json")], work / "incremental.json"
    )
    floor_seconds = floor.timed(work / "floor_incremental", [new_file], last=work / "floor")
    return {
        **_against_floor("incremental", seconds, floor_seconds, summary),
        "incremental_dbt_nodes": summary["dbt_nodes"],
        "incremental_files_parsed": summary["parsed"],
    }


def _via_serve(work: Path, refresh: list[str], n_years: int) -> dict:
    """One more new submission (the second district's, a year later still), refreshed by a
    warm `ecobench serve` started on the scratch warehouse (its own Prefect server and
    home): the wait of `ecobench refresh --via-serve`, and the floor given only that file."""
    new_file = _new_submission(work, "syn0001", FIRST_YEAR + n_years + 1, seed=13)
    folders = refresh[refresh.index("--sources") : refresh.index("--allow-synthetic")]
    summary_json = ["--summary-json", str(work / "served.json")]
    with _serving(work, folders) as port:
        argv = [*refresh, "--via-serve", "--serve-port", str(port), *summary_json]
        seconds, summary = _timed(argv, work / "served.json")
    floor_seconds = floor.timed(work / "floor_served", [new_file], last=work / "floor_incremental")
    return _against_floor("served", seconds, floor_seconds, summary)


@contextmanager
def _serving(work: Path, folders: list[str]) -> Iterator[int]:
    """`ecobench serve` on the folders, with a Prefect home of its own, once it is warm:
    the port it takes refreshes on; stopped as Ctrl-C stops it."""
    from ecobench.serve import client

    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    ports = ["--port", str(free_port()), "--warm-port", str(port)]
    with (work / "serve.log").open("w") as log:
        serve = processes.start(
            [*CLI, "serve", *folders, *ports, "--full-checks-cron", ""],
            env={**env, "PREFECT_HOME": str(work / "prefect")},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 300
        while not client.ready(port):
            if serve.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ecobench serve did not start:\n{_tail(work / 'serve.log')}")
            time.sleep(0.5)
        yield port
    finally:
        serve.send_signal(signal.SIGINT)  # it ends within processes.SERVE_GRACE_SECONDS
        serve.wait(timeout=processes.SERVE_GRACE_SECONDS + 30)
        processes.forget(serve)


def _new_submission(work: Path, district: str, year: int, seed: int) -> Path:
    """A district's Jiangxi values for a year, a new file among the submissions."""
    path = work / "submissions" / f"synthetic_{district}_{year}.csv"
    synthetic_rows([district], [year], seed=seed).filter(
        pl.col("指标体系") == "jiangxi_provincial"
    ).write_csv(path)
    return path


def _against_floor(name: str, seconds: float, floor_seconds: float, summary: dict) -> dict:
    return {
        f"{name}_seconds": seconds,
        f"{name}_floor_seconds": floor_seconds,
        f"{name}_to_floor": round(seconds / floor_seconds, 2),
        f"{name}_stages": summary["stages"],
    }


def _tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:]


def growth(scales: list[int], n_years: int) -> dict:
    """The end-to-end refresh and the floor at each number of districts, and how much the
    cost grows from the smallest to the largest against the growth in districts."""
    runs = {n: run(n, n_years) for n in scales}
    small, large = runs[min(scales)], runs[max(scales)]
    return {
        "years": n_years,
        "by_districts": {
            n: {
                key: figures[key]
                for key in (
                    "end_to_end_seconds",
                    "floor_seconds",
                    "end_to_end_to_floor",
                    "incremental_seconds",
                    "incremental_floor_seconds",
                    "unchanged_seconds",
                    "peak_memory_mb",
                )
            }
            for n, figures in runs.items()
        },
        "districts_growth": round(max(scales) / min(scales), 2),
        "end_to_end_growth": round(large["end_to_end_seconds"] / small["end_to_end_seconds"], 2),
        "floor_growth": round(large["floor_seconds"] / small["floor_seconds"], 2),
    }


CLI = [sys.executable, "-m", "ecobench.cli"]  # `ecobench`, as a user starts it


def _timed(argv: list[str], summary: Path | None = None) -> tuple[float, dict]:
    """Wall seconds of a command, start-up included, and the summary it wrote."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = round(time.perf_counter() - start, 3)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv[2:4])} exited {done.returncode}:\n{done.stderr[-3000:]}"
        )
    return seconds, json.loads(summary.read_text()) if summary else {}
