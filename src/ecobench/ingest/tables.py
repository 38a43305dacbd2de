"""Indicator tables, whatever layout a document prints them in: one reader for all.

The reader is a pipeline of small stages, after pdfplumber's TableFinder:

1. **layouts → candidate tables.** A table is found by its header: a run of short cells
   whose words name column roles (`seeds/column_roles.csv`), in any of the layouts text
   conversions of the same table take:
   * *indent-led*: every cell a line led by a tab (or by spaces, when the tabs were
     turned into spaces), a cell may continue on unindented lines, a row ends at a blank
     line (001 表3-1/表3-2);
   * *delimited*: one row per line, cells between `|` or `│`, or columns aligned by runs
     of spaces;
   * *pipe-marked*: a web page's table as one cell per line with a pipe marking each
     cell, `| cell` (a lone `|` ends the row) or `cell |` (rows cut at binding cells),
     a cell running on over several lines, a header in two rows;
   * *one cell per line*: no separators at all (004 附件2, a provincial list as published);
   * *glued*: a row's cells written together on one line, told apart by what they hold.
2. **cells → rows.** Positional layouts map cells to the header's columns, a row anchored
   at its sequence number (cells merged down from the row above are missing before it)
   or, with no sequence column, at its right end (extra cells before it are group
   labels); a row split by a blank line is joined again. Cell streams are cut into rows at sequence numbers and
   binding cells, and the cells between are told apart by what they are (unit, value,
   region variant, condition, sub-indicator name).
3. **column roles** come from the header words and, where a header word is unknown, from
   what the column holds (约束性/参考性/预期性 is binding, 达标/不达标/Y/N is a verdict,
   1 / 1. / (1) / 一、 is a sequence number).
4. **rows → facts**: one `IndicatorValue` per printed value.

Nothing is dropped without a word: an irregular row keeps what can be read, with a
`parse_issue` naming the line; a header with no rows, a column of unknown role and a table
cut off are `Issue`s, reported as located warnings. No stage raises for what a document
holds. All tunables are in `TableSettings`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from ecobench.config import SEEDS_DIR
from ecobench.ingest import concepts
from ecobench.ingest.schema import IndicatorValue
from ecobench.ingest.text import Document, Line, norm, squash
from ecobench.ingest.values import (
    _REGIONS,
    NO_UNIT,
    REGION_CELL,
    parse_cell,
    unit_pattern,
    units,
)


@dataclass(frozen=True)
class TableSettings:
    """Every tunable of the table reader, in one place."""

    header_cell_chars: int = 12  # a header cell is a short label
    min_header_cells: int = 4  # fewer labels are a sentence, not a header
    prose_chars: int = 60  # a longer cell is running text: the table is over
    heading_chars: int = 24  # a one-cell row spanning a `|` table is a heading up to this
    stream_missing_cells: int = 2  # a one-cell-per-line row short of more is not placed
    title_lines: int = 3  # lines above a header searched for its label and title
    footnote_lines: int = 3  # lines below a table searched for its 注
    role_share: float = 0.6  # share of a column's cells that must show a role by content


SETTINGS = TableSettings()

BINDING = {
    "约束性": "binding",
    "约束性指标": "binding",
    "参考性": "reference",
    "参考性指标": "reference",
    "预期性": "expected",
    "预期性指标": "expected",
}
VERDICTS = {
    "达标": "达标",
    "已达标": "达标",
    "不达标": "不达标",
    "未达标": "不达标",
    "Y": "达标",
    "N": "不达标",
    "是": "达标",
    "否": "不达标",
    "完成": "达标",
    "未完成": "不达标",
}
NOT_APPLICABLE = {"NA", "N/A", "—", "/", "-"}
VALUE_ROLES = {"standard", "verdict"}  # plus status:YYYY and target:YYYY
TABLE_LABEL = re.compile(r"(表\s*\d+[-－.．]\d+|表\s*\d+|附表\s*\d*|附件\s*\d+|专栏\s*\d+)")
FOOTNOTE_YEAR = re.compile(
    r"指标(?P<items>[\d、，,（）()\u4e00-\u9fff]+?)采用(?P<year>\d{4})年数据"
)
FOOTNOTE_ITEM = re.compile(r"(?P<seq>\d+)(?:[(（](?P<sub>[^)）]+)[)）])?")
DOMAIN_CELL = re.compile(r"^生态[\u4e00-\u9fff]{2}$")
TASK_MARK = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
CHANGE_FRAGMENT = re.compile(r"^(提高|下降|增长|降低)幅度$")
UNIT_CELL = re.compile(r"^(%|/|-|[^\s\d≥≤<>=]{1,6}/[^\s\d≥≤<>=]{1,4}|公顷|平方公里|个|吨)$")
# an indicator's name ends with what it measures: names written together are cut there
NAME_END = re.compile(r".+?(?:率|比例|指数|比重|强度|水平)(?=$|[\u4e00-\u9fff])")
CONDITION_CELL = re.compile(r"^且|不超过控制目标值$")
INDENT = re.compile(r"^(\t| {2,}|\u3000{2,})")
PIPES = re.compile(r"[|│┃]")
RULE_LINE = re.compile(r"^[\s┌┬┐├┼┤└┴┘─━═╔╦╗╠╬╣╚╩╝+\-|│]*$")
ALIGNED_GAP = re.compile(r"\t+| {2,}|\u3000+")
SEQ = re.compile(
    r"^(?:(?P<arabic>\d{1,3})[.、]?|[(（](?P<bracketed>\d{1,3})[)）]|(?P<chinese>[一二三四五六七八九十]{1,3})、)$"
)
CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


# ------------------------------------------------------------------------- the data model
@dataclass
class Cell:
    text: str
    line: int


@dataclass
class Heading(Cell):
    """The one cell of a row the layout shows spanning the table (`| 一、生态空间 |`
    between the rows of a `|` table): a domain or task-group heading, whatever it says."""


@dataclass
class Issue:
    """Something the reader could not read as a table holds it, and where."""

    line: int
    message: str


@dataclass
class Row:
    seq: str | None
    name: Cell
    parent_name: str | None = None
    sub_index: int = 0
    domain: str | None = None
    task_group: str | None = None
    region: str | None = None
    unit: str | None = None
    cells: dict[str, Cell] = field(default_factory=dict)  # standard/status/verdict/target:YYYY
    binding: str | None = None
    lead_department: str | None = None
    inherited: set[str] = field(default_factory=set)
    issue: str | None = None


@dataclass
class Table:
    label: str | None
    title: str
    header_line: int
    roles: list[tuple[str, int | None]]
    rows: list[Row]
    end_line: int
    footnote: Line | None = None
    layout: str = "indent"
    issues: list[Issue] = field(default_factory=list)


# ------------------------------------------------------------------------- column roles
@cache
def role_words() -> tuple[tuple[str, str], ...]:
    """Header words and the role each names, longest first (so 指标值 wins over 指标)."""
    with open(SEEDS_DIR / "column_roles.csv", encoding="utf-8") as handle:
        words = [(row["header_word"], row["role"]) for row in csv.DictReader(handle)]
    return tuple(sorted(words, key=lambda word: len(word[0]), reverse=True))


STATUS_WORDS = re.compile(r"现状|基准|基期|基数|现值|完成")
TARGET_WORDS = re.compile(r"目标|规划|预期|年末|年底")
YEAR_ONLY = re.compile(r"^\d{4}年?$|^\d{4}年?[(（]?[^)）]*[)）]?$")
CUMULATIVE = re.compile(r"累计")


def column_role(label: str) -> tuple[str, int | None]:
    """What a header cell means, and the year it names: `2022年现状` and `现状值(2022年)`
    -> (status, 2022); `2025年近期目标` -> (target, 2025); `2015年` alone -> (year, 2015),
    decided by `resolve_years`; `目标值` with no year -> the standard."""
    text = norm(squash(label))
    if not text or len(text) > SETTINGS.header_cell_chars + 6:
        return "other", None
    year = int(match.group(1)) if (match := re.search(r"((?:19|20)\d{2})", text)) else None
    if "达标" in text or (text.startswith("完成") and not year):
        return "verdict", None  # 完成情况 alone is a verdict; 2006年完成情况 a status
    if STATUS_WORDS.search(text):
        return "status", year
    if year and TARGET_WORDS.search(text):
        return "target", year
    if year and YEAR_ONLY.match(text):
        return "year", year
    if CUMULATIVE.search(text):
        return "cumulative", None
    for word, role in role_words():
        if word in text:
            return role, None
    return "other", None


def resolve_years(roles: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Year-only columns (`2015年 | 2020年`): with no status column the earliest is the
    status the plan starts from and the later ones its targets."""
    years = sorted(year for role, year in roles if role == "year" and year is not None)
    has_status = any(role == "status" for role, _ in roles)
    resolved = []
    for role, year in roles:
        if role == "year":
            role = "status" if not has_status and year == years[0] and len(years) > 1 else "target"
        elif role == "cumulative":  # 〔累计〕: the change targeted by the plan's last year
            role, year = "target", max(years, default=None)
        resolved.append((role, year))
    return resolved


