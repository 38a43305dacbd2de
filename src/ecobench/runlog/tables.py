"""The run-log tables the published warehouse carries: `marts.pipeline_runs`,
`marts.dq_results` and `marts.dq_quarantine`, every archived run and the current one.

A failed run publishes nothing, so its record appears with the next run that publishes. A
run archived before the Chinese was kept is told in Chinese as such (`before_zh`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import duckdb
import polars as pl

from ecobench.ingest.intake import QUARANTINED
from ecobench.quality.checks import CHECK_SCHEMA, checks_frame
from ecobench.runlog.record import Run, manifests

RUN_SCHEMA = {
    "run_id": pl.String,
    "started_at": pl.String,
    "ended_at": pl.String,
    "status": pl.String,
    "stage": pl.String,
    "message": pl.String,
    "message_zh": pl.String,
    "sources_dir": pl.String,
    "documents_seen": pl.Int64,
    "documents_published": pl.Int64,
    "documents_quarantined": pl.Int64,
    "documents_duplicate": pl.Int64,
    "documents_superseded": pl.Int64,
    "rows_published": pl.Int64,
}
QUARANTINE_SCHEMA = {
    "run_id": pl.String,
    "source_file": pl.String,
    "sha256": pl.String,
    "archived_as": pl.String,
    "reason": pl.String,
    "reason_zh": pl.String,
    "offending_rows": pl.String,
}


def history(archive_dir: Path, current: Run) -> dict[str, pl.DataFrame]:
    """The run-log tables: every archived run, and the current one as it will be published."""
    archived = [m for path, m in manifests(archive_dir) if path.parent.name != current.run_id]
    logged = [*archived, current.manifest()]
    runs = pl.DataFrame(
        [
            {
                **{key: m.get(key) for key in RUN_SCHEMA if key != "rows_published"},
                "message_zh": m.get("message_zh") or before_zh(m.get("message")),
                "rows_published": sum((m.get("rows_published") or {}).values()),
            }
            for m in logged
        ],
        schema=RUN_SCHEMA,
    )
    quarantine = pl.DataFrame(
        [
            {
                "run_id": m["run_id"],
                "source_file": d["source_file"],
                "sha256": d["sha256"],
                "archived_as": d["archived_as"],
                "reason": d["reason"],
                "reason_zh": d.get("reason_zh") or before_zh(d["reason"], d["source_file"]),
                "offending_rows": json.dumps(d["offending_rows"], ensure_ascii=False),
            }
            for m in logged
            for d in m["documents"]
            if d["outcome"] == QUARANTINED
        ],
        schema=QUARANTINE_SCHEMA,
    )
    earlier = [
        _checks_as_now(pl.read_parquet(path))
        for path in sorted((archive_dir / "runs").glob("*/dq_results.parquet"))
        if path.parent.name != current.run_id
    ]
    results = pl.concat([*earlier, checks_frame(current.checks)], how="vertical_relaxed")
    results = results.cast(cast(dict[Any, Any], CHECK_SCHEMA)).with_columns(
        check_no=pl.int_range(1, pl.len() + 1).over("run_id")  # the key, with run_id
    )
    return {
        "pipeline_runs": runs.sort("started_at"),
        "dq_results": results,
        "dq_quarantine": quarantine,
    }


BEFORE_ZH = "此记录早于中文说明，见英文说明"  # a run archived before the Chinese was kept


def before_zh(english: str | None, source_file: str | None = None) -> str | None:
    """The Chinese of a message or reason archived before the Chinese was kept: that it is
    in English only (beside it), with the file it is about."""
    if english is None:
        return None
    return f"{source_file}：{BEFORE_ZH}" if source_file else BEFORE_ZH


def _checks_as_now(frame: pl.DataFrame) -> pl.DataFrame:
    """An archived run's checks with the columns checks have now: one archived before the
    Chinese has why_en from its why, why_zh saying it is in English only, and the suites'
    Chinese names (they are named as they were)."""
    if "why_zh" in frame.columns:
        return frame.select(list(CHECK_SCHEMA))
    import expectations  # only for an old run's checks: the suites load GX

    names = {module.TABLE: module.TABLE_ZH for module in expectations.SUITES}
    return frame.with_columns(
        suite_zh=pl.col("suite").replace_strict(names, default=pl.col("suite")),
        why_en=pl.col("why"),
        why_zh=pl.lit(BEFORE_ZH),
    ).select(list(CHECK_SCHEMA))


def write_tables(database: Path, tables: dict[str, pl.DataFrame]) -> None:
    """The run-log tables of the built warehouse (dbt's models, with their comments) given
    this run as it ends (its status, the marts' checks), before it is published."""
    with duckdb.connect(str(database)) as con:
        for name, frame in tables.items():
            con.register("frame", frame.to_arrow())
            con.execute(f"delete from marts.{name}")
            con.execute(f"insert into marts.{name} by name select * from frame")
            con.unregister("frame")
