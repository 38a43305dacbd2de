"""One row per document: its metadata, and whether it holds anything at all."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.quality.reference import Reference

TABLE = "documents"
OFFICE = "(?:人民政府|政府|办公室|委员会|委|局|厅)$"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="district_id",
            severity="critical",
            description="every row is a district's: this document names none in its title, issuer, "
            "文号 or text (`ecobench extract FILE` shows its best guess)",
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="n_rows",
            min_value=1,
            severity="critical",
            description="a document that yields no indicator value, task or project is of another kind",
        )
    )
    for column in ("doc_number", "issued_date"):
        suite.add_expectation(
            gxe.ExpectColumnValuesToNotBeNull(
                column=column,
                severity="warning",
                description=f"document metadata present ({column}); work points may be published without",
            )
        )
    for district, names in reference.district_names.items():
        suite.add_expectation(
            gxe.ExpectColumnValuesToMatchRegex(
                column="issuing_body",
                regex=f"^(?:{'|'.join(names)}).*{OFFICE}",
                row_condition=Column("district_id") == district,
                severity="warning",
                description=f"the issuing body is a government office of {names[0]}",
            )
        )
    return suite
