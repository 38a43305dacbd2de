"""One row per part of a document the parsers could not read as printed: a warning each.

In GX, not dbt: checked on one document's rows before they land, so that a failure
quarantines that document alone and the others publish (expectations/__init__.py).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ecobench.quality.reference import Reference

TABLE = "parse_issues"
TABLE_ZH = "解析问题"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeNull(
            column="issue",
            severity="warning",
            description="every row and table of a document is read as printed; an irregular row lands "
            "with what could be read (its parse_issue says what was not)",
            meta={
                "why_zh": "文件的每一行、每张表都应按印出的样子读出；不规整的行以能读出的部分入库"
                "（其 parse_issue 说明未能读出的内容）"
            },
        )
    )
    return suite
