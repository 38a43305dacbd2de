"""Analyst SQL on the published warehouse: read only, no file, network or extension access
from SQL, and the settings locked so a query cannot turn them back on."""

from __future__ import annotations

from pathlib import Path

import duckdb

LOCKED: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


class QueryError(RuntimeError):
    """A query the analyst SQL refuses or DuckDB cannot run."""


def run_query(warehouse: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Columns and rows of one query against the published warehouse."""
    if not warehouse.is_file():
        raise QueryError(f"no published warehouse at {warehouse}: run `ecobench refresh` first")
    with duckdb.connect(str(warehouse), read_only=True, config=LOCKED) as con:
        try:
            relation = con.sql(sql)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        if relation is None:
            raise QueryError("only queries that return rows are allowed (select, with, describe …)")
        try:
            return relation.columns, relation.fetchall()
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
