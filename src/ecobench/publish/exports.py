"""Export the published marts: parquet per table, one Excel workbook, and a DuckDB copy in
the storage format Evidence's DuckDB (1.x) can open, where the Evidence project's source
expects it (reports/sources/ecobench/ecobench.duckdb, beside the exports folder).

Column headers carry both languages: the column name, and the Chinese label its dbt
documentation gives (models/marts/_marts.yml, the last sentence of each description).
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import yaml

from ecobench.config import PROJECT_ROOT
from ecobench.publish import report

EVIDENCE_DB = Path("sources") / "ecobench" / "ecobench.duckdb"
WORKBOOK = "ecobench.xlsx"
# a worksheet holds 1,048,576 rows and openpyxl writes ~50,000 a second: a larger table
# (the submissions of a province) is exported as parquet only, and its sheet says so
EXCEL_MAX_ROWS = 100_000


def column_labels(docs: Path = PROJECT_ROOT / "models" / "marts" / "_marts.yml") -> dict:
    """table -> column -> Chinese label, from the dbt docs."""
    models = yaml.safe_load(docs.read_text(encoding="utf-8"))["models"]
    labels: dict[str, dict[str, str]] = {}
    for model in models:
        for column in model.get("columns", []):
            found = re.findall(r"([\u4e00-\u9fff][^.。]*)。", column.get("description", ""))
            if found:
                labels.setdefault(model["name"], {})[column["name"]] = found[-1]
    return labels


def published_tables(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
            ).fetchall()
        ]


def evidence_tables(tables: list[str]) -> list[str]:
    """The tables the Evidence project loads: one source query per table,
    reports/sources/ecobench/<table>.sql (not the row-level submissions of a province)."""
    sources = PROJECT_ROOT / "reports" / EVIDENCE_DB.parent
    return [table for table in tables if (sources / f"{table}.sql").exists()]


def export(warehouse: Path, out_dir: Path) -> dict[str, Path]:
    """Write every marts table as parquet, the Excel workbook, the Evidence DuckDB file and
    the offline HTML report, each atomically (a reader never sees a half-written export),
    all through one read-only attachment of the published warehouse (the workbook on a
    cursor of it, in a second thread)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = published_tables(warehouse)
    written = {}
    with duckdb.connect() as con, ThreadPoolExecutor(1) as excel:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        # the workbook (openpyxl: Python) is written while DuckDB copies the tables
        workbook = excel.submit(write_workbook, con.cursor(), tables, out_dir / WORKBOOK)
        for table in tables:
            target = out_dir / f"{table}.parquet"
            tmp = out_dir / f".{table}.parquet.tmp"
            con.execute(f"copy published.marts.{table} to '{tmp}' (format parquet)")
            os.replace(tmp, target)
            written[table] = target
        evidence = out_dir.parent / EVIDENCE_DB
        evidence.parent.mkdir(parents=True, exist_ok=True)
        tmp_db = evidence.with_name(f".{evidence.name}.tmp")
        tmp_db.unlink(missing_ok=True)
        con.execute(f"attach '{tmp_db}' as evidence (storage_version 'v1.4.0')")
        for table in evidence_tables(tables):
            con.execute(
                f"create table evidence.main.{table} as select * from published.marts.{table}"
            )
        con.execute("detach evidence")
        os.replace(tmp_db, evidence)
        written["evidence"] = evidence
        written["workbook"] = workbook.result()
        con.execute("use published")
        written["report"] = report.write_report(con, out_dir / "report.html")
    return written


def write_workbook(con: duckdb.DuckDBPyConnection, tables: list[str], path: Path) -> Path:
    """A sheet per table: English column names, Chinese labels beneath, frozen header rows,
    number formats by column type."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    labels = column_labels()
    book = Workbook()
    book.remove(book.active)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for table in tables:
        relation = con.sql(f"select * from published.marts.{table}")
        sheet = book.create_sheet(title=table[:31])
        ((n_rows,),) = con.execute(f"select count(*) from published.marts.{table}").fetchall()
        if n_rows > EXCEL_MAX_ROWS:
            sheet.append([f"{n_rows:,} rows: too many for a worksheet; see {table}.parquet"])
            continue
        names = relation.columns
        sheet.append(names)
        sheet.append([labels.get(table, {}).get(name, "") for name in names])
        for row in relation.fetchall():
            sheet.append([_cell(value) for value in row])
        for cell in (*sheet[1], *sheet[2]):
            cell.font, cell.fill = header_font, header_fill
        sheet.freeze_panes = "A3"
        for index, dtype in enumerate(relation.dtypes, start=1):
            fmt = _number_format(names[index - 1], str(dtype))
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                    cell.number_format = fmt
            width = max(10, min(40, len(names[index - 1]) + 2))
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    os.replace(tmp, path)
    return path


def _number_format(name: str, dtype: str) -> str | None:
    if name == "coverage":
        return "0.0%"
    if dtype in {"DOUBLE", "FLOAT"} or dtype.startswith("DECIMAL"):
        return "#,##0.00"
    if dtype in {"INTEGER", "BIGINT", "HUGEINT", "SMALLINT"}:
        return "#,##0"
    return None


def _cell(value):
    if isinstance(value, list | dict | tuple):
        return "、".join(map(str, value)) if isinstance(value, list) else str(value)
    return value
