"""How the report reads the marts: a query of the published warehouse whose rows come back
as dicts, and a row's source as the report prints it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

Row = dict[str, Any]

Query = Callable[..., list[Row]]  # a query of the published marts, with parameters


def query_of(con: duckdb.DuckDBPyConnection) -> Query:
    """The query of the marts `con` reads: rows as dicts by column name."""

    def rows(sql: str, *params) -> list[Row]:
        result = con.execute(sql, list(params))
        names = [column[0] for column in result.description]
        return [dict(zip(names, values, strict=True)) for values in result.fetchall()]

    return rows


def located(file: str | None, line: int | None, location: str | None) -> str | None:
    """A row's source: the file and its location in it, or its line."""
    if not file:
        return None
    if location:
        return f"{file}, {location}"
    return f"{file}:{line}" if line is not None else file
