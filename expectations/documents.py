"""One row per document: its metadata, and whether it holds anything at all.

In GX, not dbt: checked on one document's rows before they land, so that a failure
quarantines that document alone and the others publish (expectations/__init__.py).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.quality.reference import Reference

TABLE = "documents"
TABLE_ZH = "文件信息"
OFFICE = "(?:人民政府|政府|办公室|委员会|委|局|厅)$"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="district_id",
            severity="critical",
            description="every row is a district's: this document names none in its title, issuer, "
            "文号 or text (`ecobench extract FILE` shows its best guess)",
            meta={
                "why_zh": "每行数据都应属于一个区县：本文件的标题、发文机关、文号和正文都没有写明"
                "区县（`ecobench extract 文件` 可显示程序的推测）"
            },
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="n_rows",
            min_value=1,
            severity="critical",
            description="a document that yields no indicator value, task or project is of another kind",
            meta={"why_zh": "读不出任何指标数值、重点任务或重点工程的文件，属于其他类型的文件"},
        )
    )
    for column, name_zh in (("doc_number", "文号"), ("issued_date", "发文日期")):
        suite.add_expectation(
            gxe.ExpectColumnValuesToNotBeNull(
                column=column,
                severity="warning",
                description=f"document metadata present ({column}); work points may be published without",
                meta={"why_zh": f"文件信息应齐全（{name_zh}）；工作要点类文件发布时可能没有此项"},
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
                meta={"why_zh": f"发文机关应为{names[0]}的政府部门"},
            )
        )
    return suite
