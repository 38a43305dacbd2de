"""One row per numbered task of a scheme or work points."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference
from ecobench.quality.rules import rule

TABLE = "tasks"
STAGE = "document"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    for column in ("task_no", "task_text", "source_line"):
        suite.add_expectation(
            rule(
                gxe.ExpectColumnValuesToNotBeNull(column=column),
                blocking=True,
                why="a task has its number and text where it is printed",
            )
        )
    return suite
