"""One row per numbered task of a scheme or work points.

In GX, not dbt: checked on one document's rows before they land, so that a failure
quarantines that document alone and the others publish (expectations/__init__.py).
"""

from __future__ import annotations

import great_expectations as gx

from ecobench.quality.reference import Reference
from ecobench.quality.rules import not_null

TABLE = "tasks"
TABLE_ZH = "重点任务"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    for expectation in not_null(
        ("task_no", "task_text", "source_line"),
        severity="critical",
        description="a task has its number and text where it is printed",
        why_zh="每项任务在印出处都应有编号和内容",
    ):
        suite.add_expectation(expectation)
    return suite
