"""One row per indicator table of a document: it prints its whole framework."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference

TABLE = "tables"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="n_indicators",
            column_B="n_expected",
            severity="warning",
            description="a table prints every top-level indicator of its framework "
            + ", ".join(f"{k} {v}" for k, v in sorted(reference.framework_sizes.items()))
            + "; fewer means it was cut off (its rows still land)",
        )
    )
    return suite
