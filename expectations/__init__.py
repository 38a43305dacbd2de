"""Great Expectations suites as code, one module per guarded table.

Each module names the table it guards (`TABLE`), the stage it runs at (`STAGE`: `document`,
on one document's parsed rows before they land; `submission`, on the rows of the new
district submissions; `marts`, on the built warehouse before it is published) and builds its suite with `build_suite(reference)`. An expectation marked
`blocking` quarantines the document whose rows fail it (or, at the marts stage, the
documents the failing rows came from); the others are warnings, reported in
`marts.dq_results` and the Data Docs.
"""

from __future__ import annotations

from expectations import (
    documents,
    fct_indicator_values,
    indicator_values,
    parse_issues,
    projects,
    rpt_findings,
    submissions,
    tables,
    tasks,
)

DOCUMENT_SUITES = (documents, indicator_values, tables, tasks, projects, parse_issues)
MART_SUITES = (fct_indicator_values, rpt_findings)
SUBMISSION_SUITES = (submissions,)
SUITES = DOCUMENT_SUITES + SUBMISSION_SUITES + MART_SUITES
