"""One row per part of a document the parsers could not read as printed: a warning each."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference

TABLE = "parse_issues"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeNull(
            column="issue",
            severity="warning",
            description="every row and table of a document is read as printed; an irregular row lands "
            "with what could be read (its parse_issue says what was not)",
        )
    )
    return suite
