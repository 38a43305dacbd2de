"""marts.fct_indicator_values before it is published: concepts, units, verdicts."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.quality.reference import Reference

TABLE = "fct_indicator_values"
TABLE_ZH = "发布的指标数值"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    # GX, a measure: the share of table rows unmapped, a warning in dq_results. dbt holds the
    # rule (data-tests/assert_table_rows_have_concepts.sql: unmapped only with a reason).
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="concept_id",
            row_condition=Column("table_label").is_not_null(),
            severity="warning",
            description="concept coverage: a table row its words map to no concept lands "
            "unmapped (rpt_unmapped_rows) and enters no comparison",
            meta={
                "why_zh": "指标概念覆盖：名称对应不到任何指标概念的表格行，作为未映射行入库"
                "（见 rpt_unmapped_rows），不参与任何比较"
            },
        )
    )
    # GX, a measure with a threshold (mostly): running text maps less surely than tables
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="concept_id",
            mostly=0.5,
            row_condition=Column("table_label").is_null(),
            severity="warning",
            description="concept coverage: most running-text targets measure a framework concept",
            meta={"why_zh": "指标概念覆盖：正文中的目标大多应对应指标体系中的某个概念"},
        )
    )
    # GX: each concept's units come from the reference (seeds/units.csv, concepts.csv) as
    # one expectation per concept, each a warning with the concept named
    for concept, units in sorted(reference.concept_units.items()):
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeInSet(
                column="unit_read",
                value_set=sorted(units),
                row_condition=(Column("concept_id") == concept)
                & (Column("value_is_change") == False),
                severity="warning",  # kept as printed, not converted, not evaluable
                description=f"a value of {concept} is in a unit that converts to its canonical unit "
                "(a change, such as 较2020年降低12.5%, may be relative)",
                meta={
                    "why_zh": f"{concept}（{reference.concept_names_zh.get(concept, concept)}）"
                    "的数值所用单位应能换算为其标准单位（表示变化的数值，如“较2020年降低12.5%”，"
                    "可以是相对值）"
                },
            )
        )
    # GX, critical, beside the plausible ranges below: a percentage of any concept, those
    # with no range in the seed included (the documents whose rows fail are quarantined)
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="value_canonical",
            min_value=0,
            max_value=100,
            row_condition=(Column("canonical_unit") == "%") & (Column("value_is_change") == False),
            severity="critical",
            description="a percentage is within [0, 100] unless it measures a change",
            meta={"why_zh": "百分比应在 [0, 100] 之内（表示变化幅度的除外）"},
        )
    )
    # GX: value_plausible is computed by quality/plausibility.py from seeds/plausible_ranges.csv,
    # the same function the document and submission gates use before rows land
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="value_plausible",
            value_set=[True],
            severity="critical",
            description="a number is finite and within the range seeds/plausible_ranges.csv "
            "gives its concept and unit (a share 0-100, a change signed, an intensity positive "
            "and below its maximum)",
            meta={
                "why_zh": "数值应为有限数，且在 seeds/plausible_ranges.csv 为其指标概念和单位给出的"
                "范围之内（比例在 0—100 之间，变化量可正可负，强度为正且不超过上限）"
            },
        )
    )
    # GX, critical: a status row left unjudged quarantines its document (dbt tests only that
    # a verdict given is one of met / not_met / not_evaluable)
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="compliance_computed",
            row_condition=(Column("measure") == "status") & Column("table_label").is_not_null(),
            severity="critical",
            description="every status row of a table is evaluated",
            meta={"why_zh": "表格中的每个现状值行都应作出达标判定"},
        )
    )
    return suite
