"""GX's SQL data source on an in-process DuckDB: where the marts gate validates its rows.

Two things make it work. First, the connection fix (`fetch_before_close`, below). Second, a
named in-memory database (`duckdb:///:memory:<name>`): GX opens several SQLAlchemy engines
for one data source (one to test an asset, one per execution engine), and a plain `:memory:`
would give each its own empty database, while a named one is shared by every connection of
the process. The frame is loaded into it as a table (polars → Arrow → DuckDB) and read
through a query asset, which GX does not probe when it is registered, so the checkpoint can
be made before the first rows exist (cost_map.py registers outside its clock).
"""

from __future__ import annotations

import uuid
from typing import Any

import polars as pl

GX_CHECKED = "1.24.1"  # the GX version the connection fix was read against and tested on


def fetch_before_close() -> None:
    """Make GX's SQL engine fetch a query's rows before it closes the connection.

    `SqlAlchemyExecutionEngine.execute_query` (GX 1.24.1) runs a query inside
    `with self.get_connection() as connection:` and returns the cursor result; its callers
    fetch after the `with` has closed the connection. On most databases the cursor outlives
    that; on DuckDB (duckdb-engine) the cursor is the connection itself, and closing it
    rolls the transaction back, so every fetch returns no rows: each metric then fails
    (IndexError in resolve_metric_bundle) and every expectation is reported failed with
    no rows, whatever the data. The fix buffers the rows (SQLAlchemy's `Result.freeze`)
    inside the `with`; the result then reads as before (fetchall, fetchone, scalar). One
    method replaced, once per process; tests/quality/test_duckdb_gx.py fails without it.
    """
    from great_expectations.execution_engine.sqlalchemy_execution_engine import (
        SqlAlchemyExecutionEngine,
    )

    if getattr(SqlAlchemyExecutionEngine.execute_query, "fetched_before_close", False):
        return

    def execute_query(self, query):
        with self.get_connection() as connection:
            return self._execute_query_with_recovery(connection, query).freeze()()

    execute_query.fetched_before_close = True  # type: ignore[attr-defined]
    SqlAlchemyExecutionEngine.execute_query = execute_query  # type: ignore[method-assign]


class DuckDBTables:
    """A GX SQL data source on a named in-memory DuckDB database of this gate's own, and the
    frames loaded into it as tables, one per suite (replaced at each validation)."""

    def __init__(self, context) -> None:
        fetch_before_close()
        self.source = context.data_sources.add_sql(
            "ecobench_duckdb", connection_string=f"duckdb:///:memory:gx_{uuid.uuid4().hex}"
        )
        # a named in-memory database lives while a connection to it is open: this one
        # holds it for the gate's life, and loads the frames (a second duckdb.connect
        # could not: DuckDB refuses one with another configuration than duckdb-engine's)
        self._held = self.source.get_engine().raw_connection()
        self._con: Any = self._held.driver_connection

    def batch_definition(self, table: str):
        """The whole table, as a query asset: GX reads it at each run."""
        asset = self.source.add_query_asset(table, query=f'select * from "{table}"')
        return asset.add_batch_definition_whole_table("whole")

    def load(self, table: str, frame: pl.DataFrame) -> None:
        """Replace the table with the frame's rows, in their order (DuckDB keeps the order
        of insertion, so GX names failing rows in the order pandas would)."""
        plain = frame.with_columns(
            pl.col(name).cast(pl.String)
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.Categorical | pl.Enum)
        )
        self._con.register("incoming", plain.to_arrow())
        try:
            self._con.execute(f'create or replace table "{table}" as select * from incoming')
        finally:
            self._con.unregister("incoming")
