"""A document that is itself an indicator system, read as a framework version.

A ministry's or a province's list (示范县指标, 考核表, a national plan's 主要指标 box) prints
standards and no district's status: its tables are read by the same table reader and turned
into the rows of `seeds/framework_indicators.csv`, so that adding a version to the
warehouse is data only: these rows, a row of `framework_versions.csv` (and of
`frameworks.csv` for a new list), and crosswalk rows to concepts. The marts then evaluate
every district under it.
"""

from __future__ import annotations

import re

from ecobench.ingest.tables import BINDING, Table, read_tables
from ecobench.ingest.text import Document, norm, squash
from ecobench.ingest.values import NO_UNIT

# the columns of seeds/framework_indicators.csv, in its order
COLUMNS = (
    "version_id",
    "framework_id",
    "seq",
    "is_parent",
    "domain_zh",
    "task_group_zh",
    "indicator_zh",
    "indicator_en",
    "unit",
    "standard_raw",
    "binding",
    "applies_to",
    "verification_status",
    "source",
    "note",
)
LIST_TITLE = re.compile(r"指标(?:体系)?\s*(?:[(（](?:试行|修订版?|草案)[)）])?$")
# a title the page ran into the text after it: `…示范县、市指标(试行)一、浙江省…`
LIST_TITLE_RUN_ON = re.compile(r"^.{4,60}?指标(?:体系)?\s*[(（](?:试行|修订版?|草案)[)）]")


def is_indicator_list(title: str, tables: list[Table]) -> bool:
    """An indicator system itself: its title names a list of indicators and its tables
    print standards, and no status or target of a district."""
    roles = {role for table in tables for role, _ in table.roles}
    return (
        bool(LIST_TITLE.search(norm(title)) or LIST_TITLE_RUN_ON.search(norm(title)))
        and "standard" in roles
        and not roles & {"status", "target"}
    )


def framework_rows(doc: Document, version_id: str, framework_id: str) -> list[dict]:
    """The rows of seeds/framework_indicators.csv a list prints: one per indicator and
    sub-indicator (seq `9.1`, `9.2`, under a parent row), region variants of one standard
    joined as the seeds write them (`山区:≥60; 丘陵区:≥40; 平原地区:≥18`)."""
    rows: dict[str, dict] = {}
    for table in read_tables(doc):
        for row in table.rows:
            top = row.seq or ""  # a table's rows are numbered, in print order if not printed
            seq = top if not row.sub_index else f"{top}.{row.sub_index}"
            standard = row.cells.get("standard")
            printed = squash(standard.text) if standard else ""
            if row.sub_index and top not in rows:  # the parent of sub-indicators
                rows[top] = _row(version_id, framework_id, top, row, table, doc)
                rows[top].update(
                    is_parent="true", indicator_zh=row.parent_name or "", standard_raw=""
                )
            entry = rows.setdefault(seq, _row(version_id, framework_id, seq, row, table, doc))
            value = f"{row.region}:{printed}" if row.region else printed
            entry["standard_raw"] = "; ".join(filter(None, (entry["standard_raw"], value)))
            entry["binding"] = BINDING.get(norm(row.binding or ""), "")
    return list(rows.values())


def _row(version_id: str, framework_id: str, seq: str, row, table: Table, doc: Document) -> dict:
    return {
        "version_id": version_id,
        "framework_id": framework_id,
        "seq": seq,
        "is_parent": "false",
        "domain_zh": row.domain or "",
        "task_group_zh": row.task_group or "",
        "indicator_zh": squash(row.name.text),
        "indicator_en": "",
        "unit": "" if norm(row.unit or "") in NO_UNIT else norm(row.unit),
        "standard_raw": "",
        "binding": "",
        "applies_to": "",
        "verification_status": "as_published",
        "source": f"{doc.source_file}:{row.name.line}",
        "note": row.issue or "",
    }
