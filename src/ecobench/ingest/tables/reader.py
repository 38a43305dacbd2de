"""The reader: every layout's candidate tables, their columns' roles, their rows, and
the table's label, title, footnote and issues."""

from __future__ import annotations

import re

from ecobench.ingest.tables.layouts import POSITIONAL, STREAMS, Positional, Stream
from ecobench.ingest.tables.model import Cell, Issue, Roles, Row, Table
from ecobench.ingest.tables.roles import content_role, is_header, roles_of
from ecobench.ingest.tables.rows import positional_rows, stream_rows
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import Document, Line, norm, squash

TABLE_LABEL = re.compile(r"(表\s*\d+[-－.．]\d+|表\s*\d+|附表\s*\d*|附件\s*\d+|专栏\s*\d+)")


def read_tables(doc: Document) -> list[Table]:
    """Every indicator table of a document, in any layout, with what could not be read."""
    tables: dict[int, Table] = {}
    for found in [table for layout in POSITIONAL for table in layout.find(doc)]:
        if found.header[0].line in tables:
            continue
        if (table := _positional_table(doc, found)) is not None:
            tables[table.header_line] = table
    for stream in [table for layout in STREAMS for table in layout.find(doc)]:
        line = stream.header[0].line
        if line in tables or any(t.header_line <= line <= t.end_line for t in tables.values()):
            continue
        tables[line] = _stream_table(doc, stream)
    return [tables[line] for line in sorted(tables)]


def _positional_table(doc: Document, found: Positional) -> Table | None:
    header, body = found.header, found.rows
    roles = roles_of(header)
    if not is_header(roles):
        return None
    issues: list[Issue] = []
    roles = _fill_unknown_roles(roles, header, body, issues)
    rows = positional_rows(roles, body, found.irregular) if body else []
    last = body[-1][-1] if body else header[-1]
    end = last.line + last.text.count("\n")  # a last cell over several lines ends below
    return _table(doc, header, roles, rows, end, found.layout, issues)


def _stream_table(doc: Document, found: Stream) -> Table:
    roles = roles_of(found.header)
    issues: list[Issue] = []
    if found.cells:
        rows, end = stream_rows(roles, found.cells, issues)
    else:
        rows, end = [], found.header[-1].line
    return _table(doc, found.header, roles, rows, end, found.layout, issues)


def _fill_unknown_roles(
    roles: Roles, header: list[Cell], body: list[list[Cell]], issues: list[Issue]
) -> Roles:
    """An unknown header word: the column's role by what it holds, else a warning."""
    out = []
    for k, (role, year) in enumerate(roles):
        if role == "other":
            found = content_role([row[k].text for row in body if k < len(row)])
            if found:
                role = found
            else:
                issues.append(
                    Issue(
                        header[k].line,
                        f"line {header[k].line}: column {k + 1} ({squash(header[k].text)!r}) "
                        "has no known role; its cells are not read",
                    )
                )
        out.append((role, year))
    return out


def _table(
    doc: Document,
    header: list[Cell],
    roles: Roles,
    rows: list[Row],
    end: int,
    layout: str,
    issues: list[Issue],
) -> Table:
    label, title = _title_before(doc, header[0].line)
    issues += _table_issues(header[0].line, roles, rows, layout)
    for row in rows:
        if row.issue and all(row.issue != issue.message for issue in issues):
            issues.append(Issue(row.name.line, row.issue))
    footnote = _footnote_after(doc, end)
    return Table(label, title, header[0].line, roles, rows, end, footnote, layout, issues)


def _table_issues(line: int, roles: Roles, rows: list[Row], layout: str) -> list[Issue]:
    """What the table as a whole does not print: its rows apart, a standard, any value."""
    names = {role for role, _ in roles}
    messages = []
    if layout == "glued":
        messages.append(
            "the table's cells are written together; its rows are cut by what the cells "
            "hold, and two names written together stay one name"
        )
    if "standard" not in names:
        messages.append("the table prints no standard (指标值) column")
    if rows and not names & {"standard", "status", "target"}:
        messages.append(
            f"the table prints no value column: its {len(rows)} rows are read, none lands a value"
        )
    if not rows:
        messages.append("a table header with no rows after it")
    return [Issue(line, f"line {line}: {message}") for message in messages]


def _title_before(doc: Document, line_no: int) -> tuple[str | None, str]:
    """The table's label (表3-1, 附件2) and title from the lines just above its header."""
    before = [line for line in doc.lines[: line_no - 1] if not line.blank][-SETTINGS.title_lines :]
    title = norm(before[-1].clean) if before else ""
    for line in reversed(before):
        if match := TABLE_LABEL.search(norm(line.clean)):
            return match.group(1).replace(" ", ""), title
    return None, title


def _footnote_after(doc: Document, line_no: int) -> Line | None:
    for line in doc.lines[line_no : line_no + SETTINGS.footnote_lines]:
        if norm(line.clean).startswith("注"):
            return line
    return None
