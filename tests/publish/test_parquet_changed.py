"""An export writes only the parquet files whose table (or part) changed since the last
one and links the rest from it; a per-district mart is a dataset of 16 files, a bucket of
districts each (the first hex digit of md5 of the district's id); the parquet files and
the DuckDB 1.x copy are brought up to date from one record of the tables' prints, each
table hashed once."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from ecobench.publish import duckdb1, run, table_prints

pytestmark = pytest.mark.slow

# Hailing's scores: md5('321202') = 1aec368b…, bucket 1
CHANGED = "fct_indicator_scores/district_bucket=1/data.parquet"
BUCKET_1 = "(select * from w.marts.fct_indicator_scores where left(md5(district_id), 1) = '1')"


def docs_of(published) -> Path:
    summary, _ = published
    return Path(summary["exports"]["report"]).parent / "dbt_docs"


def inodes(exports: Path) -> dict[str, int]:
    """Each parquet file of the exports by its path, and its inode."""
    return {str(p.relative_to(exports)): p.stat().st_ino for p in exports.rglob("*.parquet")}


def parquet(path: Path) -> str:
    """A file's rows as written, without the column DuckDB would add for its folder."""
    return f"read_parquet('{path}', hive_partitioning = false)"


def rows(con: duckdb.DuckDBPyConnection, source: str) -> tuple:
    """A table's rows, order-free: their count and the sum of their hashes."""
    return con.execute(f"select count(*), sum(hash(t)::hugeint) from {source} as t").fetchone()


@pytest.fixture
def exported(published, warehouse, tmp_path):
    """The warehouse copy exported once (the dbt docs of the published build, so its
    per-district marts are datasets); returns its exports folder and an export function."""
    exports = tmp_path / "reports" / "exports"

    def export() -> Path:
        run.export(warehouse, exports, docs_of(published), site=False)
        return exports

    export()
    return exports, export


def test_a_per_district_mart_is_a_dataset_of_buckets_read_back_as_the_warehouse_holds_it(
    exported, warehouse, keys, bucketed
):
    exports, _ = exported
    assert bucketed == keys.keys() - {"fct_submitted_values"} and bucketed
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as w (read_only)")
        for table, column in keys.items():
            part = "district_bucket" if table in bucketed else column
            by = f"left(md5({column}), 1)" if table in bucketed else column
            expected = con.execute(f"select count(distinct {by}) from w.marts.{table}")
            files = list((exports / table).glob(f"{part}=*/data.parquet"))
            assert len(files) == expected.fetchone()[0] and len(files) <= 16, table
            if not files:  # no submissions in the five documents: an empty dataset
                continue
            assert not (exports / f"{table}.parquet").exists()
            # each file holds every column, the key too, in the warehouse's types
            dataset = f"read_parquet('{exports / table}/*/*.parquet', hive_partitioning = false)"
            assert rows(con, dataset) == rows(con, f"w.marts.{table}"), table
            for file in files:  # and exactly its bucket's (its year's) rows
                value = file.parent.name.split("=", 1)[1]
                assert rows(con, parquet(file)) == rows(
                    con, f"(select * from w.marts.{table} where {by}::varchar = '{value}')"
                ), file
            if table in bucketed:  # as an analyst reads it, simply: the ids are text
                simply = f"read_parquet('{exports / table}/*/*.parquet')"
                assert con.execute(
                    f"select typeof({column}), count(*) from {simply} group by all"
                ).fetchall() == [("VARCHAR", rows(con, f"w.marts.{table}")[0])]


def test_one_districts_change_rewrites_its_bucket_and_links_every_other(exported, warehouse):
    exports, export = exported
    before = inodes(exports)
    assert CHANGED in before and "rpt_findings.parquet" in before
    with duckdb.connect(str(warehouse)) as con:
        rescored = con.execute(
            "update marts.fct_indicator_scores set reason_zh = coalesce(reason_zh, '') || '（改）' "
            "where district_id = '321202'"
        ).fetchone()[0]
    assert rescored > 0
    after = inodes(export())
    assert after.keys() == before.keys()
    assert [path for path in after if after[path] != before[path]] == [CHANGED]
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as w (read_only)")
        assert rows(con, parquet(exports / CHANGED)) == rows(con, BUCKET_1)
        assert (
            con.execute(
                f"select count(*) from {parquet(exports / CHANGED)} where reason_zh like '%（改）'"
            ).fetchone()[0]
            == rescored
        )


def test_a_last_file_not_as_recorded_is_written_again(exported, warehouse):
    """A file of the last export that was written to since (its identity not the one
    recorded) is not linked: it is written again from the warehouse."""
    exports, export = exported
    whole, part = exports / "rpt_findings.parquet", exports / CHANGED
    for tampered in (whole, part):
        tampered.write_bytes(tampered.read_bytes()[:100])
    before = inodes(exports)
    after = inodes(export())
    assert sorted(path for path in after if after[path] != before[path]) == sorted(
        ["rpt_findings.parquet", CHANGED]
    )
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as w (read_only)")
        assert rows(con, parquet(whole)) == rows(con, "w.marts.rpt_findings")
        assert rows(con, parquet(part)) == rows(con, BUCKET_1)


def test_the_copy_and_the_parquet_files_share_one_record_hashed_once(
    exported, warehouse, monkeypatch
):
    """Each table is hashed once an export; both writers take what changed from the one
    record: a table whose recorded print differs is written again by both."""
    exports, export = exported
    record = json.loads((exports / table_prints.RECORD).read_text())
    assert duckdb1.DUCKDB1_COPY in record["files"] and CHANGED in record["files"]
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        assert record["tables"] == table_prints.compute(con, record["tables"], *_keys(record))
    record["tables"]["rpt_findings"]["rows"]["*"] = "0:0:0"  # as if its rows had changed
    (exports / table_prints.RECORD).write_text(json.dumps(record))

    hashed, copied = [], []
    real_print, real_write = table_prints.table_print, duckdb1._write_table
    monkeypatch.setattr(
        table_prints, "table_print", lambda con, t, *a: hashed.append(t) or real_print(con, t, *a)
    )
    monkeypatch.setattr(
        duckdb1, "_write_table", lambda con, t, *a: copied.append(t) or real_write(con, t, *a)
    )
    before = inodes(exports)
    after = inodes(export())
    assert sorted(hashed) == sorted(record["tables"])  # each table once
    assert copied == ["rpt_findings"]
    assert [path for path in after if after[path] != before[path]] == ["rpt_findings.parquet"]


def _keys(record: dict) -> tuple[dict[str, str], set[str]]:
    """The keys and the bucketed tables the record's prints were computed by."""
    prints = record["tables"].items()
    return (
        {table: p["key"] for table, p in prints if p["key"]},
        {table for table, p in prints if p["part"] == table_prints.BUCKET},
    )
