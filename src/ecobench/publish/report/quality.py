"""quality.html's model: the last run's checks in words, by stage and suite; the
quarantined files; the recent runs."""

from __future__ import annotations

from ecobench.publish.report.query import Query, Row
from ecobench.publish.texts import Texts


def quality(rows: Query, run_id: str | None, texts: Texts) -> Row:
    """The last run's checks in words, by stage and suite; the quarantined files; recent
    runs."""
    checks = [
        {**c, "result": _result(c)}
        for c in rows(
            """select * from marts.dq_results where run_id = ?
               order by stage, suite, success, source_file nulls first, check_no""",
            run_id or "",
        )
    ]
    stages = []
    for stage in dict.fromkeys(c["stage"] for c in checks):
        these = [c for c in checks if c["stage"] == stage]
        suites = [
            {"suite": suite, "checks": [c for c in these if c["suite"] == suite]}
            for suite in dict.fromkeys(c["suite"] for c in these)
        ]
        stages.append(
            {
                "stage": stage,
                "stage_zh": texts.zh("stage", stage),
                "suites": suites,
                "passed": sum(c["success"] for c in these),
                "failed": sum(not c["success"] for c in these),
            }
        )
    failed = [c for c in checks if not c["success"]]
    quarantined = rows("select * from marts.dq_quarantine order by run_id desc, source_file")
    files = {c["source_file"] for c in checks if c["source_file"]}
    summary = (
        f"最近一次运行 {run_id or '—'} 做了 {len(checks)} 项检查，涉及 {len(files)} 个文件："
        f"{len(checks) - len(failed)} 项通过，{len(failed)} 项未通过。"
        f" The last run made {len(checks)} checks on {len(files)} files: "
        f"{len(checks) - len(failed)} passed, {len(failed)} failed."
    )
    return {
        "summary": summary,
        "stages": stages,
        "failed": failed,
        "quarantined": quarantined,
        "runs": rows("select * from marts.pipeline_runs order by started_at desc limit 20"),
    }


def _result(check: Row) -> str:
    """What a check found, in words."""
    if check["success"]:
        return "通过 passed" + (f"（{check['observed_value']}）" if check["observed_value"] else "")
    parts = []
    if check["unexpected_count"]:
        parts.append(f"{check['unexpected_count']} 行不符 rows do not comply")
    if check["observed_value"]:
        parts.append(f"实际 observed: {check['observed_value']}")
    if check["sample_rows"]:
        parts.append(f"例如 e.g. {check['sample_rows']}")
    return "；".join(parts) or "未通过 failed"
