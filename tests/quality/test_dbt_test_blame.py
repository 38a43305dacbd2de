"""A document whose rows fail a dbt data test of the build is traced by its rows' lineage
and quarantined, as at the GX gates; the build then runs again without it."""

from __future__ import annotations

import duckdb

from ecobench.ingest.intake import ACCEPTED, QUARANTINED, Intake
from ecobench.quality.quarantine import blame_tests
from ecobench.warehouse import failing_rows

TEST_ID = "test.ecobench.assert_table_rows_have_concepts"


def build(tmp_path):
    """A scratch build holding a table and the compiled SQL of a test that fails on it."""
    path = tmp_path / ".build" / "ecobench.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table rows_built as select * from (values "
            "('county.txt', 14, null), ('county.txt', 16, null), ('plan.txt', 3, 'C01')) "
            "as t(source_file, source_line, concept_id)"
        )
    compiled = path.parent / "target" / "compiled" / "ecobench" / "data-tests"
    compiled.mkdir(parents=True)
    (compiled / "assert_table_rows_have_concepts.sql").write_text(
        "select source_file, source_line from rows_built where concept_id is null"
    )
    return path


def test_a_failed_tests_rows_name_their_file_and_line(tmp_path):
    assert failing_rows(build(tmp_path), TEST_ID) == [("county.txt", 14), ("county.txt", 16)]


def test_the_document_a_test_fails_on_is_quarantined_and_the_others_are_not(tmp_path):
    path = build(tmp_path)
    county, plan = (Intake(name, "sha", 1, name) for name in ("county.txt", "plan.txt"))
    assert blame_tests([county, plan], path, (TEST_ID,)) == {"county.txt"}
    assert (county.outcome, plan.outcome) == (QUARANTINED, ACCEPTED)
    assert county.reason == (
        "the dbt test assert_table_rows_have_concepts fails on its rows (line 14, 16)"
    )
    assert [row["source_line"] for row in county.offending_rows] == [14, 16]


def test_a_test_with_no_lineage_blames_nobody(tmp_path):
    path = build(tmp_path)
    (path.parent / "target" / "compiled" / "ecobench" / "data-tests" / "unique_x.sql").write_text(
        "select 1 as n"
    )
    plan = Intake("plan.txt", "sha", 1, "plan.txt")
    assert blame_tests([plan], path, ("test.ecobench.unique_x.abc",)) == set()
    assert plan.outcome == ACCEPTED