def is_header(roles: list[tuple[str, int | None]]) -> bool:
    names = [role for role, _ in roles]
    known = [role for role in names if role != "other"]
    return (
        len(roles) >= SETTINGS.min_header_cells
        and "name" in names
        and bool({"seq", "standard", "status", "target", "year"} & set(names))
        and len(known) >= len(roles) - 1
    )


def content_role(texts: list[str]) -> str | None:
    """The role a column's cells show by what they hold, when its header word is unknown."""
    filled = [norm(text) for text in texts if text.strip()]
    if not filled:
        return None
    for role, test in (
        ("binding", lambda t: t in BINDING),
        ("verdict", lambda t: t in VERDICTS or t in NOT_APPLICABLE),
        ("seq", lambda t: SEQ.match(t) is not None),
    ):
        if sum(map(test, filled)) >= SETTINGS.role_share * len(filled):
            return role
    return None


def parse_seq(text: str) -> str | None:
    """`1`, `1.`, `１`, `(1)` and `一、` are sequence number 1; anything else is not one."""
    match = SEQ.match(norm(text))
    if not match:
        return None
    if match["chinese"]:
        number = _chinese_number(match["chinese"])
        return str(number) if number else None
    return str(int(match["arabic"] or match["bracketed"]))


def _chinese_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十三 -> 23; None for what is not a number (一二)."""
    tens, ten, units = text.partition("十")
    if not ten:
        return CHINESE_DIGITS.get(text)
    if len(tens) > 1 or len(units) > 1:
        return None
    return CHINESE_DIGITS.get(tens, 1 if not tens else 0) * 10 + CHINESE_DIGITS.get(units, 0)


# ---------------------------------------------------------------- layouts: indent-led cells
def indent_blocks(doc: Document) -> Iterator[list[list[Cell]]]:
    """Yield runs of indent-led rows (a table body), each row a list of cells."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for line in doc.lines:
        raw = line.clean
        if INDENT.match(raw):  # an indented line is a cell; indent alone, an empty one
            row.append(Cell(raw.strip(), line.number))
        elif line.blank:
            if row:
                rows.append(row)
                row = []
        elif row and not norm(raw).startswith("注"):
            row[-1].text += "\n" + raw.strip()  # a cell continued on the next line
        else:
            if row:
                rows.append(row)
                row = []
            if rows:
                yield rows
                rows = []
    if row:
        rows.append(row)
    if rows:
        yield rows


Candidate = tuple[list[Cell], list[list[Cell]], str, dict[int, str]]  # header, rows, layout,
# and what was irregular in a row (by its line)


def _indent_tables(doc: Document) -> Iterator[Candidate]:
    for block in indent_blocks(doc):
        yield block[0], join_split_rows(block[1:], len(block[0])), "indent", {}


def join_split_rows(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    """A row cut in two by a stray blank line is one row: join two short fragments that
    together fill at most the header's width (a name split into parent and sub-indicator
    adds one cell); a row still short is read by position and named."""
    joined: list[list[Cell]] = []
    for row in rows:
        last = joined[-1] if joined else None
        if (
            last is not None
            and 1 < len(last) < width
            and len(row) < width
            and len(last) + len(row) <= width + 1
        ):
            last.extend(row)
        else:
            joined.append(list(row))
    return joined


# ---------------------------------------------------------------- layouts: delimited rows
def _split_delimited(raw: str) -> list[str] | None:
    """A line's cells between `|`/`│` (outer pipes dropped) or between aligned columns."""
    text = raw.strip()
    if PIPES.search(text):
        parts = PIPES.split(text)
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [part.strip() for part in parts] if len(parts) >= 2 else None
    parts = [part for part in ALIGNED_GAP.split(text) if part]
    return parts if len(parts) >= 2 else None


def _delimited_tables(doc: Document) -> Iterator[Candidate]:
    lines = doc.lines
    i = 0
    while i < len(lines):
        header = _split_delimited(lines[i].clean)
        if header is None or (INDENT.match(lines[i].clean) and "|" not in lines[i].clean):
            i += 1
            continue
        if not is_header([column_role(text) for text in header]):
            i += 1
            continue
        layout = "pipe" if PIPES.search(lines[i].clean) else "aligned"
        head = [Cell(text, lines[i].number) for text in header]
        body: list[list[Cell]] = []
        irregular: dict[int, str] = {}
        j = i + 1
        while j < len(lines):
            raw = lines[j].clean
            if RULE_LINE.match(raw) and raw.strip():
                j += 1  # a border of a box-drawn table
                continue
            if not raw.strip():
                j += 1
                if (
                    j < len(lines)
                    and _split_delimited(lines[j].clean) is None
                    and not (layout == "pipe" and _pipe_heading(lines[j].clean))
                ):
                    break
                continue
            cells = _split_delimited(raw)
            if cells is None and layout == "pipe" and (heading := _pipe_heading(raw)):
                body.append([Heading(heading, lines[j].number)])  # `| 一、生态空间 |`
                j += 1
                continue
            if cells is None:
                if body and not norm(raw).startswith("注"):
                    body[-1][-1].text += "\n" + raw.strip()  # wrapped last cell
                    j += 1
                    continue
                break
            tabbed = _tab_cells(raw) if _tab_cells(lines[i].clean) == header else None
            if tabbed is not None and len(tabbed) == len(header):
                cells = tabbed  # a tab-separated row: its cells in order, empty ones kept
            elif layout == "aligned":
                cells, issue = _align(header, lines[i].clean, cells, raw)
                if issue:
                    irregular[lines[j].number] = f"line {lines[j].number}: {issue}"
            body.append([Cell(text, lines[j].number) for text in cells])
            j += 1
        yield head, body, layout, irregular
        i = j


def _pipe_heading(raw: str) -> str | None:
    """The text of a `|` table's row that holds one cell between its outer pipes
    (`| 一、生态空间 |`): a heading spanning the table, not a number or a value."""
    text = raw.strip()
    if (
        not (LEADING_PIPE.match(text) and TRAILING_PIPE.search(text))
        or len(PIPES.findall(text)) != 2
    ):
        return None
    cell = norm(PIPES.sub("", text).strip())
    if not cell or len(cell) > SETTINGS.heading_chars or parse_seq(cell) is not None:
        return None
    return cell if parse_cell(cell).value_num is None else None


def _tab_cells(raw: str) -> list[str] | None:
    """A line of tab-separated cells (a table copied from a spreadsheet or Word): each tab
    ends a cell, so two tabs in a row hold an empty one and no alignment is guessed."""
    text = raw.strip(" \u3000\r\n")
    return [cell.strip() for cell in text.split("\t")] if text.count("\t") >= 1 else None


def _display_starts(raw: str, cells: list[str]) -> list[int]:
    """Where each cell starts on screen (a CJK character is two columns wide)."""
    starts, at = [], 0
    for cell in cells:
        index = raw.index(cell, at)
        starts.append(_width(raw[:index]))
        at = index + len(cell)
    return starts


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text.expandtabs(4))


