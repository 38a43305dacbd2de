"""What is published, for every writer of an output: the tables of schema `marts` and the
time zone the office reads times in. It imports no sibling, so that the writers (exports,
workbook, report) depend on it and never on each other."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import duckdb

BEIJING = ZoneInfo("Asia/Shanghai")


def published_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of schema marts of the warehouse this connection reads."""
    return [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
        ).fetchall()
    ]
