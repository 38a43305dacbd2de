"""The warm dbt of `ecobench serve`: a build run in it is the build a dbt process runs, it
lets go of the build's file when the command ends, and a worker that was killed (a stop)
fails that build as dbt's failure and is started again for the next."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ecobench import processes, warehouse
from ecobench.serve.dbt_worker import DbtWorker, install

pytestmark = pytest.mark.slow

# a worker that takes the request and is killed before it answers
KILLED_ONCE_ASKED = (
    "import os, signal, sys; sys.stdin.readline(); os.kill(os.getpid(), signal.SIGKILL)"
)


def test_a_build_in_the_warm_worker_is_the_build_of_a_dbt_process(published, tmp_path):
    summary, _ = published
    base = Path(summary["warehouse"])
    landing = base.parent / "landing"
    cold, warm = tmp_path / "cold" / base.name, tmp_path / "warm" / base.name
    cold_nodes = warehouse.dbt_build(cold, landing, base, warehouse.SUBMISSIONS_ONLY)
    worker = DbtWorker()
    install(worker)
    try:
        scratch = tmp_path / "scratch" / base.name
        scratch.parent.mkdir()
        worker.warm(warehouse.dbt_flags(scratch), warehouse.dbt_env(scratch, landing))
        warm_nodes = warehouse.dbt_build(warm, landing, base, warehouse.SUBMISSIONS_ONLY)
        # the file is free: a writer opens it (dbt-duckdb would hold it otherwise)
        with duckdb.connect(str(warm)) as con:
            con.execute(f"attach '{cold}' as cold (read_only)")
            rows, differing = marts_compared(con)
        assert sorted(warm_nodes) == sorted(cold_nodes) and len(warm_nodes) > 50
        assert rows > 1000 and differing == {}
        # ended between two commands: the next build starts another worker
        worker._child.kill()  # type: ignore[union-attr]
        worker._child.wait()  # type: ignore[union-attr]
        assert warehouse.dbt_build(warm, landing, base, warehouse.SUBMISSIONS_ONLY)
        # killed during a command (as a stop kills it): that build fails as dbt's
        # failure, and the next one runs in a new worker
        worker.close()
        worker._child = processes.start(
            [sys.executable, "-c", KILLED_ONCE_ASKED],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        with pytest.raises(warehouse.DbtBuildError, match="the warm dbt process ended"):
            warehouse.dbt_build(warm, landing, base, warehouse.SUBMISSIONS_ONLY)
        assert worker._child is None
        assert warehouse.dbt_build(warm, landing, base, warehouse.SUBMISSIONS_ONLY)
    finally:
        install(None)
        worker.close()


def marts_compared(con) -> tuple[int, dict[str, int]]:
    """The rows of the marts of this database, and those of each table that the attached
    `cold` one lacks (the columns that name the dbt invocation aside)."""
    tables = con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'marts'"
    ).fetchall()
    rows, differing = 0, {}
    for (table,) in tables:
        columns = ", ".join(
            f'"{name}"'
            for (name,) in con.execute(
                "select column_name from duckdb_columns() where database_name = "
                "current_database() and schema_name = 'marts' and table_name = ? "
                "and column_name <> 'dbt_invocation_id'",
                [table],
            ).fetchall()
        )
        rows += con.execute(f"select count(*) from marts.{table}").fetchone()[0]
        (lacking,) = con.execute(
            f"select count(*) from (select {columns} from marts.{table} "
            f"except all select {columns} from cold.marts.{table})"
        ).fetchone()
        if lacking:
            differing[table] = lacking
    return rows, differing