def _align(
    header: list[str], header_raw: str, cells: list[str], raw: str
) -> tuple[list[str], str | None]:
    """Cells of an aligned row put under the header column they start nearest to, so that
    an empty cell leaves its column empty instead of shifting the others; two cells under
    one column are kept together and named."""
    columns = _display_starts(header_raw, header)
    out: list[str] = [""] * len(header)
    issue = None
    for cell, start in zip(cells, _display_starts(raw, cells), strict=True):
        k = min(range(len(columns)), key=lambda c: abs(columns[c] - start))
        if out[k]:
            issue = f"cells {out[k]!r} and {cell!r} stand under one column ({header[k]!r})"
        out[k] = f"{out[k]} {cell}".strip()
    return out, issue


# ------------------------------------------------------------ layouts: pipe-marked cells
LEADING_PIPE = re.compile(r"^\s*[|│]\s?")
TRAILING_PIPE = re.compile(r"\s?[|│]\s*$")


def _pipe_streams(doc: Document) -> Iterator[tuple[str, list[Line]]]:
    """Runs of lines where a web page's table became one cell per line with a pipe that
    marks each cell: `| cell` (a lone `|` ends the row) or `cell |` (a lone `|` is an
    empty cell). A line with pipes inside is a delimited row, not a marked cell. The
    short lines just before a run's first mark are its first cell (`指标` / `类别`)."""
    lines = doc.lines
    i = 0
    while i < len(lines):
        if _pipe_mark(lines[i].clean) is None:
            i += 1
            continue
        start = i
        while (
            start > 0
            and not lines[start - 1].blank
            and len(norm(lines[start - 1].clean)) <= SETTINGS.header_cell_chars
            and not PIPES.search(lines[start - 1].clean)
            and i - start < SETTINGS.title_lines
        ):
            start -= 1
        j = i
        while j < len(lines) and not lines[j].blank:
            j += 1
        run = lines[start:j]
        marks = [_pipe_mark(line.clean) for line in run]
        style = "leading" if marks.count("leading") >= marks.count("trailing") else "trailing"
        if sum(mark is not None for mark in marks) >= 2 * SETTINGS.min_header_cells:
            yield style, list(run)
        i = j + 1


def _pipe_mark(raw: str) -> str | None:
    """`leading` for `| cell`, `trailing` for `cell |`, `lone` for `|`, else None."""
    raw = raw.strip()
    if raw in ("|", "│"):
        return "lone"
    if len(PIPES.findall(raw)) != 1:
        return None
    if LEADING_PIPE.match(raw):
        return "leading"
    return "trailing" if TRAILING_PIPE.search(raw) else None


