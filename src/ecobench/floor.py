"""The floor `ecobench bench` measures the refresh against: the core of the refresh's work
on the same submission files, done by one plain DuckDB script (run as its own process, as
a user would run it: `python -m ecobench.floor OUT [--last DIR] FILE-OR-GLOB…`).

It reads every file with its file name; keeps the latest value per district, framework,
indicator and year (the later file); scores each value 0-100 against its framework's
standard (100 at the standard, 0 at the concept's lower bound from seeds/ranking_bounds.csv,
linear between; a qualitative one 100 达标, 0 otherwise); takes the domain means and the
overall mean of the domains, ranks per framework and year, and writes parquet. Given the
folder of its last output, it takes in only the new files: their values replace those of
the same key, and the districts they touch are scored again.

It does none of what the refresh adds: the documents, the quality gates and quarantine,
the lineage to sheet and row, supersede history, cross-framework verdicts, the run log,
the exports. The bench prints the ratio of the two, so the price of those is seen.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from ecobench.config import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"

STANDARDS = r"""
create table standards as
select
    indicators.framework_id,
    indicators.seq,
    indicators.domain_zh,
    try_cast(regexp_extract(indicators.standard_raw, '-?\d+(\.\d+)?') as double) as threshold,
    regexp_matches(indicators.standard_raw, '[≤<]') as lower_is_better,
    indicators.unit is null and not regexp_matches(indicators.standard_raw, '\d') as qualitative,
    coalesce(
        try_cast(bounds.lower_bound as double), case when indicators.unit = '%' then 0 end
    ) as lower_bound
from read_csv('{seeds}/framework_indicators.csv', all_varchar = true) as indicators
inner join read_csv('{seeds}/framework_versions.csv', all_varchar = true) as versions
    on versions.version_id = indicators.version_id and versions.is_assessed = 'true'
left join read_csv('{seeds}/crosswalk.csv', all_varchar = true) as crosswalk
    on crosswalk.version_id = indicators.version_id and crosswalk.seq = indicators.seq
    and crosswalk.is_primary = 'true'
left join read_csv('{seeds}/ranking_bounds.csv', all_varchar = true) as bounds
    on bounds.concept_id = crosswalk.concept_id
where indicators.is_parent = 'false'
"""

LATEST = """
create table latest as
select
    区县代码 as district_id,
    指标体系 as framework_id,
    序号 as seq,
    cast(年份 as integer) as year,
    arg_max(现状值, filename) as value_raw,
    max(filename) as source_file
from read_csv({files}, filename = true, all_varchar = true)
group by all
"""

SCORE = """
create table scored as
select
    latest.*,
    standards.domain_zh,
    case
        when standards.qualitative then case when latest.value_raw = '达标' then 100.0 else 0.0 end
        when try_cast(latest.value_raw as double) is null or standards.threshold is null then null
        when standards.lower_is_better then case
            when try_cast(latest.value_raw as double) <= standards.threshold then 100.0
            else greatest(0.0, 100.0 - 100.0 * (try_cast(latest.value_raw as double)
                - standards.threshold) / nullif(abs(standards.threshold), 0))
        end
        when try_cast(latest.value_raw as double) >= standards.threshold then 100.0
        when standards.lower_bound is null or standards.lower_bound >= standards.threshold
            then 0.0
        else greatest(0.0, 100.0 * (try_cast(latest.value_raw as double) - standards.lower_bound)
            / (standards.threshold - standards.lower_bound))
    end as score
from latest
inner join standards using (framework_id, seq)
"""

DOMAINS = """
create table domains as
select district_id, framework_id, year, domain_zh, avg(score) as score, count(score) as n_scored
from scored
group by all
"""

RANKING = """
create table ranking as
with overall as (
    select district_id, framework_id, year, avg(score) as score
    from domains
    group by all
)
select *, rank() over (partition by framework_id, year order by score desc) as rank
from overall
"""


def run(out_dir: Path, files: list[Path], last: Path | None = None) -> None:
    """The floor's work on files into out_dir; with `last` (a previous output folder) only
    these files are new: the rest comes from it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    listed = "[" + ", ".join(f"'{file}'" for file in files) + "]"
    with duckdb.connect() as con:
        con.execute(STANDARDS.format(seeds=SEEDS))
        con.execute(LATEST.format(files=listed))
        con.execute(SCORE)
        if last is not None:  # the other values of the districts and years these touch
            con.execute(
                f"""insert into scored select * from '{last}/scored.parquet' as kept
                    where exists (select 1 from scored as new
                        where new.district_id = kept.district_id
                        and new.framework_id = kept.framework_id and new.year = kept.year)
                    and not exists (select 1 from scored as new
                        where new.district_id = kept.district_id
                        and new.framework_id = kept.framework_id and new.year = kept.year
                        and new.seq = kept.seq)"""
            )
        con.execute(DOMAINS)
        if last is not None:  # the untouched ones, as the last run left them
            for table in ("scored", "domains"):
                con.execute(
                    f"""insert into {table} select * from '{last}/{table}.parquet' as kept
                        where not exists (select 1 from {table} as new
                            where new.district_id = kept.district_id
                            and new.framework_id = kept.framework_id and new.year = kept.year)"""
                )
        con.execute(RANKING)
        for table in ("scored", "domains", "ranking"):
            con.execute(f"copy {table} to '{out_dir}/{table}.parquet' (format parquet)")


def timed(out_dir: Path, files: list[Path], last: Path | None = None) -> float:
    """Seconds the floor takes end to end, as its own process (interpreter start, import
    and all), the way the refresh is timed."""
    import subprocess

    argv = [sys.executable, "-m", "ecobench.floor", str(out_dir)]
    if last is not None:
        argv += ["--last", str(last)]
    start = time.perf_counter()
    subprocess.run([*argv, *map(str, files)], check=True)
    return round(time.perf_counter() - start, 3)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    previous = None
    if arguments[1:2] == ["--last"]:
        previous = Path(arguments[2])
        del arguments[1:3]
    run(Path(arguments[0]), [Path(a) for a in arguments[1:]], previous)
