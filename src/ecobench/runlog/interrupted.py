"""Runs that ended without a word (killed, or the machine stopped), told by the next run.

A run records each step it enters (`record.Run.enter`); one whose manifest was never closed
was stopped in the step it names, and the next refresh, under the lock, says so in its
manifest before publishing (docs/reliability.md).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ecobench.ingest.intake import ACCEPTED
from ecobench.messages import stage_zh
from ecobench.runlog.record import manifests
from ecobench.runlog.tables import before_zh


def mark_interrupted(archive_dir: Path, published: Path) -> list[str]:
    """Under the refresh lock: a run whose manifest was never closed was killed (no refresh
    can be running beside this one). Before publishing, it becomes `interrupted`, in the
    step it reached, with the checks it had saved; if it had replaced the warehouse (its
    manifest says so, or its record is in the published run log), it stays `published`,
    and its message says it was stopped after that. Returns what it told."""
    told = []
    for path, manifest in manifests(archive_dir):
        if manifest.get("closed", True):
            continue  # ended by itself (or written before runs said so)
        stage = manifest.get("stage") or "start"
        status = manifest["status"]
        if status == "running":  # killed before its end, perhaps right after the rename
            status = _published_status(published, manifest["run_id"]) or "interrupted"
        if status.startswith("published"):
            manifest["message"] = "; ".join(
                filter(
                    None,
                    [
                        manifest.get("message"),
                        f"published; then stopped in {stage} (killed, or the machine stopped)",
                    ],
                )
            )
            manifest["message_zh"] = "；".join(
                filter(
                    None,
                    [
                        manifest.get("message_zh") or before_zh(manifest.get("message")),
                        f"已发布；随后在“{stage_zh(stage)}”步骤中被停止（进程被终止，或机器停机）",
                    ],
                )
            )
        else:
            manifest["message"] = (
                f"stopped without a word in {stage} (killed, or the machine stopped): nothing "
                "of it was published; the warehouse stayed as the last run that published left it"
            )
            manifest["message_zh"] = (
                f"在“{stage_zh(stage)}”步骤中意外停止，未留下结束记录（进程被终止，或机器停机）："
                "本次运行没有发布任何内容；数据仓库保持为上一次发布后的状态"
            )
        manifest["status"], manifest["closed"] = status, True
        published_now = status.startswith("published")
        manifest["documents_published"] = (
            sum(d["outcome"] == ACCEPTED for d in manifest["documents"]) if published_now else 0
        )
        manifest["ended_at"] = manifest.get("ended_at") or datetime.now(UTC).isoformat()
        tmp = path.with_name(".manifest.json.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(tmp, path)
        told.append(f"{manifest['run_id']}: {manifest['status']} ({manifest['message']})")
    return told


def _published_status(published: Path, run_id: str) -> str | None:
    """The status a run has in the published warehouse's run log, if it is there."""
    if not published.exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            found = con.execute(
                "select status from marts.pipeline_runs where run_id = ?", [run_id]
            ).fetchall()
    except duckdb.Error:
        return None
    return found[0][0] if found else None
