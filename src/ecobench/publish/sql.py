"""Analyst SQL on the published warehouse: read only, no file, network or extension access
from SQL, the settings locked so a query cannot turn them back on, and bounded: a time
limit a query, a memory limit, and a cap on the rows it returns, each with a default that
ECOBENCH_SQL_TIMEOUT, ECOBENCH_SQL_MEMORY and ECOBENCH_SQL_MAX_ROWS (or the CLI's
options) change. One statement at a time."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

LOCKED: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "max_temp_directory_size": "0B",  # nothing spills to disk: over the memory limit, it stops
    "lock_configuration": True,
}


@dataclass(frozen=True)
class Limits:
    seconds: float = float(os.environ.get("ECOBENCH_SQL_TIMEOUT", 30))
    memory: str = os.environ.get("ECOBENCH_SQL_MEMORY", "2GB")
    max_rows: int = int(os.environ.get("ECOBENCH_SQL_MAX_ROWS", 10_000))


@dataclass(frozen=True)
class Answer:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than max_rows: the first max_rows are given


class QueryError(RuntimeError):
    """A query the analyst SQL refuses or DuckDB cannot run."""


def run_query(warehouse: Path, sql: str, limits: Limits | None = None) -> Answer:
    """Columns and rows (at most limits.max_rows) of one query on the published warehouse."""
    limits = limits or Limits()
    if not warehouse.is_file():
        raise QueryError(f"no published warehouse at {warehouse}: run `ecobench refresh` first")
    config = {**LOCKED, "memory_limit": limits.memory}
    with duckdb.connect(str(warehouse), read_only=True, config=config) as con:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        if len(statements) != 1:
            raise QueryError(
                f"{len(statements)} statements given: run one query at a time, so that each "
                "answer is seen (no statement was run)"
            )
        timer = threading.Timer(limits.seconds, con.interrupt)
        timer.start()
        try:
            con.execute(sql)
            if not con.description:
                raise QueryError(
                    "only queries that return rows are allowed (select, with, describe …)"
                )
            columns = [column[0] for column in con.description]
            rows = con.fetchmany(limits.max_rows + 1)
        except duckdb.InterruptException:
            raise QueryError(
                f"stopped after {limits.seconds:g} s, the time limit a query "
                "(--timeout or ECOBENCH_SQL_TIMEOUT)"
            ) from None
        except duckdb.OutOfMemoryException:
            raise QueryError(
                f"needs more than {limits.memory} of memory, the limit a query "
                "(--memory or ECOBENCH_SQL_MEMORY)"
            ) from None
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        finally:
            timer.cancel()
        return Answer(columns, rows[: limits.max_rows], len(rows) > limits.max_rows)
