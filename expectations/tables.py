"""One row per indicator table of a document: it prints its whole framework.

In GX, not dbt: checked on one document's rows before they land, so that a failure
quarantines that document alone and the others publish (expectations/__init__.py).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference

TABLE = "tables"
TABLE_ZH = "指标表"


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
            meta={
                "why_zh": "指标表应列出其指标体系的全部一级指标（"
                + "，".join(f"{k} {v} 项" for k, v in sorted(reference.framework_sizes.items()))
                + "）；少于此数说明表格被截断（已读出的行照常入库）"
            },
        )
    )
    return suite
