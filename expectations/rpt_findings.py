"""marts.rpt_findings before it is published: every finding traces to its sources."""

from __future__ import annotations

import great_expectations as gx

from ecobench.quality.reference import Reference
from ecobench.quality.rules import not_null

TABLE = "rpt_findings"
TABLE_ZH = "审查发现"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    for expectation in not_null(
        ("a_source_file", "a_source_line", "b_source_file"),
        severity="critical",
        description="a finding names the file and line of its sources",
        why_zh="每条审查发现都应注明其来源的文件和行号",
    ):
        suite.add_expectation(expectation)
    return suite
