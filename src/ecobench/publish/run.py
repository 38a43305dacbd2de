"""The exports of one publication, written together and swapped in whole: the only place
that takes the exports' lock, swaps the folders and starts the workbook's process. Each
output has its writer: parquet.py (the parquet files), duckdb1.py (the DuckDB 1.x copy and
Evidence's link to it), workbook/ (ecobench.xlsx, in a process of its own), report/
(report.html, quality.html, parquet.html, methodology.html), evidence.py (the site); the
dbt docs are copied as dbt wrote them."""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ecobench import processes
from ecobench.config import DUCKDB_MEMORY, PROJECT_ROOT
from ecobench.publish import duckdb1, evidence, parquet, report, table_prints
from ecobench.publish.manifest import MANIFEST
from ecobench.publish.marts import published_tables

WORKBOOK = "ecobench.xlsx"
DBT_DOCS = "dbt_docs"


def export(
    warehouse: Path, out_dir: Path, docs_dir: Path | None = None, site: bool | None = None
) -> dict[str, Path]:
    """Write every marts table as parquet, the Excel workbook, the DuckDB 1.x copy, the
    offline HTML report and the dbt docs (from docs_dir, the build's docs; else those
    already published), each through a read-only attachment of the published warehouse;
    and, when site (default: ECOBENCH_EVIDENCE=1 with npm installed), the Evidence site
    built from the DuckDB 1.x copy (`site/`, publish/evidence.py).

    Everything is written into a scratch folder beside out_dir and swapped in whole, under a
    lock of the exports' own: a reader sees the last export or this one, never a mix; two
    exports at once take turns; one that fails leaves the last one as it was."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exports_lock(out_dir):
        scratch = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        try:
            written = _export_into(warehouse, scratch, out_dir, docs_dir)
            if evidence.wanted() if site is None else site:
                evidence.build_site(written["duckdb_v1"], scratch / evidence.SITE)
                written["site"] = scratch / evidence.SITE
            _swap(scratch, out_dir)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)  # after the swap: the last export
    return {
        name: out_dir / path.relative_to(scratch) if path.is_relative_to(scratch) else path
        for name, path in written.items()
    }


@contextmanager
def _exports_lock(out_dir: Path) -> Iterator[None]:
    with out_dir.with_name(f".{out_dir.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another export finishes first
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(None, use_errno=True)


def _swap(scratch: Path, out_dir: Path) -> None:
    """Put scratch in out_dir's place in one step (Linux renameat2 RENAME_EXCHANGE); the
    last export ends up at scratch's path. Where the file system cannot exchange, two
    renames (a reader may find no folder for that instant)."""
    if not out_dir.exists():
        os.replace(scratch, out_dir)
        return
    at_cwd = -100
    if _libc.renameat2(at_cwd, bytes(scratch), at_cwd, bytes(out_dir), RENAME_EXCHANGE) == 0:
        return
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    os.replace(out_dir, old)
    os.replace(scratch, out_dir)
    os.replace(old, scratch)


def _export_into(
    warehouse: Path, scratch: Path, last: Path, docs_dir: Path | None
) -> dict[str, Path]:
    # the workbook (Python, cell by cell) is written in a process of its own while DuckDB
    # copies the tables and the report renders in this one: both cores busy
    workbook = processes.start(
        [
            sys.executable,
            "-m",
            "ecobench.publish.workbook",
            str(warehouse),
            str(scratch / WORKBOOK),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _copy_docs(docs_dir, scratch / DBT_DOCS, last / DBT_DOCS)
        written = _export_tables(warehouse, scratch, last)
    except BaseException:
        workbook.kill()  # this export failed: no workbook of it either
        workbook.wait()
        processes.forget(workbook)
        raise
    _, error = processes.communicate(workbook)
    processes.forget(workbook)
    if workbook.returncode != 0 or not (scratch / WORKBOOK).is_file():
        raise RuntimeError(f"writing {WORKBOOK} failed:\n{error[-3000:]}")
    written["workbook"] = scratch / WORKBOOK
    return written


def _copy_docs(docs_dir: Path | None, docs: Path, last: Path) -> None:
    """The dbt docs of the build (docs_dir: dbt's target path, manifest.json and
    catalog.json with the one static page), else the last export's, linked."""
    if docs_dir is not None:
        docs.mkdir()
        for name in (MANIFEST, "catalog.json"):
            shutil.copy(docs_dir / name, docs / name)
        # --static: one page with the manifest and catalog inside, that opens from file://
        static = docs_dir / "static_index.html"
        shutil.copy(static if static.exists() else docs_dir / "index.html", docs / "index.html")
    elif last.is_dir():
        shutil.copytree(last, docs, copy_function=os.link)


def _export_tables(warehouse: Path, out_dir: Path, last: Path) -> dict[str, Path]:
    """The parquet files and the DuckDB 1.x copy, both brought up to date from the last
    export by one set of prints (table_prints.py: each table hashed once, by the key
    dbt's manifest tags it with, a per-district mart by bucket of districts), recorded
    beside them for the next export; and the report, into out_dir."""
    with duckdb.connect(config={"memory_limit": DUCKDB_MEMORY}) as con:
        con.execute(f"attach '{warehouse}' as published (read_only)")
        tables = published_tables(con)
        keys, bucketed = parquet.dataset_keys(out_dir / DBT_DOCS / MANIFEST)
        prints = table_prints.compute(con, tables, keys, bucketed)
        written = parquet.write_parquet(con, tables, out_dir, last, prints)
        copy, _ = duckdb1.copy_for_duckdb1(
            con, tables, out_dir / duckdb1.DUCKDB1_COPY, prints, last
        )
        files = [f for p in written.values() for f in (p.rglob("*.parquet") if p.is_dir() else [p])]
        table_prints.save(out_dir, prints, [*files, copy])
        written["duckdb_v1"] = copy
        written["evidence"] = duckdb1.for_evidence(copy, out_dir.parent / duckdb1.EVIDENCE_DB)
        con.execute("use published")
        # report.html, quality.html, parquet.html (the index) and methodology.html
        written.update(report.write_report(con, out_dir, parquet.folders(written)))
    # the method beside the report as written too: the exports folder is read on its own
    written["methodology_md"] = Path(shutil.copy(PROJECT_ROOT / "docs" / "methodology.md", out_dir))
    return written