def _pipe_rows(style: str, lines: list[Line]) -> list[list[Cell]]:
    """Rows of pipe-marked cells. `| cell` style: a cell runs on over unmarked lines and
    a lone `|` ends the row. `cell |` style: each marked line ends a cell, and the rows
    are not marked (one list of cells)."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    if style == "trailing":
        pending: Cell | None = None
        for line in lines:
            raw = line.clean.strip()
            text = TRAILING_PIPE.sub("", raw).strip() if raw != "|" else ""
            if pending is not None:
                pending.text += "\n" + text if text else ""
            else:
                pending = Cell(text, line.number)
            if raw.endswith(("|", "│")) or raw == "|":
                row.append(pending)
                pending = None
        return [row + ([pending] if pending is not None else [])]
    for line in lines:
        raw = line.clean.strip()
        if raw in ("|", "│"):
            if row:
                rows.append(row)
            row = []
        elif LEADING_PIPE.match(raw):
            row.append(Cell(LEADING_PIPE.sub("", raw).strip(), line.number))
        elif row:
            row[-1].text += "\n" + raw
        else:
            row.append(Cell(raw, line.number))
    if row:
        rows.append(row)
    return rows


def _pipe_tables(doc: Document) -> Iterator[Candidate]:
    for style, lines in _pipe_streams(doc):
        rows = _pipe_rows(style, lines)
        if style == "trailing":
            cells = rows[0]
            start = next(
                (i for i in range(len(cells)) if is_header(_header_roles(cells, i))),
                None,
            )
            if start is None:
                continue
            width = len(_header_run(cells, start))
            header = cells[start : start + width]
            yield header, _cut_at_bindings(cells[start + width :], header), "pipe", {}
            continue
        for k, row in enumerate(rows):
            if is_header(_roles_of(row)):
                header, body = _merge_subheader(row, rows[k + 1 :])
                yield header, body, "pipe", {}
                break


def _header_run(cells: list[Cell], start: int) -> list[Cell]:
    """The header labels from `start`: short cells of known roles."""
    out = []
    for cell in cells[start:]:
        if (
            len(norm(cell.text)) > SETTINGS.header_cell_chars
            or column_role(cell.text)[0] == "other"
        ):
            break
        out.append(cell)
    return out


def _header_roles(cells: list[Cell], start: int) -> list[tuple[str, int | None]]:
    return _roles_of(_header_run(cells, start))


def _cut_at_bindings(cells: list[Cell], header: list[Cell]) -> list[list[Cell]]:
    """A stream of cells cut into rows: after each binding cell where the header has a
    binding column, else every header-width cells."""
    names = [role for role, _ in _roles_of(header)]
    rows, row = [], []
    for cell in cells:
        if len(norm(cell.text)) > SETTINGS.prose_chars:
            break  # running text again: the table is over
        row.append(cell)
        if ("binding" in names and norm(cell.text) in BINDING) or (
            "binding" not in names and len(row) == len(header)
        ):
            rows.append(row)
            row = []
    return rows + ([row] if row else [])


def _merge_subheader(
    header: list[Cell], rows: list[list[Cell]]
) -> tuple[list[Cell], list[list[Cell]]]:
    """A two-row header (`“十一五”考核指标` over `指标名称 | 考核要求`): the second row's
    labels take the place of the first row's cell that spans them, the one naming the
    same role as one of them."""
    if not rows or len(rows[0]) >= len(header):
        return header, rows
    sub = _roles_of(rows[0])
    if any(role == "other" for role, _ in sub):
        return header, rows
    top = _roles_of(header)
    sub_roles = {role for role, _ in sub}
    at = next((i for i, (role, _) in enumerate(top) if role in sub_roles), None)
    if at is None:
        return header, rows
    return header[:at] + rows[0] + header[at + 1 :], rows[1:]


# ------------------------------------------------------------ layouts: one cell per line
def _stream_tables(doc: Document) -> Iterator[tuple[list[Cell], list[Cell], str]]:
    """Tables printed one cell per line (or glued): a header of known labels, then a
    stream of cells."""
    cells = [Cell(line.clean.strip(), line.number) for line in doc.lines if not line.blank]
    i = 0
    while i < len(cells):
        j = i
        while (
            j < len(cells)
            and len(norm(cells[j].text)) <= SETTINGS.header_cell_chars
            and column_role(cells[j].text)[0] != "other"
        ):
            j += 1
        if j - i >= SETTINGS.min_header_cells and is_header(
            [column_role(cell.text) for cell in cells[i:j]]
        ):
            yield cells[i:j], cells[j:], "line"
            i = j
        i += 1


def _glued_header(text: str) -> tuple[list[str], str] | None:
    """A header written as one word (`序号指标名称单位指标值指标属性`), alone on its line
    or inside a paragraph the page ran together (`…(二)建设指标指标单位指标值指标属性资源
    节约利用1单位GDP能耗…`): its labels and the text after it. The longest run of known
    header words naming no role twice is the header."""
    pattern = _header_word_pattern()
    if len(pattern.findall(text)) < SETTINGS.min_header_cells:
        return None
    best: tuple[list[str], int] | None = None
    for start in range(len(text)):
        out: list[str] = []
        at = start
        while match := pattern.match(text, at):
            word = match.group(0)
            if column_role(word) in (column_role(w) for w in out):
                break
            out.append(word)
            at = match.end()
        if len(out) >= SETTINGS.min_header_cells and (best is None or len(out) > len(best[0])):
            best = (out, at)
    return (best[0], text[best[1] :]) if best else None


@cache
def _header_word_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word, _ in role_words()))


def _glued_tables(doc: Document) -> Iterator[tuple[list[Cell], list[Cell], str]]:
    for k, line in enumerate(doc.lines):
        found = _glued_header(line.clean.strip())
        if found is None or not is_header([column_role(label) for label in found[0]]):
            continue
        labels, rest = found
        head = [Cell(label, line.number) for label in labels]
        stream = [Cell(text, line.number) for text in glued_cells(rest)]
        for later in doc.lines[k + 1 :]:
            if later.blank:
                continue
            stream += [Cell(text, later.number) for text in glued_cells(later.clean)]
        yield head, _split_glued_seqs(stream), "glued"


MID_SEQ = re.compile(
    r"(?<=[\u4e00-\u9fff])(\d{1,2})(?=[\u4e00-\u9fff])|^(\d{1,2})(?=[\u4e00-\u9fff])"
)


def _split_glued_seqs(stream: list[Cell]) -> list[Cell]:
    """Sequence numbers written into the text around them (`资源节约利用1单位GDP能耗`,
    `2单位工业增加值用水量`): a number between Chinese characters is cut out as a cell
    when it is the next number of the list, so that `指数2空气` stays text."""
    out: list[Cell] = []
    last = 0
    for cell in stream:
        if (seq := parse_seq(cell.text)) is not None and int(seq) in (last + 1, 1):
            last = int(seq)
            out.append(cell)
            continue  # (a value of 100 after its unit is not indicator 100)
        text, at = cell.text, 0
        for match in MID_SEQ.finditer(text):
            if int(match.group(0)) != last + 1:
                continue
            out += [Cell(part, cell.line) for part in (text[at : match.start()].strip(),) if part]
            out.append(Cell(match.group(0), cell.line))
            at, last = match.end(), last + 1
        if text[at:].strip():
            out.append(Cell(text[at:].strip(), cell.line))
    return out


@cache
def _glued_token() -> re.Pattern[str]:
    binding = "|".join(sorted(BINDING, key=len, reverse=True))
    return re.compile(
        rf"(?P<binding>{binding})"
        r"|(?P<mark>[(（][一二三四五六七八九十]+[)）])"
        rf"|(?P<region>(?<=[\u4e00-\u9fff])(?:{_REGIONS})(?=[^\u4e00-\u9fff]|$|{unit_pattern()}))"
        r"|(?P<value>(?:[≥≤><＞＜]=?|Δ[A-Za-z]+[≥≤><＞＜]=?)\s*-?\d+(?:[.．]\d+)?[%％]?|\d+(?:[.．]\d+)?[%％])"
        rf"|(?P<unit>(?<=[\u4e00-\u9fff）)])(?:{unit_pattern()})(?=[≥≤><＞＜\d\-/]|$))"
        r"|(?P<blank>(?<=[\u4e00-\u9fff])[/%-](?=[\u4e00-\u9fff≥≤><＞＜]))"  # a unit: /, -, %
        r"|(?P<seq>^\d{1,2}[.、]?(?=[\u4e00-\u9fff]))"
    )


def glued_cells(text: str) -> list[str]:
    """A line whose cells were written together, cut where what a cell holds changes: a
    sequence number before a name, a unit after it, a comparator value, a binding word, a
    task mark. Cells of two names written together stay one cell."""
    text = text.strip()
    cells, at = [], 0
    for match in _glued_token().finditer(text):
        if match.start() > at:
            cells.append(text[at : match.start()])
        cells.append(match.group(0))
        at = match.end()
    if at < len(text):
        cells.append(text[at:])
    return [cell.strip() for cell in cells if cell.strip()]


# --------------------------------------------------------------------------- positional
def _positional_rows(
    roles: list[tuple[str, int | None]], body: list[list[Cell]], irregular: dict[int, str]
) -> list[Row]:
    """Rows of a table whose cells stand in columns. A table with a sequence column
    anchors each row at its number; one without is anchored at its right end, and its
    rows are numbered in print order (a printed `1、` restarts in every domain, and a
    number must name one row of a table)."""
    rows: list[Row] = []
    parent: Row | None = None
    domain = task_group = None
    indicator: Row | None = None  # the last row that is not a region variant
    names = [role for role, _ in roles]
    name_at = names.index("name")
    numbered = "seq" in names
    for k, printed in enumerate(body):
        issue = irregular.get(printed[0].line)
        parent_cell = None
        if len(printed) == 1 and isinstance(printed[0], Heading):  # a row spanning the table
            text = norm(printed[0].text)
            if TASK_MARK.match(text) and domain:  # (一) under 一、: a task group of the domain
                task_group = text
            else:
                domain, task_group = text, None
            continue
        if len(printed) == 1 and len(roles) > 2:
            text = norm(printed[0].text)
            if (
                DOMAIN_CELL.match(text)
                or TASK_MARK.match(text)
                or re.match(r"^[一二三四五六七八九十]+、", text)
            ):
                domain = text  # a heading row spanning the table
                continue
        cells, groups, short = _anchor(printed, names, last=k == len(body) - 1)
        issue = issue or short
        if not cells:
            rows.append(Row(None, printed[0], domain=domain, task_group=task_group, issue=short))
            continue
        if len(groups) == 2:
            domain, task_group = (squash(g.text) for g in groups)
        elif groups:
            task_group = squash(groups[0].text)
        if numbered and len(cells) == len(roles) + 1:  # name split: parent | sub-indicator
            parent_cell, cells = cells[name_at], cells[:name_at] + cells[name_at + 1 :]
        elif len(cells) != len(roles):
            issue = issue or (
                f"line {cells[0].line}: the row has {len(cells)} cells where the header has "
                f"{len(roles)}; cells read by position"
            )
            cells = (cells + [Cell("", cells[-1].line)] * len(roles))[: len(roles)]
        by_role: dict[str, Cell] = {}
        for (role, year), cell in zip(roles, cells, strict=True):
            key = f"{role}:{year}" if year else role
            if key not in by_role or norm(by_role[key].text) in {"", *NOT_APPLICABLE}:
                by_role[key] = cell  # 2020年 `-` beside 〔累计〕 `〔18〕`: the figure printed
        texts = {key: cell.text for key, cell in by_role.items()}
        domain = squash(texts.get("domain", "")) or domain  # an empty cell is merged: carry on
        task_group = squash(texts.get("task_group", "")) or task_group
        if not any(cell.text.strip() for cell in cells):
            continue  # an empty row
        name = by_role["name"]
        if numbered:
            seq_text = texts.get("seq", "").strip()
            seq = parse_seq(seq_text) if seq_text else None
            if seq_text and seq is None:
                issue = (
                    issue or f"line {by_role['seq'].line}: sequence number {seq_text!r} not read"
                )
        else:
            seq = str(sum(r.region is None for r in rows) + 1)  # a region row is no indicator
            name = Cell(LEADING_SEQ.sub("", name.text), name.line)
        row = _row_of(by_role, seq, name, domain, task_group, issue)
        region = norm(squash(name.text))
        if indicator is not None and (not numbered or seq is None) and REGION_CELL.match(region):
            # a terrain/region sub-row (山区, 东部地区) with no number: a region variant of
            # the indicator above, its empty cells merged from the indicator's row
            row.seq, row.name, row.region = indicator.seq, indicator.name, region
            row.parent_name, row.sub_index = indicator.parent_name, indicator.sub_index
            _inherit(row, indicator)
            rows.append(row)
            continue
        if not numbered or seq or parent is None:  # a new indicator
            if numbered and seq is None:
                row.issue = row.issue or f"line {name.line}: a table row with no sequence number"
            parent = row
            if parent_cell is not None:  # a sub-indicator column makes it sub-row 1
                row.parent_name, row.sub_index = _parent_name(parent_cell.text), 1
            rows.append(row)
            indicator = row
            continue
        if parent.sub_index == 0:  # the parent printed its name alone: it is sub-row 1's parent
            parent.parent_name, parent.sub_index = _parent_name(parent.name.text), 1
        row.seq, row.parent_name = parent.seq, parent.parent_name
        row.sub_index = rows[-1].sub_index + 1  # sub-rows follow their parent in print order
        _inherit(row, parent)
        rows.append(row)
        indicator = row
    return rows


LEADING_SEQ = re.compile(r"^\s*(?:\d{1,3}[.、．]|[(（]\d{1,3}[)）])\s*")


def _anchor(
    cells: list[Cell], names: list[str], last: bool
) -> tuple[list[Cell], list[Cell], str | None]:
    """A row's cells put under their columns, the group labels printed before them (cells
    merged down from a heading column the header does not name), and, for the table's
    last row when it stops short, that it is cut off. A row anchors at its sequence
    number where the header has a sequence column: cells missing before it are merged
    with the row above (a domain printed once for its rows). Without one it anchors at
    its right end."""
    width = len(names)
    if "seq" in names:
        seq_at = names.index("seq")
        found = next(
            (i for i, cell in enumerate(cells[: seq_at + 2]) if parse_seq(cell.text)), None
        )
        if found is None or found == seq_at:
            return cells, [], None
        if found < seq_at:
            cells = [Cell("", cells[0].line)] * (seq_at - found) + cells
            cut = last and len(cells) < width
            return cells, [], _cut(cells) if cut else None
        return _leading_groups(cells, found - seq_at)
    if len(cells) > width:
        return _leading_groups(cells, len(cells) - width)
    if len(cells) < width and not last:
        return [Cell("", cells[0].line)] * (width - len(cells)) + cells, [], None
    if len(cells) < width:  # cut off, and nothing tells which columns its cells are in
        return [], [], _cut(cells) + f"; its cells {[squash(c.text) for c in cells]} are not read"
    return cells, [], None


def _leading_groups(cells: list[Cell], extra: int) -> tuple[list[Cell], list[Cell], str | None]:
    """The `extra` cells before a row's columns are its group labels (domain, task group);
    more than two are named, not read."""
    issue = None
    if extra > 2:
        dropped = [squash(c.text) for c in cells[: extra - 2]]
        issue = f"line {cells[0].line}: cells {dropped} before the row's columns are not read"
    return cells[extra:], cells[:extra][-2:], issue


def _cut(cells: list[Cell]) -> str:
    return (
        f"line {cells[-1].line}: the row stops after {sum(bool(c.text) for c in cells)} "
        "cells: the table ends inside it (cut off)"
    )


def _parent_name(text: str) -> str:
    return squash(text).rstrip("：:")


def _inherit(row: Row, parent: Row) -> None:
    """Empty cells of a sub-row are merged cells: they take the parent row's value."""
    for key, cell in parent.cells.items():
        if key not in row.cells or not row.cells[key].text.strip():
            row.cells[key] = cell
            row.inherited.add(key)
    if not (row.binding or "").strip():
        row.binding = parent.binding
    if not (row.unit or "").strip():
        row.unit = parent.unit


