"""Great Expectations suites as code, one module per guarded table.

Each module names the table it guards (`TABLE`) and builds its suite with
`build_suite(reference)`; the tuple it is listed in says the stage it runs at:
`DOCUMENT_SUITES` on one document's parsed rows before they land, `SUBMISSION_SUITES` on
the rows of the new district submissions, `MART_SUITES` on the built warehouse before it is
published. An expectation of GX `severity` critical quarantines the file whose rows fail it
(at the marts stage, the documents the failing rows came from); a warning is reported in
`marts.dq_results` and the Data Docs and lets the data through. Its `description` says what
it protects, and is the reason a quarantine gives; `meta={"why_zh": ...}` says the same in
Chinese (dq_results.why_zh, dq_quarantine.reason_zh), and `TABLE_ZH` names the table in
Chinese. tests/quality/test_messages.py fails on an expectation without its Chinese.

A check lives in GX or in dbt, never both. GX judges the rows of one file before they land,
so that a failure quarantines that file alone and the others publish; on the marts it holds
what needs the reference's per-concept facts (units, plausible ranges) or is a measure rather
than a rule (coverage, a warning in dq_results). dbt's tests (models/**/_*.yml, data-tests/)
hold the SQL's invariants: keys, relationships, accepted values, lineage not null, a table
row under a concept or unmapped with a reason. Beside each expectation, a comment says why it
is GX's.
"""

from __future__ import annotations

from expectations import (
    documents,
    fct_indicator_values,
    indicator_values,
    parse_issues,
    projects,
    submissions,
    tables,
    tasks,
)

DOCUMENT_SUITES = (documents, indicator_values, tables, tasks, projects, parse_issues)
MART_SUITES = (fct_indicator_values,)
SUBMISSION_SUITES = (submissions,)
SUITES = DOCUMENT_SUITES + SUBMISSION_SUITES + MART_SUITES
