"""End to end: district submissions through the refresh flow, on top of the five documents.

Honggutan reports its 2024 status under Jiangxi's list; its plan (001 表3-1) printed the
2022 status: wetland protection 17.28% (line 389, standard ≥52) and urban wastewater
treatment 95.3% (line 537, ≥85).
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from ecobench.ingest.intake import SYNTHETIC_REFUSED
from tests.conftest import copy_sources, one
from tests.submissions.conftest import fill

pytestmark = pytest.mark.slow

HISTORY = """
    select value_raw, is_current, superseded_by, source_file, sheet_name, source_line
    from marts.fct_submitted_values
    where district_id = '360113' and indicator_seq = '12' order by submitted_on
"""
SCORES = """
    select period_year, value_raw, score, rating, source_file
    from marts.fct_indicator_scores
    where district_id = '360113' and framework_id = 'jiangxi_provincial'
      and framework_seq = ? and basis = 'status'
"""

BENCHMARK = """
    select distinct status_raw, status_value, status_year, status_source
    from marts.rpt_benchmark_concept
    where district_id = '360113' and concept_name_zh = '湿地保护率'
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory, harness):
    """Four refreshes: with a first submission (and a bad and a synthetic one), again with
    nothing changed, after a correction, and after the correction is withdrawn. Yields each
    summary, the scores seen along the way and the warehouse path."""
    from ecobench.publish.submission_form import write_template
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("submissions")
    sources, submissions = copy_sources(root / "sources"), root / "submissions"
    submissions.mkdir()
    warehouse = root / "warehouse" / "ecobench.duckdb"
    first = submissions / "honggutan_jiangxi_provincial_2024.xlsx"
    write_template("360113", "jiangxi_provincial", 2024, first)
    fill(first, {"12": 18, "23": 96}, submitted_on="2025-03-01")
    bad = submissions / "hailing_national_trial_2024.xlsx"
    write_template("321202", "national_trial", 2024, bad)
    fill(bad, {"8": 180, "2": 25})
    (submissions / "synthetic_syn0001.csv").write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注,数据性质\n"
        "syn0001,jiangxi_provincial,23,城镇污水处理率,%,90,2024,,合成\n",
        encoding="utf-8",
    )
    year_2024 = root / "reports" / "exports" / "fct_submitted_values" / "period_year=2024"
    summaries = [refresh(sources, warehouse, 0.0, submissions)]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        before = {seq: one(con, SCORES, seq) for seq in ("12", "23")}
        before["benchmark"] = con.execute(BENCHMARK).fetchall()
    exported = [(year_2024 / "data.parquet").stat().st_mtime_ns]
    summaries.append(refresh(sources, warehouse, 0.0, submissions))
    exported.append((year_2024 / "data.parquet").stat().st_mtime_ns)
    (submissions / "honggutan_2024_correction.csv").write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注,填报日期\n"
        "honggutan,jiangxi_provincial,12,湿地保护率,%,18.5,2024,复核更正,2025-04-01\n",
        encoding="utf-8",
    )
    summaries.append(refresh(sources, warehouse, 0.0, submissions))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        corrected = one(con, SCORES, "12"), con.execute(HISTORY).fetchall()
    exported.append(
        duckdb.sql(
            f"select value_raw, is_current from '{year_2024}/data.parquet' "
            "where district_id = '360113' and indicator_seq = '12' order by value_raw"
        ).fetchall()
    )
    (submissions / "honggutan_2024_correction.csv").unlink()  # withdrawn
    summaries.append(refresh(sources, warehouse, 0.0, submissions))
    yield summaries, (before, corrected), warehouse, exported


def test_a_submission_publishes_and_the_bad_ones_are_quarantined(runs):
    (first, *_), *_ = runs
    assert first["documents"] == 5 and first["submissions"] == 1
    assert first["rows"]["submissions"] == 2
    reason = first["quarantined"]["hailing_national_trial_2024.xlsx"]
    assert "sheet 指标填报" in reason and "column 现状值 ('180'): a percentage is within" in reason
    assert first["quarantined"]["synthetic_syn0001.csv"].endswith(SYNTHETIC_REFUSED)