# ------------------------------------------------------------------------------ streams
def _stream_rows(
    roles: list[tuple[str, int | None]], cells: list[Cell], issues: list[Issue]
) -> tuple[list[Row], int]:
    """Rows of a cell stream: each starts at its sequence number and ends at its binding
    cell (or, with no binding column, before the next sequence number)."""
    names = {role for role, _ in roles}
    has_binding, has_lead = "binding" in names, "lead_department" in names
    columns = _stream_columns(roles)
    rows: list[Row] = []
    domain = task_group = None
    since = 0  # rows before the domain heading last read: numbering restarts in a domain
    pending_mark = False
    i = 0
    end = cells[0].line if cells else 0
    while i < len(cells):
        text = norm(cells[i].text)
        if len(text) > SETTINGS.prose_chars or text.startswith(("注", "【")):
            break  # running text or page chrome (【关闭本页】) again: the table is over
        last = int(rows[-1].seq) if len(rows) > since and rows[-1].seq else 0
        seq = _row_seq(cells, i, last) if rows else parse_seq(text)
        if seq is not None:  # between rows, a sequence number starts the next one
            row_cells, i, issue = _take_row(cells, i, seq, has_binding, len(columns))
            fitted, missing = _fit_to_columns(columns, row_cells) if not issue else (None, [])
            in_columns = fitted is not None
            if fitted is not None:  # a cell under each column, `/` and `-` included
                new_rows = [_stream_row_in_columns(columns, fitted, domain, task_group)]
                if missing:  # an empty cell prints no line: where it stood is a guess
                    new_rows[0].issue = (
                        f"line {row_cells[0].line}: indicator {seq} prints {len(row_cells)} "
                        f"cells where the header has {len(columns)} from its number on; read "
                        f"with the {', '.join(missing)} cell empty"
                    )
            else:
                new_rows = _split_stream_row(row_cells, domain, task_group, has_binding)
                if columns and not issue and new_rows:
                    new_rows[0].issue = new_rows[0].issue or (
                        f"line {row_cells[0].line}: indicator {seq} prints {len(row_cells)} "
                        f"cells where the header has {len(columns)} from its number on; its "
                        "cells are told apart by what they hold"
                    )
            leads = []  # lead departments after the binding cell (in a row's columns without)
            while has_lead and (has_binding or not in_columns) and i < len(cells) and not issue:
                nxt = norm(cells[i].text)
                if parse_seq(nxt) is not None or _starts_next(nxt, last_seq=int(seq)):
                    break
                leads.append(cells[i].text)
                i += 1
            for row in new_rows:
                row.lead_department = "、".join(leads) or row.lead_department
                row.issue = issue or row.issue  # a row cut off says so first
            rows += new_rows
            end = cells[i - 1].line
            pending_mark = False
            continue
        ahead: list[Cell] = []
        numbered_next = False
        if not (DOMAIN_CELL.match(text) or TASK_MARK.match(text) or pending_mark):
            ahead, numbered_next = _before_next_seq(cells, i, last)
        if DOMAIN_CELL.match(text):
            domain, since = text, len(rows)
        elif TASK_MARK.match(text):
            task_group, pending_mark = text, TASK_MARK.sub("", text) == ""
        elif pending_mark:  # `(三)` printed on its own line, its name on the next
            task_group, pending_mark = (task_group or "") + text, False
        elif rows and has_binding and any(norm(c.text) in BINDING for c in ahead):
            # a row with no number of its own, ended by its binding cell: a sub-indicator
            end_at = next(k for k, c in enumerate(ahead) if norm(c.text) in BINDING)
            parent = rows[-1]
            seq_cell = Cell(parent.seq or "", cells[i].line)
            for row in _split_stream_row(
                [seq_cell, *ahead[: end_at + 1]], domain, task_group, True
            ):
                if parent.sub_index == 0:
                    parent.parent_name, parent.sub_index = _parent_name(parent.name.text), 1
                row.parent_name, row.sub_index = parent.parent_name, rows[-1].sub_index + 1
                rows.append(row)
            i += end_at + 1
            end = cells[i - 1].line
            continue
        elif numbered_next and _is_heading(ahead):
            domain = "".join(norm(c.text) for c in ahead)  # 资源节约利用 / 环境 经济, then 1
            since = len(rows)
            i += len(ahead)
            continue
        elif rows:
            issues.append(
                Issue(cells[i].line, f"line {cells[i].line}: cell {text!r} outside any row")
            )
        i += 1
    return rows, end


