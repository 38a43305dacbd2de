"""One row per key project of a plan's annex."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference

TABLE = "projects"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="project_name", severity="critical", description="a project has a name"
        )
    )
    suite.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["source_file", "project_no"],
            severity="critical",
            description="a project number appears once in its annex",
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="investment_wan_yuan",
            min_value=0,
            severity="critical",
            description="an investment is not negative",
        )
    )
    return suite
