"""One row per numbered task of a scheme or work points."""

from __future__ import annotations

import great_expectations as gx

from ecobench.quality.reference import Reference
from ecobench.quality.rules import not_null

TABLE = "tasks"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    for expectation in not_null(
        ("task_no", "task_text", "source_line"),
        severity="critical",
        description="a task has its number and text where it is printed",
    ):
        suite.add_expectation(expectation)
    return suite
