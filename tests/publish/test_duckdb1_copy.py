"""The DuckDB 1.x copy of the marts is brought up to date from the last one: only the tables
(or partitions) whose rows or columns changed are written again, and the result holds
exactly what the warehouse holds."""

from __future__ import annotations

import duckdb
import pytest

from ecobench.publish import table_prints
from ecobench.publish.duckdb1 import DUCKDB1_COPY, copy_for_duckdb1
from ecobench.publish.marts import published_tables

pytestmark = pytest.mark.slow


def copy(warehouse, folder, last=None, keys=None, bucketed=()) -> list[str]:
    """A copy brought up to date from the last one, and the record an export keeps of it
    (its prints and its file) for the next."""
    folder.mkdir()
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        tables = published_tables(con)
        prints = table_prints.compute(con, tables, keys or {}, bucketed)
        path, written = copy_for_duckdb1(con, tables, folder / DUCKDB1_COPY, prints, last)
    table_prints.save(folder, prints, [path])
    return written


def test_every_per_district_mart_is_tagged_in_the_manifest(keys, published):
    """The marts built incrementally by district are the ones a submission changes for its
    district only; each carries `meta: {district_key: district_id}` in its yml, read from
    the manifest dbt wrote (no hand-kept list to fall behind)."""
    _, con = published
    assert keys == {
        "fct_domain_scores": "district_id",
        "fct_indicator_scores": "district_id",
        "fct_status_trajectory": "district_id",
        "fct_submission_verdicts": "district_id",
        "fct_submitted_values": "period_year",
        "rpt_benchmark_concept": "district_id",
        "rpt_progress": "district_id",
    }
    for table, column in keys.items():
        columns = {
            name
            for (name,) in con.execute(
                "select column_name from duckdb_columns() "
                "where schema_name = 'marts' and table_name = $table",
                {"table": table},
            ).fetchall()
        }
        assert column in columns, table


def contents(database, catalog_schema: str) -> dict[str, tuple]:
    """Each table's row count and order-free hash of its rows."""
    with duckdb.connect() as con:
        con.execute(f"attach '{database}' as db (read_only)")
        tables = con.execute(
            "select table_name from duckdb_tables() where database_name = 'db' "
            f"and schema_name = '{catalog_schema}' order by 1"
        ).fetchall()
        return {
            t: con.execute(
                f"select count(*), sum(hash(x)::hugeint) from db.{catalog_schema}.{t} as x"
            ).fetchone()
            for (t,) in tables
        }


def test_a_copy_from_the_last_writes_only_what_changed(warehouse, tmp_path, keys, bucketed):
    first = copy(warehouse, tmp_path / "first", keys=keys, bucketed=bucketed)
    assert "rpt_findings" in first and "fct_indicator_values" in first  # a new copy: all
    same = copy(warehouse, tmp_path / "same", last=tmp_path / "first", keys=keys, bucketed=bucketed)
    assert same == []

    # one finding, the 2022 values and Hailing's scores change; fct_indicator_values is
    # copied by year, the scores by Hailing's bucket of districts (md5('321202') = 1aec…)
    keys = {**keys, "fct_indicator_values": "period_year"}
    by_year = tmp_path / "by_year"
    copy(warehouse, by_year, last=tmp_path / "first", keys=keys, bucketed=bucketed)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.rpt_findings set detail_zh = detail_zh || '（改）' where true")
        changed = con.execute(
            "update marts.fct_indicator_values set value_raw = value_raw || ' ' "
            "where period_year = 2022"
        ).fetchone()[0]
        rescored = con.execute(
            "update marts.fct_indicator_scores set reason_zh = coalesce(reason_zh, '') || '（改）' "
            "where district_id = '321202'"
        ).fetchone()[0]
        others = con.execute(
            "select count(distinct district_id) from marts.fct_indicator_scores "
            "where district_id <> '321202'"
        ).fetchone()[0]
    assert changed > 0 and rescored > 0 and others > 0
    written = copy(warehouse, tmp_path / "second", last=by_year, keys=keys, bucketed=bucketed)
    assert written == [
        "fct_indicator_scores[district_bucket=1]",
        "fct_indicator_values[period_year=2022]",
        "rpt_findings",
    ]
    assert contents(tmp_path / "second" / DUCKDB1_COPY, "marts") == contents(warehouse, "marts")


def test_a_last_copy_someone_wrote_into_is_not_built_upon(warehouse, tmp_path):
    copy(warehouse, tmp_path / "first")
    with duckdb.connect(str(tmp_path / "first" / DUCKDB1_COPY)) as con:
        con.execute("delete from marts.rpt_findings")  # an analyst's DBeaver session
    written = copy(warehouse, tmp_path / "second", last=tmp_path / "first")
    assert "rpt_findings" in written and len(written) == len(contents(warehouse, "marts"))
    assert contents(tmp_path / "second" / DUCKDB1_COPY, "marts") == contents(warehouse, "marts")