def _is_heading(cells: list[Cell]) -> bool:
    """Short text cells just before a numbered row: a domain heading, printed on one line
    (资源节约利用) or a few (环境 / 经济)."""
    texts = [norm(c.text) for c in cells]
    return (
        0 < len(texts) <= 3
        and sum(map(len, texts)) <= SETTINGS.header_cell_chars
        and all(parse_cell(t).value_num is None and t not in BINDING for t in texts)
    )


def _row_seq(cells: list[Cell], k: int, last: int) -> str | None:
    """Cell `k` as the number starting a row after row `last`: a larger number, and not a
    value just after its unit (`%`, `100`)."""
    seq = parse_seq(norm(cells[k].text))
    if seq is None or int(seq) <= last or (k and UNIT_CELL.match(norm(cells[k - 1].text))):
        return None
    return seq


def _before_next_seq(cells: list[Cell], i: int, last: int) -> tuple[list[Cell], bool]:
    """The cells from `i` up to the next row's sequence number, and whether one follows."""
    for k in range(i, len(cells)):
        if _row_seq(cells, k, last) is not None:
            return cells[i:k], True
    return cells[i:], False


def _starts_next(text: str, last_seq: int) -> bool:
    seq = parse_seq(text)
    return (
        (seq is not None and int(seq) == last_seq + 1)
        or DOMAIN_CELL.match(text) is not None
        or TASK_MARK.match(text) is not None
        or len(text) > SETTINGS.prose_chars
        or text.startswith(("注", "【"))
    )


def _take_row(
    cells: list[Cell], i: int, seq: str, has_binding: bool, width: int = 0
) -> tuple[list[Cell], int, str | None]:
    """The cells of the row starting at `i`, the index after it, and what was irregular.
    Where the header gives a row's `width` (its columns from the number on), a row that
    fills them, ending where the next row starts (at its binding cell, with a binding
    column), is taken whole, so that a value like the next number (`5` after `4`) stays in
    its row."""
    start = i
    if width and _fills_columns(cells, start, seq, has_binding, width):
        return cells[start : start + width], start + width, None
    i += 1
    while i < len(cells):
        text = norm(cells[i].text)
        if has_binding and text in BINDING:
            return cells[start : i + 1], i + 1, None
        if _starts_next(text, int(seq)):
            break
        i += 1
    where = cells[start].line
    if i == len(cells):
        issue = f"line {where}: indicator {seq} is cut off (the table ends inside its row)"
    elif has_binding:
        issue = f"line {where}: indicator {seq} has no binding cell"
    else:
        issue = None
    return cells[start:i], i, issue


def _fills_columns(cells: list[Cell], start: int, seq: str, has_binding: bool, width: int) -> bool:
    """Whether the `width` cells from `start` are one row: no heading or running text
    inside, its binding cell last (and none before) with a binding column, else the next
    row, a heading or the table's end just after."""
    if start + width > len(cells):
        return False
    inside = [norm(cell.text) for cell in cells[start + 1 : start + width]]
    if any(
        DOMAIN_CELL.match(text) or len(text) > SETTINGS.prose_chars or text.startswith("注")
        for text in inside
    ):
        return False
    if has_binding:
        return inside[-1] in BINDING and not any(text in BINDING for text in inside[:-1])
    after = norm(cells[start + width].text) if start + width < len(cells) else None
    return after is None or parse_seq(after) == "1" or _starts_next(after, int(seq))


