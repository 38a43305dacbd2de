"""The same tables as real copies of the same text print them: tabs turned into spaces,
`|`-separated or space-aligned rows, other header words, full-width digits, numbering
printed `1.`, a stray blank line inside a row, a table cut off mid-row.

Every perturbation of 001 and 004 must give the rows the original gives (compared as read:
seq, sub-row, measure, year, number, comparator, verdict, binding, the printed value with
its line breaks folded), or the rows that can be read with a located warning.
"""

from __future__ import annotations

import re

import pytest

from ecobench.ingest.tables import display_width, facts, indent_blocks, read_tables
from ecobench.ingest.text import Document, document_from_text, norm, squash

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def reading(doc: Document) -> list[tuple]:
    rows = [v for table in read_tables(doc) for v in facts(table, doc)]
    return sorted(
        [
            (
                v.table_label,
                v.indicator_seq,
                v.sub_index,
                v.region_variant,
                v.measure,
                v.period_year,
                v.value_num,
                v.comparator,
                v.compliance_reported,
                v.binding,
                squash(norm(v.value_raw)),
                squash(v.indicator_name_zh),
            )
            for v in rows
        ],
        key=repr,
    )


def issues(doc: Document) -> list[str]:
    return [issue.message for table in read_tables(doc) for issue in table.issues]


