"""One row per key project of a plan's annex.

In GX, not dbt: checked on one document's rows before they land, so that a failure
quarantines that document alone and the others publish (expectations/__init__.py).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference

TABLE = "projects"
TABLE_ZH = "重点工程"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="project_name",
            severity="critical",
            description="a project has a name",
            meta={"why_zh": "每个重点工程都应有名称"},
        )
    )
    suite.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["source_file", "project_no"],
            severity="critical",
            description="a project number appears once in its annex",
            meta={"why_zh": "工程序号在附件中应只出现一次"},
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="investment_wan_yuan",
            min_value=0,
            severity="critical",
            description="an investment is not negative",
            meta={"why_zh": "投资额不应为负数"},
        )
    )
    return suite
