"""One row per document: its metadata, and whether it holds anything at all."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.quality.reference import Reference
from ecobench.quality.rules import rule

TABLE = "documents"
STAGE = "document"
OFFICE = "(?:人民政府|政府|办公室|委员会|委|局|厅)$"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        rule(
            gxe.ExpectColumnValuesToNotBeNull(column="district_id"),
            blocking=True,
            why=(
                "every row is a district's: this document names none in its title, issuer, "
                "文号 or text (`ecobench extract FILE` shows its best guess)"
            ),
        )
    )
    suite.add_expectation(
        rule(
            gxe.ExpectColumnValuesToBeBetween(column="n_rows", min_value=1),
            blocking=True,
            why="a document that yields no indicator value, task or project is of another kind",
        )
    )
    for column in ("doc_number", "issued_date"):
        suite.add_expectation(
            rule(
                gxe.ExpectColumnValuesToNotBeNull(column=column),
                blocking=False,
                why=f"document metadata present ({column}); work points may be published without",
            )
        )
    for district, names in reference.district_names.items():
        suite.add_expectation(
            rule(
                gxe.ExpectColumnValuesToMatchRegex(
                    column="issuing_body",
                    regex=f"^(?:{'|'.join(names)}).*{OFFICE}",
                    row_condition=Column("district_id") == district,
                ),
                blocking=False,
                why=f"the issuing body is a government office of {names[0]}",
            )
        )
    return suite