def _stream_columns(roles: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """The columns of a stream row, from its number to its binding cell (to the header's
    end without a binding column), where the header prints more than one value column
    (标准值 / 现状值 / 达标情况 / 2025年目标): what the cells hold cannot tell those apart,
    their places can. The columns before the number are printed once (领域). Empty where
    cells are told apart by what they hold (one value column, or no number)."""
    names = [role for role, _ in roles]
    values = [role for role in names if role in VALUE_ROLES or role in {"status", "target"}]
    if "seq" not in names or "name" not in names or len(values) < 2:
        return []
    start = names.index("seq")
    stop = names.index("binding") + 1 if "binding" in names else len(names)
    return roles[start:stop] if names.index("name") < stop and start < stop else []


def _fit_to_columns(
    columns: list[tuple[str, int | None]], cells: list[Cell]
) -> tuple[list[Cell] | None, list[str]]:
    """A stream row's cells under its columns, and the columns taken to be empty. A row
    of the header's width fits as printed. A row short of a cell or two (an empty cell
    prints no line) fits with empty cells where its cells then best fit their columns (a
    unit under 单位, 达标 under 达标情况), the later columns on a tie. None where it does
    not fit: more cells than columns, or too few."""
    width, short = len(columns), len(columns) - len(cells)
    if not columns or short < 0 or short > SETTINGS.stream_missing_cells:
        return None, []
    if short == 0:
        return cells, []
    names = [role for role, _ in columns]
    slots = [k for k, role in enumerate(names) if role not in {"seq", "name", "binding"}]
    if len(cells) < width - len(slots):
        return None, []
    best: tuple[int, list[Cell], tuple[int, ...]] | None = None
    for empty in reversed(list(combinations(slots, short))):
        it = iter(cells)
        placed = [Cell("", cells[0].line) if k in empty else next(it) for k in range(width)]
        score = sum(_fits_column(role, norm(c.text)) for role, c in zip(names, placed, strict=True))
        if best is None or score > best[0]:
            best = (score, placed, empty)
    assert best is not None
    labels = [f"{names[k]}:{columns[k][1]}" if columns[k][1] else names[k] for k in best[2]]
    return best[1], labels


def _fits_column(role: str, text: str) -> bool:
    """Whether a cell's text is what a column of this role holds, where that can be told."""
    if role == "unit":
        return text in NO_UNIT or UNIT_CELL.match(text) is not None or text in units()
    if role == "verdict":
        return not text or text in VERDICTS or text in NOT_APPLICABLE
    if role == "binding":
        return text in BINDING
    if role == "seq":
        return parse_seq(text) is not None
    return text not in VERDICTS and text not in BINDING


def _stream_row_in_columns(
    columns: list[tuple[str, int | None]], cells: list[Cell], domain, task_group
) -> Row:
    """A stream row with a cell under each of its columns, read by place like a
    positional row: `/`, `-` and units the reader does not know (万亩, 处) included."""
    by_role: dict[str, Cell] = {}
    for (role, year), cell in zip(columns, cells, strict=True):
        by_role.setdefault(f"{role}:{year}" if year else role, cell)
    return _row_of(by_role, parse_seq(by_role["seq"].text), by_role["name"], domain, task_group)


def _row_of(
    by_role: dict[str, Cell], seq: str | None, name: Cell, domain, task_group, issue=None
) -> Row:
    """A row from its cells by column role: the value cells (a role, or a role and year)
    and the row's own attributes."""
    return Row(
        seq=seq,
        name=name,
        domain=domain,
        task_group=task_group,
        unit=by_role["unit"].text if "unit" in by_role else None,
        binding=by_role["binding"].text if "binding" in by_role else None,
        lead_department=by_role["lead_department"].text if "lead_department" in by_role else None,
        cells={k: v for k, v in by_role.items() if k in VALUE_ROLES or ":" in k},
        issue=issue,
    )


def _split_stream_row(cells: list[Cell], domain, task_group, has_binding: bool) -> list[Row]:
    """Tell apart the cells between seq and binding: names, regions, units, values,
    conditions. A row of several regions (山区 / 丘陵区 / 平原地区) with as many values
    becomes one row per region."""
    seq_cell, *rest = cells
    binding = rest.pop() if rest and norm(rest[-1].text) in BINDING else None
    name = rest.pop(0) if rest else Cell("", seq_cell.line)
    subs: list[Cell] = []
    regions: list[Cell] = []
    units: list[Cell] = []
    values: list[Cell] = []
    conditions: list[Cell] = []
    for cell in rest:
        text = norm(cell.text)
        if REGION_CELL.match(text):
            regions.append(cell)
        elif UNIT_CELL.match(text):
            units.append(cell)
        elif CONDITION_CELL.search(text):
            conditions.append(cell)
        elif units or parse_cell(text).value_num is not None:
            values.append(cell)
        elif CHANGE_FRAGMENT.match(text) and subs:
            subs[-1] = Cell(subs[-1].text + "\n" + cell.text, subs[-1].line)  # a wrapped name
        else:
            subs.append(cell)
    if not values and conditions:  # `用水总量不超过控制目标值` printed before `≤50`
        values, conditions = conditions, []
    if not values and len(subs) > 1 and binding is not None:  # a value in words, last
        values = [subs.pop()]  # before the binding cell, where the standard column is
    if conditions and values:  # a level and its condition, joined in print order
        joined = sorted([values[0], *conditions], key=lambda cell: cell.line)
        values[0] = Cell("\n".join(c.text for c in joined), joined[0].line)
    issue = None
    if not values:
        issue = f"line {seq_cell.line}: indicator {norm(seq_cell.text)} has no value cell"
        values = [Cell("", seq_cell.line)] if not subs else []
    real_units = [u.text for u in units if u.text not in {"/", "-"}]
    seq = parse_seq(seq_cell.text)
    base = {
        "seq": seq,
        "domain": domain,
        "task_group": task_group,
        "binding": binding.text if binding else None,
        "issue": issue,
    }
    variants = regions + subs
    if len(regions) > 1 and len(values) == len(variants):  # one value per region variant
        rows = [
            Row(
                name=name,
                region=norm(region.text),
                unit=real_units[0] if real_units else None,
                cells={"standard": value},
                **base,
            )
            for region, value in zip(regions, values, strict=False)
        ]
        for k, (sub, value) in enumerate(zip(subs, values[len(regions) :], strict=True)):
            rows.append(  # a variant with a name of its own (高寒区或草原区林草覆盖率)
                Row(
                    name=sub,
                    parent_name=_parent_name(name.text),
                    sub_index=k + 1,
                    unit=real_units[0] if real_units else None,
                    cells={"standard": value},
                    **base,
                )
            )
        return rows
    region = norm(regions[-1].text) if regions else None
    own = [parse_cell(norm(v.text)).region_variant for v in values]
    if not subs and not regions and len(values) > 1 and all(own):  # 山区≥60 / 丘陵区≥40
        return [
            Row(
                name=name,
                region=region,
                unit=real_units[0] if real_units else None,
                cells={"standard": value},
                **base,
            )
            for region, value in zip(own, values, strict=True)
        ]
    if not subs and not regions and len(values) > 1:  # names written together, a value each
        parts = NAME_END.findall(squash(name.text))
        if len(parts) == len(values) + 1:  # the parent's name, then its sub-indicators'
            name, subs = Cell(parts[0], name.line), [Cell(p, name.line) for p in parts[1:]]
        else:
            base["issue"] = base["issue"] or (
                f"line {seq_cell.line}: indicator {seq} prints {len(values)} values for one "
                f"name; only the first ({squash(values[0].text)!r}) is read"
            )
    if not subs:
        row = Row(name=name, region=region, unit=real_units[0] if real_units else None, **base)
        if values and values[0].text:
            row.cells["standard"] = values[0]
        return [row]
    rows = []
    for k, sub in enumerate(subs):
        unit = units[k].text if len(units) == len(subs) else (real_units[0] if real_units else None)
        standard = values[k] if len(values) == len(subs) else (values[0] if values else None)
        row = Row(
            name=sub,
            parent_name=_parent_name(name.text),
            sub_index=k + 1,
            region=region,
            unit=None if unit in {"/", "-"} else unit,
            cells={"standard": standard} if standard is not None else {},
            **base,
        )
        if len(values) != len(subs) and k > 0 and standard is not None:
            row.inherited.add("standard")
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------- the reader
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


def _roles_of(header: list[Cell]) -> list[tuple[str, int | None]]:
    return resolve_years([column_role(cell.text) for cell in header])


def _fill_unknown_roles(
    roles: list[tuple[str, int | None]], header: list[Cell], body: list[list[Cell]], issues
) -> list[tuple[str, int | None]]:
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


def read_tables(doc: Document) -> list[Table]:
    """Every indicator table of a document, in any layout, with what could not be read."""
    tables: dict[int, Table] = {}
    for header, body, layout, irregular in [
        *_indent_tables(doc),
        *_delimited_tables(doc),
        *_pipe_tables(doc),
    ]:
        roles = _roles_of(header)
        if not is_header(roles) or header[0].line in tables:
            continue
        issues: list[Issue] = []
        roles = _fill_unknown_roles(roles, header, body, issues)
        rows = _positional_rows(roles, body, irregular) if body else []
        last = body[-1][-1] if body else header[-1]
        end = last.line + last.text.count("\n")  # a last cell over several lines ends below
        tables[header[0].line] = _table(doc, header, roles, rows, end, layout, issues)
    for header, stream, layout in [*_stream_tables(doc), *_glued_tables(doc)]:
        if header[0].line in tables or any(
            t.header_line <= header[0].line <= t.end_line for t in tables.values()
        ):
            continue
        roles = _roles_of(header)
        issues = []
        rows, end = _stream_rows(roles, stream, issues) if stream else ([], header[-1].line)
        tables[header[0].line] = _table(doc, header, roles, rows, end, layout, issues)
    return [tables[line] for line in sorted(tables)]


def _table(doc, header, roles, rows, end, layout, issues) -> Table:
    label, title = _title_before(doc, header[0].line)
    names = {role for role, _ in roles}
    if layout == "glued":
        issues.append(
            Issue(
                header[0].line,
                f"line {header[0].line}: the table's cells are written together; its rows are "
                "cut by what the cells hold, and two names written together stay one name",
            )
        )
    if "standard" not in names:
        issues.append(
            Issue(
                header[0].line,
                f"line {header[0].line}: the table prints no standard (指标值) column",
            )
        )
    if rows and not names & {"standard", "status", "target"}:
        issues.append(
            Issue(
                header[0].line,
                f"line {header[0].line}: the table prints no value column: its {len(rows)} "
                "rows are read, none lands a value",
            )
        )
    if not rows:
        issues.append(
            Issue(header[0].line, f"line {header[0].line}: a table header with no rows after it")
        )
    for row in rows:
        if row.issue and all(row.issue != issue.message for issue in issues):
            issues.append(Issue(row.name.line, row.issue))
    return Table(
        label,
        title,
        header[0].line,
        roles,
        rows,
        end,
        _footnote_after(doc, end),
        layout,
        issues,
    )


# ------------------------------------------------------------------------------ to facts
UNREGISTERED = "unregistered"  # a list seeds/frameworks.csv does not hold (quarantined)


@cache
def provincial_frameworks() -> dict[str, str]:
    """Province -> its provincial framework (seeds/frameworks.csv: the issuer's province)."""
    with open(SEEDS_DIR / "frameworks.csv", encoding="utf-8") as handle:
        return {
            match.group(0): row["framework_id"]
            for row in csv.DictReader(handle)
            if row["kind"] == "provincial"
            and (match := re.match(r"^.+?(?:省|自治区|市)", row["issuer_zh"]))
        }


def framework_for_table(
    table: Table, doc: Document, province: str | None = None, by_province: bool = False
) -> str | None:
    """Which indicator system a table's words say it prints. A provincial list (its title
    says 省级 or names a province, or a province issues the document) is the framework
    seeds/frameworks.csv holds for that province (the document's own when the title names
    none): `unregistered` when it holds none. A national list where the title or the text
    names one (the trial version where it cites 指标（试行）). None where nothing says."""
    title = norm(table.title) or _document_title(doc)  # a header on the first line
    named = [p for p in _province_names() if p in title]
    if "省级" in title or named or by_province:
        return provincial_frameworks().get(named[0] if named else province or "", UNREGISTERED)
    text = norm(doc.text)
    if re.search(r"指标\s*[(（]试行[)）]", text):
        return "national_trial"
    if re.search(r"(?:国家|示范[区县市]).{0,12}(?:建设)?指标", f"{title}{text}"):
        return "national_revised"
    return None


@cache
def assessed_versions() -> dict[str, str]:
    """Framework -> the version its documents are assessed under (framework_versions.csv)."""
    with open(SEEDS_DIR / "framework_versions.csv", encoding="utf-8") as handle:
        return {
            row["framework_id"]: row["version_id"]
            for row in csv.DictReader(handle)
            if row["is_assessed"] == "true"
        }


def map_rows(table: Table, framework: str | None) -> tuple[str, list[concepts.Match]]:
    """The concept of every row by its name, and the table's framework: the one its words
    name, else the assessed version whose own numbering its names agree with, else the
    district's own list (`local_plan`). A table of a district (status or targets) naming a
    list seeds/frameworks.csv does not hold is the district's own, with a warning."""
    rows = [
        concepts.Row(
            r.seq,
            r.sub_index,
            squash(r.name.text),
            r.parent_name,
            _unit(r.unit, None, squash(r.name.text)),
            r.name.line,
        )
        for r in table.rows
    ]
    roles = {role for role, _ in table.roles}
    if framework == UNREGISTERED and roles & {"status", "target"}:
        table.issues.append(
            Issue(
                table.header_line,
                f"line {table.header_line}: the table names a provincial list that "
                "seeds/frameworks.csv does not hold: read as the district's own list, its rows "
                "mapped by name and compared with the lists that apply",
            )
        )
        framework = None
    if framework is None:
        first = [concepts.match_name(r.name, r.parent, r.unit) for r in rows]
        framework = next(
            (f for f, v in assessed_versions().items() if concepts.is_own_list(rows, first, v)),
            "local_plan",
        )
    matches, warnings = concepts.match_table(rows, assessed_versions().get(framework))
    table.issues.extend(Issue(line, text) for line, text in warnings)
    return framework, matches


def _document_title(doc: Document) -> str:
    """The head of the document's first line: its title, where a page ran the title into
    the text after it (`浙江省省级…指标(试行)一、…`)."""
    first = next((line for line in doc.lines if not line.blank), None)
    return norm(first.clean)[:80] if first else ""


@cache
def _province_names() -> tuple[str, ...]:
    from ecobench.ingest.districts import divisions

    return tuple(d.name_zh for d in divisions() if d.level == "province")


def footnote_years(table: Table) -> dict[tuple[str, str | None], int]:
    """`注：…指标9、20（秸秆综合利用率）采用2021年数据` -> {(9, None): 2021, (20, 秸秆…): 2021}."""
    if table.footnote is None:
        return {}
    match = FOOTNOTE_YEAR.search(norm(table.footnote.clean))
    if not match:
        return {}
    year = int(match["year"])
    return {(m["seq"], m["sub"]): year for m in FOOTNOTE_ITEM.finditer(match["items"])}


def facts(
    table: Table, doc: Document, province: str | None = None, by_province: bool = False
) -> list[IndicatorValue]:
    framework, matches = map_rows(table, framework_for_table(table, doc, province, by_province))
    status_years = footnote_years(table)
    out: list[IndicatorValue] = []
    for row, found in zip(table.rows, matches, strict=True):
        name = squash(row.name.text)
        verdict = row.cells.get("verdict")
        for key, cell in row.cells.items():
            if key == "verdict" or not cell.text.strip():
                continue
            measure, _, year = key.partition(":")
            parsed = parse_cell(cell.text)
            period = int(year) if year else None
            note = None
            if measure == "status":
                seq = row.seq or ""
                footnoted = status_years.get((seq, None)) or status_years.get((seq, name))
                if footnoted and table.footnote:
                    period, note = footnoted, table.footnote.clean.strip()
            out.append(
                IndicatorValue(
                    source_file=doc.source_file,
                    source_line=cell.line,
                    framework_id=framework,
                    measure=measure,
                    value_raw=cell.text,
                    indicator_name_zh=name,
                    table_label=table.label,
                    indicator_seq=row.seq,
                    sub_index=row.sub_index,
                    parent_name_zh=row.parent_name,
                    domain_zh=row.domain,
                    task_group_zh=row.task_group,
                    region_variant=row.region or parsed.region_variant,
                    period_year=period,
                    value_num=parsed.value_num,
                    comparator=parsed.comparator,
                    unit=_unit(row.unit, parsed.unit_in_value, name),
                    compliance_reported=_verdict(verdict) if measure == "status" else None,
                    compliance_reported_raw=(
                        verdict.text
                        if verdict and measure == "status" and _verdict(verdict)
                        else None
                    ),
                    binding=BINDING.get(norm(row.binding or "")),
                    binding_raw=row.binding if BINDING.get(norm(row.binding or "")) else None,
                    lead_department=row.lead_department,
                    is_inherited=key in row.inherited,
                    is_change=parsed.is_change or found.name_is_change,
                    note=note,
                    parse_issue=row.issue,
                    concept_id=found.concept_id,
                    definition_id=found.definition_id,
                    mapped_by=found.mapped_by,
                    match_score=found.score,
                    match_candidate=found.candidate,
                )
            )
    return out


def _unit(column_unit: str | None, in_value: str | None, name: str = "") -> str | None:
    """The unit column's, else the value's (`97%以上`), else the name's (`比例(%)`)."""
    unit = norm(column_unit or "")
    if unit not in NO_UNIT:
        return unit
    if in_value:
        return in_value
    match = NAME_UNIT.search(norm(name))
    return match.group(1) if match and match.group(1) in units() else None


NAME_UNIT = re.compile(r"[(（]([^()（）]{1,8})[)）]$")


def _verdict(cell: Cell | None) -> str | None:
    return VERDICTS.get(norm(cell.text)) if cell else None
