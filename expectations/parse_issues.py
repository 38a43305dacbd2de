"""One row per part of a document the parsers could not read as printed: a warning each."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference
from ecobench.quality.rules import rule

TABLE = "parse_issues"
STAGE = "document"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        rule(
            gxe.ExpectColumnValuesToBeNull(column="issue"),
            blocking=False,
            why=(
                "every row and table of a document is read as printed; an irregular row lands "
                "with what could be read (its parse_issue says what was not)"
            ),
        )
    )
    return suite
