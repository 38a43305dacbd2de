"""marts.rpt_findings before it is published: every finding traces to its sources."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference
from ecobench.quality.rules import rule

TABLE = "rpt_findings"
STAGE = "marts"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    for column in ("a_source_file", "a_source_line", "b_source_file"):
        suite.add_expectation(
            rule(
                gxe.ExpectColumnValuesToNotBeNull(column=column),
                blocking=True,
                why="a finding names the file and line of its sources",
            )
        )
    return suite