def test_the_2024_submission_replaces_the_plans_2022_status_in_the_scores(runs):
    _, (before, _), *_ = runs
    name = "honggutan_jiangxi_provincial_2024.xlsx"
    # 18% against ≥52 from the lower bound 0: 100 × 18 / 52; the plan's 17.28% scored 33.2
    assert before["12"] == (2024, "18", 34.6, "not_met", name)
    assert before["23"] == (2024, "96", 100.0, "met", name)
    # one latest status everywhere: the benchmark by concept shows the same 2024 value
    assert before["benchmark"] == [("18", 18.0, 2024, f"{name}, 指标填报:19")]


def test_an_unchanged_refresh_parses_nothing_and_builds_only_the_submissions_models(runs):
    (_, again, *_), *_ = runs
    # the quarantined files are read again each time; nothing that passed is
    assert again["parsed"] == 2
    assert again["dbt_select"] == "source:landing.submissions+"
    assert again["rows"]["submissions"] == 2


def test_a_newer_submission_supersedes_and_the_history_is_kept(runs):
    (_, _, corrected_run, _), (_, (score, history)), *_ = runs
    assert corrected_run["parsed"] == 3 and corrected_run["submissions"] == 2
    assert history == [
        (
            "18",
            False,
            "honggutan_2024_correction.csv",
            "honggutan_jiangxi_provincial_2024.xlsx",
            "指标填报",
            19,
        ),
        ("18.5", True, None, "honggutan_2024_correction.csv", None, 2),
    ]
    assert score == (2024, "18.5", 35.6, "not_met", "honggutan_2024_correction.csv")


def test_a_withdrawn_submission_leaves_and_the_older_value_is_current_again(runs):
    (*_, withdrawn_run), _, warehouse, _ = runs
    assert withdrawn_run["submissions"] == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(HISTORY).fetchall() == [
            ("18", True, None, "honggutan_jiangxi_provincial_2024.xlsx", "指标填报", 19),
        ]
        assert one(con, SCORES, "12")[:3] == (2024, "18", 34.6)
        runs_logged = con.execute(
            "select status from marts.pipeline_runs order by started_at"
        ).fetchall()
        assert runs_logged == [("published_with_quarantine",)] * 4


def test_the_submissions_export_rewrites_only_the_years_that_changed(runs):
    *_, exported = runs
    first, unchanged, corrected = exported
    assert unchanged == first  # nothing new: period_year=2024/data.parquet left alone
    assert corrected == [("18", False), ("18.5", True)]


def test_the_incremental_builds_equal_a_build_from_scratch(runs, tmp_path):
    """After a correction and its withdrawal, each built on the last warehouse (only the
    districts whose inputs changed recomputed), the tables equal those of a full build."""
    from ecobench import warehouse as build

    *_, published, _ = runs
    scratch = tmp_path / "ecobench.duckdb"
    build.dbt_build(scratch, published.parent / "landing")
    # from scratch, every row is tested: each was written by this build, whose rows the
    # tests check (macros/checks.sql)
    assert "dbt_invocation_id = '" in _compiled(
        scratch, "not_null_fct_submitted_values_district_id"
    )
    with duckdb.connect(str(scratch), read_only=True) as con:
        assert (
            con.execute(
                "select count(distinct dbt_invocation_id), count(*) from marts.fct_status_trajectory"
            ).fetchone()[0]
            == 1
        )
    # dbt_invocation_id: the build that wrote the row, which the tests check (macros/checks.sql)
    stamped = "* exclude (dbt_invocation_id)"
    tables = {
        "marts.fct_submitted_values": stamped,
        "marts.fct_submission_verdicts": stamped,
        "marts.fct_indicator_scores": stamped,
        # a mean summed in another order differs in the last bits (91.29333333333334/32)
        "marts.fct_domain_scores": f"{stamped} replace (round(score, 9) as score)",
        "marts.rpt_district_ranking": "*",
        "marts.fct_status_trajectory": stamped,
        "marts.rpt_progress": stamped,
        "marts.rpt_progress_summary": "*",
        "marts.rpt_benchmark_concept": stamped,
    }
    with duckdb.connect() as con:
        con.execute(f"attach '{published}' as incremental (read_only)")
        con.execute(f"attach '{scratch}' as scratch (read_only)")
        for table, columns in tables.items():
            count, differ = con.execute(
                f"""select (select count(*) from incremental.{table}),
                    (select count(*) from (
                        (select {columns} from incremental.{table}
                         except all select {columns} from scratch.{table})
                        union all
                        (select {columns} from scratch.{table}
                         except all select {columns} from incremental.{table})))"""
            ).fetchone()
            assert count > 0 and differ == 0, table


