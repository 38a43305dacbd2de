"""What a failed blocking expectation does to the files it came from.

At the document and submission stages each file's own rows are judged: a file with a row
failing a blocking expectation is quarantined, naming the file and line (or sheet, row and
column), and the others go on. At the marts stage a failing row is traced back to its
source file, which is quarantined so that the build can run again without it; a failure
no accepted document can be blamed for rejects the build (`MartsRejected`), and nothing
is published. Every reason is told in English and in Chinese (dq_quarantine's reason and
reason_zh), with the same files and lines.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import polars as pl

import expectations
from ecobench import warehouse
from ecobench.ingest.intake import ACCEPTED, Intake
from ecobench.messages import Bilingual
from ecobench.quality.checks import Check, describe_cells, describe_cells_zh, merged
from ecobench.quality.frames import SUBMISSION_CHECKED, document_frames, submission_frame
from ecobench.quality.gate import Gate
from ecobench.quality.plausibility import with_plausibility
from ecobench.quality.reference import load_reference

MAX_OFFENDING = 20  # rows named per failed expectation in dq_quarantine.offending_rows
PART_ROWS = 500_000  # submitted rows validated at once


class MartsRejected(Bilingual, RuntimeError):
    """The built marts fail a blocking expectation no document can be blamed for."""


def gate_documents(gate: Gate, new: list[Intake], run_id: str) -> list[Check]:
    """Validate the new documents' rows, one checkpoint per table for all of them, each
    outcome then told per document; quarantine a document on a blocking failure."""
    if not new:
        return []
    reference = load_reference()
    frames = [document_frames(intake.rows(), reference) for intake in new]
    batch = [
        check
        for table in frames[0]
        for check in gate.validate(
            table,
            pl.concat([f[table] for f in frames], how="diagonal_relaxed"),
            run_id=run_id,
            stage="document",
        )
    ]
    checks = []
    for intake in new:
        mine = [check.for_file(intake.source_file) for check in batch]
        checks += mine
        quarantine_on_failure(intake, mine)
    return checks


def gate_submissions(gate: Gate, new: list[Intake], run_id: str) -> list[Check]:
    """Validate the rows of every new submission, in parts of about PART_ROWS rows (a
    file's rows in one part: the suite's uniqueness is within a file), the outcomes merged
    as of the whole batch; quarantine each file with a failing row, naming its sheet, row
    and column. GX's pandas engine copies a part for each condition: memory follows the
    part, not the batch (docs/performance.md)."""
    if not new:
        return []
    reference = load_reference()
    parts, rows, n_rows = [], [], 0
    for i, intake in enumerate(new):
        rows.append(intake.submitted_rows(SUBMISSION_CHECKED))
        n_rows += rows[-1].height
        if n_rows >= PART_ROWS or i == len(new) - 1:
            frame = submission_frame(pl.concat(rows), reference)
            rows, n_rows = [], 0
            parts.append(gate.validate("submissions", frame, run_id=run_id, stage="submission"))
    checks = merged(parts)
    for intake in new:
        mine = [c.for_file(intake.source_file) for c in checks]
        # each cell named with its sheet and value, from the file's own rows (read again
        # only for a file that failed)
        quarantine_on_failure(intake, mine, partial(_describe_cells, intake=intake))
    return checks


def _describe_cells(check: Check, intake: Intake) -> tuple[str, str]:
    """A failed check on a submission, cell by cell, in English and Chinese (its rows read
    once for both)."""
    rows = intake.submitted_rows()
    return describe_cells(check, rows), describe_cells_zh(check, rows)


def _describe(check: Check) -> tuple[str, str]:
    """A failed check, with the rows that failed it, in English and Chinese."""
    return check.describe(), check.describe_zh()


def mart_frames(build_path: Path, nodes: list[str]) -> dict[str, pl.DataFrame]:
    """The guarded marts this build made, read into memory (a build limited to what depends
    on the submissions leaves the others as they were validated). Read before `dbt docs`
    opens the build: DuckDB lets no reader in beside its writer."""
    frames = {
        module.TABLE: warehouse.read_table(build_path, f"marts.{module.TABLE}")
        for module in expectations.MART_SUITES
        if any(node.startswith(f"model.ecobench.{module.TABLE}:") for node in nodes)
    }
    if "fct_indicator_values" in frames:  # each number against its concept's range
        frames["fct_indicator_values"] = with_plausibility(
            frames["fct_indicator_values"],
            "concept_id",
            "canonical_unit",
            "value_is_change",
            "value_canonical",
        )
    return frames


def gate_marts(gate: Gate, frames: dict[str, pl.DataFrame], run_id: str) -> list[Check]:
    """Validate the built marts before they are published."""
    checks = []
    for table, frame in frames.items():
        checks += gate.validate(table, frame, run_id=run_id, stage="marts")
    return checks


def quarantine_on_failure(
    intake: Intake,
    checks: list[Check],
    describe: Callable[[Check], tuple[str, str]] = _describe,
) -> bool:
    """Quarantine the file when one of its checks failed a blocking expectation, with each
    failure described (in English and Chinese) and the rows that failed it."""
    failed = [c for c in checks if c.blocking and not c.success]
    if failed:
        told = [describe(check) for check in failed]
        intake.quarantine(
            "; ".join(english for english, _ in told),
            [
                {
                    "source_file": file,
                    "source_line": line,
                    "suite": check.suite,
                    "column": check.column,
                }
                for check in failed
                for file, line in check.offending[:MAX_OFFENDING]
            ],
            zh="；".join(chinese for _, chinese in told),
        )
    return bool(failed)


def blame(intakes: list[Intake], checks: list[Check]) -> set[str]:
    """Quarantine the documents whose rows fail a blocking marts expectation and return
    them (the build runs again without them); a failure no accepted document can be blamed
    for rejects the whole build."""
    failed = [c for c in checks if c.blocking and not c.success]
    if not failed:
        return set()
    blamed = set()
    for intake in (i for i in intakes if i.outcome == ACCEPTED):
        theirs = [c for c in failed if any(f == intake.source_file for f, _ in c.offending)]
        if quarantine_on_failure(intake, theirs):
            blamed.add(intake.source_file)
    if not blamed:
        raise MartsRejected(
            "the built marts fail: " + "; ".join(c.describe() for c in failed),
            "构建出的数据集市未通过检查，且不能归咎于任何已接收的文件："
            + "；".join(c.describe_zh() for c in failed),
        )
    return blamed


def blame_tests(intakes: list[Intake], build_path: Path, failed_tests: tuple[str, ...]) -> set[str]:
    """Quarantine the documents whose rows fail a dbt data test of the build (traced by the
    rows' lineage, as the marts gate traces its own) and return them: the build runs again
    without them. A failure traced to no accepted document is left to fail the build."""
    offending = {test: warehouse.failing_rows(build_path, test) for test in failed_tests}
    blamed = set()
    for intake in (i for i in intakes if i.outcome == ACCEPTED):
        theirs = {
            test: [line for file, line in rows if file == intake.source_file]
            for test, rows in offending.items()
        }
        theirs = {test: lines for test, lines in theirs.items() if lines}
        if not theirs:
            continue
        shown = {test: sorted(set(lines))[:MAX_OFFENDING] for test, lines in theirs.items()}
        intake.quarantine(
            "; ".join(
                f"the dbt test {test.split('.')[2]} fails on its rows "
                f"(line {', '.join(map(str, lines))})"
                for test, lines in shown.items()
            ),
            [
                {
                    "source_file": intake.source_file,
                    "source_line": line,
                    "suite": "dbt",
                    "column": test.split(".")[2],
                }
                for test, lines in theirs.items()
                for line in lines[:MAX_OFFENDING]
            ],
            zh="；".join(
                f"{intake.source_file} 第 {'、'.join(map(str, lines))} 行未通过 dbt 数据测试 "
                f"{test.split('.')[2]}"
                for test, lines in shown.items()
            ),
        )
        blamed.add(intake.source_file)
    return blamed