def lines_of(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def rewritten(doc: Document, lines: list[str]) -> Document:
    return document_from_text("\n".join(lines), doc.source_file)


def table_span(doc: Document) -> tuple[int, int]:
    """First and last line (0-based) of the document's first indicator table."""
    table = read_tables(doc)[0]
    return table.header_line - 1, table.end_line


def as_delimited(doc: Document, join) -> Document:
    """Every indent-led row of the document written on one line, its cells joined."""
    blocks = list(indent_blocks(doc))
    lines = lines_of(doc)
    first = {row[0].line: row for block in blocks for row in block}
    out, skip_to = [], 0
    for number, text in enumerate(lines, start=1):
        if number < skip_to:
            continue
        if number in first:
            row = first[number]
            out.append(join([squash(cell.text) for cell in row], number))
            last = max(c.line + c.text.count("\n") for c in row)
            skip_to = last + 1
        else:
            out.append(text)
    return rewritten(doc, out)


@pytest.fixture(scope="module")
def plan(source):
    return source("001")


@pytest.fixture(scope="module")
def hailing(source):
    return source("004")


def folded(rows: list[tuple]) -> list[tuple]:
    """Rows compared where a layout cannot keep a cell's line breaks."""
    return sorted(((*row[:-2], re.sub(r"\s", "", row[-2]), row[-1]) for row in rows), key=repr)


def test_tabs_turned_into_spaces_read_the_same(plan):
    spaced = rewritten(plan, [line.replace("\t", "    ") for line in lines_of(plan)])
    assert reading(spaced) == reading(plan)
    assert len(reading(plan)) == 300


def test_pipe_separated_rows_read_the_same(plan):
    piped = as_delimited(plan, lambda cells, _: "| " + " | ".join(cells) + " |")
    assert folded(reading(piped)) == folded(reading(plan))


def test_space_aligned_rows_read_the_same(plan):
    """Columns padded with spaces to a common width, as a fixed-width rendering prints
    them; an empty (merged) cell is only spaces."""
    widths: dict[tuple[int, int], int] = {}  # (block, column) -> width
    block_of: dict[int, int] = {}  # a row's first line -> its block
    for b, block in enumerate(indent_blocks(plan)):
        for row in block:
            block_of[row[0].line] = b
            for k, cell in enumerate(row):
                widths[b, k] = max(widths.get((b, k), 0), display_width(squash(cell.text)))

    def pad(cells: list[str], line: int) -> str:
        b = block_of[line]
        return "  ".join(
            cell + " " * (widths[b, k] - display_width(cell)) for k, cell in enumerate(cells)
        ).rstrip()

    aligned = as_delimited(plan, pad)
    # a row with an empty cell and a name split in two cannot be aligned: it is named
    flagged = {
        (v.table_label, v.indicator_seq): v.parse_issue
        for t in read_tables(aligned)
        for v in facts(t, aligned)
        if v.parse_issue
    }
    assert set(flagged.values()) <= set(issues(aligned))
    assert len(issues(aligned)) == len(flagged) <= 8
    kept = [r for r in folded(reading(aligned)) if (r[0], r[1]) not in flagged]
    assert kept == [r for r in folded(reading(plan)) if (r[0], r[1]) not in flagged]
    assert len(kept) >= 220  # of 300: the 8 indicators named are the split-name rows


@pytest.mark.parametrize(
    ("printed", "reprinted"),
    [("指标值", "目标值"), ("序号", "编号"), ("指标属性", "指标类型")],
)
def test_other_header_words_read_the_same(hailing, printed, reprinted):
    start, end = table_span(hailing)
    lines = lines_of(hailing)
    lines[start:end] = [reprinted if norm(t) == printed else t for t in lines[start:end]]
    assert reading(rewritten(hailing, lines)) == reading(hailing)
    assert len(reading(hailing)) == 41


def test_status_header_with_the_year_after_it(plan):
    lines = [line.replace("2022年现状", "现状值(2022年)") for line in lines_of(plan)]
    changed = reading(rewritten(plan, lines))
    assert changed == reading(plan)
    assert sum(1 for row in changed if row[4] == "status" and row[5] == 2022) >= 32


def test_full_width_digits_give_the_same_numbers(hailing):
    start, end = table_span(hailing)
    lines = lines_of(hailing)
    lines[start:end] = [t.translate(FULL_WIDTH) for t in lines[start:end]]
    wide = reading(rewritten(hailing, lines))
    assert [r[:10] for r in wide] == [r[:10] for r in reading(hailing)]
    assert {r[1] for r in wide} == {str(n) for n in range(1, 38)}


def test_sequence_numbers_printed_with_a_dot(hailing):
    start, end = table_span(hailing)
    lines, expected = lines_of(hailing), 1
    for k in range(start, end):
        if lines[k].strip() == str(expected):  # the next sequence number, not a value
            lines[k], expected = f"{expected}.", expected + 1
    assert expected == 38
    assert reading(rewritten(hailing, lines)) == reading(hailing)


def test_a_blank_line_inside_a_row_joins_the_row_again(plan):
    lines = lines_of(plan)
    at = lines.index("\t16%")  # indicator 2 of 表3-1, after its standard
    broken = rewritten(plan, [*lines[:at], "", *lines[at:]])
    assert reading(broken) == reading(plan)
    assert issues(broken) == []


def test_cells_glued_onto_one_line_read_with_a_warning(hailing):
    """004 附件2 with each row's cells written together (`1生态文明建设规划/制定实施约束性指标
    海陵环保局`), the header too; group headings stay on their own lines."""
    start, end = table_span(hailing)
    lines = lines_of(hailing)
    cells = [t.strip() for t in lines[start:end] if t.strip()]
    groups = re.compile(r"^生态[\u4e00-\u9fff]{2}$|^[(（][一二三四五六七八九十]+[)）]")
    body, row, expected = [], [], 1
    for cell in cells[8:]:
        if cell == str(expected) or groups.match(cell):
            body += ["".join(row)] if row else []
            row = [cell] if cell == str(expected) else []
            body += [] if row else [cell]
            expected += cell == str(expected)
        else:
            row.append(cell)
    glued = rewritten(hailing, [*lines[:start], "".join(cells[:8]), *body, "".join(row)])
    (table,) = read_tables(glued)
    rows, original = reading(glued), reading(hailing)
    named = {m.split()[3] for m in issues(glued) if m.endswith("has no value cell")}
    assert table.layout == "glued" and named == {"10", "13"}  # names and values run together
    assert {r[1] for r in rows} | named == {str(n) for n in range(1, 38)}
    assert sum(r in original for r in rows) >= 30  # of 41: sub-indicator names run together
    assert "the table's cells are written together" in table.issues[0].message


def test_a_table_cut_off_mid_row_keeps_what_it_printed(hailing):
    start, end = table_span(hailing)
    lines = lines_of(hailing)
    last = next(k for k in range(start, end) if lines[k].strip() == "37")
    cut = next(k for k in range(last, end) if lines[k].strip() == "≥80")
    truncated = rewritten(hailing, lines[: cut + 1])  # 37 ends at its standard, ≥80
    rows, original = reading(truncated), reading(hailing)
    assert [r for r in rows if r[1] != "37"] == [r for r in original if r[1] != "37"]
    (last,) = [r for r in rows if r[1] == "37"]
    assert (last[4], last[6], last[9]) == ("standard", 80.0, None)  # no binding printed
    (warning,) = issues(truncated)
    assert re.match(r"line \d+: indicator 37 is cut off", warning)


def test_a_row_with_a_missing_cell_is_kept_and_named(plan):
    lines = lines_of(plan)
    at = lines.index("\t16%")
    broken = rewritten(plan, lines[:at] + lines[at + 1 :])  # indicator 2 loses its status
    rows = reading(broken)
    assert {r[1] for r in rows if r[0] == "表3-1"} == {str(n) for n in range(1, 30)}
    assert any(f"line {at}:" in m or "cells where the header has" in m for m in issues(broken))


@pytest.mark.parametrize("seed", range(40))
def test_no_damage_to_a_table_raises(plan, hailing, seed):
    """Lines dropped, doubled, swapped or blanked at random inside the tables: the reader
    lands what it can and names the rest, never raises."""
    import random

    rng = random.Random(seed)
    for doc in (plan, hailing):
        start, end = table_span(doc)
        lines = lines_of(doc)
        for _ in range(rng.randint(1, 12)):
            k = rng.randrange(start, end)
            action = rng.choice(("drop", "double", "swap", "blank", "cut"))
            if action == "drop":
                del lines[k]
            elif action == "double":
                lines.insert(k, lines[k])
            elif action == "swap":
                lines[k], lines[k + 1] = lines[k + 1], lines[k]
            elif action == "blank":
                lines[k] = ""
            else:
                lines[k] = lines[k][: len(lines[k]) // 2]
        damaged = rewritten(doc, lines)
        assert reading(damaged)  # something of the tables is still read
        for table in read_tables(damaged):
            assert all(re.match(r"line \d+: ", issue.message) for issue in table.issues)
