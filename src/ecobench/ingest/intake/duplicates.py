"""The same document taken once: the same content twice (an encoding, a format), or a copy
with a few lines changed, recognised by its district, its 文号 and its text (MinHash,
ingest/text.py); an older revision is superseded and kept as history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecobench.ingest.intake.model import ACCEPTED, DOCUMENT, DUPLICATE, SUPERSEDED, Intake

SAME_DOCUMENT = 0.9  # share of MinHash slots two texts agree in to be one document
STRUCTURED_FIRST = (".docx", ".html", ".htm", ".pdf", ".txt")  # the office's own file wins


def deduplicate(intakes: list[Intake]) -> list[Intake]:
    """Take the same content once: the same normalised text twice (an encoding, line
    endings, a format) keeps the office's structured file, then the first by name."""
    first: dict[str, str] = {}
    for intake in sorted(intakes, key=lambda i: (_format_rank(i), i.source_file)):
        if intake.outcome != ACCEPTED or intake.content_sha256 is None:
            continue
        if intake.content_sha256 in first:
            _duplicate(
                intake,
                first[intake.content_sha256],
                "same content (normalised text)",
                "内容相同（规范化后的文本一致）",
            )
        else:
            first[intake.content_sha256] = intake.source_file
    return intakes


def count_once(intakes: list[Intake]) -> list[Intake]:
    """After the gates: the same document in another format, or a copy of it with a few
    lines changed, is recognised by its district, its 文号 and its text (MinHash,
    ingest/text.py) and counted once. Of copies with the same issue date, the office's
    structured file is kept over a text conversion, then the first by name; the others are
    duplicates. A copy with an earlier issue date is an older revision: it is superseded,
    and its rows stay as history (`fct_indicator_value_history`). A copy the gates
    quarantined stays quarantined, with its own reasons."""
    documents = sorted(
        (i for i in intakes if i.outcome == ACCEPTED and i.kind == DOCUMENT and i.parsed),
        key=_preference,
    )
    kept: list[tuple[Intake, dict]] = []
    for intake in documents:
        meta = intake.rows().documents.row(0, named=True)
        same = next(((k, m) for k, m in kept if _same_document(meta, m)), None)
        if same is None:
            kept.append((intake, meta))
            continue
        newer, newer_meta = same
        agreement = f"{_agreement(meta, newer_meta):.0%}"
        what = (
            f"the same document ({meta['doc_number'] or 'no 文号'}, "
            f"{agreement} of its text) as {newer.source_file}"
        )
        what_zh = (
            f"与 {newer.source_file} 是同一文件（{meta['doc_number'] or '无文号'}，"
            f"正文 {agreement} 相同）"
        )
        if _days(meta["issued_date"]) < _days(newer_meta["issued_date"]):
            intake.outcome, intake.superseded_by = SUPERSEDED, newer.source_file
            revised = newer_meta["issued_date"]
            intake.reason = f"{what}, revised on {revised}: its values are kept as history"
            intake.reason_zh = f"{what_zh}，后者于 {revised} 修订：本文件的数值作为历史保留"
        else:
            _duplicate(intake, newer.source_file, f"{what}: counted once", f"{what_zh}：只计一次")
    return intakes


def _preference(intake: Intake) -> tuple:
    meta = intake.rows().documents.row(0, named=True)
    return (-_days(meta["issued_date"]), _format_rank(intake), intake.source_file)


def _format_rank(intake: Intake) -> int:
    suffix = Path(intake.source_file).suffix.lower()
    return STRUCTURED_FIRST.index(suffix) if suffix in STRUCTURED_FIRST else len(STRUCTURED_FIRST)


def _days(date: str | None) -> int:
    return dt.date.fromisoformat(date).toordinal() if date else 0


def _agreement(a: dict, b: dict) -> float:
    x, y = a["text_signature"] or [], b["text_signature"] or []
    return sum(p == q for p, q in zip(x, y, strict=False)) / max(len(x), 1)


def _same_document(a: dict, b: dict) -> bool:
    return (
        a["district_id"] == b["district_id"]
        and a["doc_number"] == b["doc_number"]
        and _agreement(a, b) >= SAME_DOCUMENT
    )


def _duplicate(intake: Intake, original: str, why: str, why_zh: str) -> None:
    intake.outcome, intake.duplicate_of, intake.reason = DUPLICATE, original, why
    intake.reason_zh = why_zh
    intake.parsed = None
