"""One row per key project of a plan's annex."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference
from ecobench.quality.rules import rule

TABLE = "projects"
STAGE = "document"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        rule(
            gxe.ExpectColumnValuesToNotBeNull(column="project_name"),
            blocking=True,
            why="a project has a name",
        )
    )
    suite.add_expectation(
        rule(
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["source_file", "project_no"]),
            blocking=True,
            why="a project number appears once in its annex",
        )
    )
    suite.add_expectation(
        rule(
            gxe.ExpectColumnValuesToBeBetween(column="investment_wan_yuan", min_value=0),
            blocking=True,
            why="an investment is not negative",
        )
    )
    return suite