def _compiled(build_path, test_name):
    """The SQL dbt ran for a data test of the last build into build_path."""
    compiled = build_path.parent / "target" / "compiled"
    return next(compiled.rglob(f"{test_name}.sql")).read_text(encoding="utf-8")


def _landed_copy(published, tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(published.parent / "landing", landing)
    return landing


def test_a_bad_row_of_a_new_submission_fails_the_incremental_build(runs, tmp_path):
    """A scoped test checks the rows this build wrote: a new submission's row with no year
    fails not_null in an incremental build, which compiles the test filtered to its own
    invocation; with full checks the same test runs on every row."""
    from ecobench import warehouse as build

    *_, published, _ = runs
    landing = _landed_copy(published, tmp_path)
    landed = sorted((landing / "submissions").glob("*-*.parquet"))[0]
    new_id = "f" * 64
    duckdb.execute(
        f"copy (select * replace ('{new_id}' as submission_sha256, null as period_year) "
        f"from '{landed}' limit 1) to '{landing / 'submissions' / f'{new_id}-bad.parquet'}'"
    )
    scratch, name = (
        tmp_path / "build" / "ecobench.duckdb",
        "not_null_fct_submitted_values_period_year",
    )
    for full_checks in (False, True):
        with pytest.raises(build.DbtBuildError) as failed:
            build.dbt_build(scratch, landing, published, build.SUBMISSIONS_ONLY, full_checks)
        assert [t.split(".")[2] for t in failed.value.failed_tests] == [name]
        sql = _compiled(scratch, name)
        assert ("dbt_invocation_id = '" in sql) is not full_checks, sql
        assert ("where true" in sql) is full_checks, sql


def test_an_incremental_build_leaves_the_rows_an_earlier_build_checked(runs, tmp_path):
    """The rows an earlier build wrote are not tested again: a null planted in one of them
    passes an incremental build and fails one with full checks, naming the test."""
    from ecobench import warehouse as build

    *_, published, _ = runs
    landing, base = _landed_copy(published, tmp_path), tmp_path / "base.duckdb"
    shutil.copyfile(published, base)
    with duckdb.connect(str(base)) as con:
        con.execute(
            "update marts.fct_submitted_values set value_raw = null "
            "where submitted_value_id = (select min(submitted_value_id) "
            "from marts.fct_submitted_values)"
        )
    scratch, name = (
        tmp_path / "build" / "ecobench.duckdb",
        "not_null_fct_submitted_values_value_raw",
    )
    passed = build.dbt_build(scratch, landing, base, build.SUBMISSIONS_ONLY)
    assert any(name in node and node.endswith(": pass") for node in passed)
    assert "dbt_invocation_id = '" in _compiled(scratch, name)
    with pytest.raises(build.DbtBuildError) as failed:
        build.dbt_build(scratch, landing, base, build.SUBMISSIONS_ONLY, full_checks=True)
    assert [t.split(".")[2] for t in failed.value.failed_tests] == [name]
