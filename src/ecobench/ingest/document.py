"""One document in, every row it holds out: the single entry point the flow and CLI call.

Which parsers find something depends on the document's structure, not on its name: a plan
yields indicator tables and projects, a scheme yields tasks and targets, and a new
district's document of a known kind goes through the same code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ecobench.ingest.concepts import match_keywords
from ecobench.ingest.districts import Division
from ecobench.ingest.formats import read_document_bytes
from ecobench.ingest.frameworks import is_indicator_list
from ecobench.ingest.metadata import read_metadata
from ecobench.ingest.projects import read_projects
from ecobench.ingest.recognition import Recognition, recognise, stated_terrain
from ecobench.ingest.schema import (
    DocumentMeta,
    IndicatorValue,
    ParseIssue,
    Project,
    Task,
    to_frame,
)
from ecobench.ingest.tables import Table, facts, read_tables
from ecobench.ingest.targets import read_targets
from ecobench.ingest.tasks import read_tasks
from ecobench.ingest.text import Document

TABLES = ("documents", "indicator_values", "tasks", "projects", "parse_issues")


@dataclass
class ParsedDocument:
    documents: pl.DataFrame
    indicator_values: pl.DataFrame
    tasks: pl.DataFrame
    projects: pl.DataFrame
    parse_issues: pl.DataFrame

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}


def parse_text(doc: Document, sha256: str = "", district: Division | None = None) -> ParsedDocument:
    """Every row a document yields; `district` decides the district instead of the
    document's own words (`ecobench extract --district`)."""
    meta = read_metadata(doc)
    found = Recognition(district, "given") if district else recognise(doc, meta)
    document_id = Path(doc.source_file).stem
    tasks = read_tasks(doc)
    tables = read_tables(doc)
    province = found.division.province_zh if found.division else None
    by_province = found.division is not None and found.division.level == "province"
    values: list[IndicatorValue] = [
        v for table in tables for v in facts(table, doc, province, by_province)
    ]
    for target in (targets := read_targets(doc, tasks, meta["title"])):
        words = match_keywords(target.indicator_name_zh, target.context_text)
        target.concept_id, target.definition_id = words.concept_id, words.definition_id
        target.mapped_by, target.reads_unit_as = words.mapped_by, words.reads_unit_as
    values += targets
    project_issues: list = []
    projects: list[Project] = read_projects(doc, project_issues)
    issues = _issues(doc, tables, project_issues, found)
    terrain = stated_terrain(doc, found.division)
    rows: list[IndicatorValue | Task | Project | ParseIssue] = [*values, *tasks, *projects, *issues]
    for row in rows:
        row.district_id, row.document_id = found.district_id, document_id
    located_rows: list[IndicatorValue | Task | Project] = [*values, *tasks, *projects]
    for located in located_rows:
        located.source_location = doc.location(located.source_line)
    return ParsedDocument(
        documents=to_frame(
            [
                DocumentMeta(
                    doc.source_file,
                    document_id,
                    found.district_id,
                    sha256=sha256,
                    n_lines=len(doc.lines),
                    encoding=doc.encoding,
                    content_sha256=doc.content_key,
                    district_code=found.division.code if found.division else None,
                    district_found_in=found.zone if found.division else None,
                    is_indicator_list=is_indicator_list(meta["title"], tables),
                    terrain_key=terrain[0],
                    terrain_line=terrain[1],
                    text_signature=doc.signature,
                    **meta,
                )
            ],
            DocumentMeta,
        ),
        indicator_values=to_frame(values, IndicatorValue),
        tasks=to_frame(tasks, Task),
        projects=to_frame(projects, Project),
        parse_issues=to_frame(issues, ParseIssue),
    )


def _issues(
    doc: Document, tables: list[Table], project_issues: list, found: Recognition
) -> list[ParseIssue]:
    """What the tables, the project lists and the district's recognition could not read."""
    issues = [
        ParseIssue(doc.source_file, issue.line, table.label, issue.message)
        for table in tables
        for issue in table.issues
    ] + [ParseIssue(doc.source_file, issue.line, None, issue.message) for issue in project_issues]
    if found.warning:
        issues.append(
            ParseIssue(doc.source_file, found.line or 1, None, f"district: {found.warning}")
        )
    return issues


def parse_file(path: Path, district: Division | None = None) -> ParsedDocument:
    raw = path.read_bytes()
    return parse_text(
        read_document_bytes(raw, path.name), hashlib.sha256(raw).hexdigest(), district
    )
