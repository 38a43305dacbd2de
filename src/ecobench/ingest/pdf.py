"""PDF: a document's pages in reading order, its tables from the page's ruling lines
(pdfplumber's table finder), rendered into the one row model (`blocks.py`)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ecobench.ingest.blocks import Block, table_block
from ecobench.ingest.text import ParseError


def pdf_blocks(raw: bytes, source_file: str) -> list[Block]:
    """The pages of a PDF in reading order: its tables from the page's ruling lines
    (pdfplumber's table finder), a cell merged down left empty and one merged across no
    cell, as in a web page; the text outside the tables a line each, top to bottom. A
    table that runs on to the next page is one table (a header it repeats there is
    dropped), and the row the page break cuts, unruled at the foot of one page and the
    head of the next, is put together again, each character in the column it stands in.
    A paragraph the page wraps (a line running to the right edge, the next close below
    it) is one line again, at the location of its first."""
    at = _Reading()
    with _open(raw, source_file) as pdf:
        for page in pdf.pages:
            placed = _placed(page)
            right = max((i["x1"] for _, i in placed if isinstance(i, dict)), default=0)
            at.full, at.n_lines, at.seen = None, 0, False
            for k, (_, item) in enumerate(placed):
                if isinstance(item, dict):  # a line of text
                    _text_line(at, page, item, placed[k:], right)
                else:
                    _table(at, page, item)
            if not at.seen:
                at.running = None
    at.flush_cut()
    return at.blocks


def _open(raw: bytes, source_file: str) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:
        raise ParseError(
            source_file,
            None,
            f"not a readable .pdf file ({exc})",
            f"无法作为 .pdf 文件读取（{exc}）",
        ) from exc


def _placed(page: Any) -> list[tuple[float, Any]]:
    """A page's tables and the lines of text outside them, top to bottom. A line in no
    cell of a table (the part of a row a page break cut, whose cells the finder cannot
    close) is read as a line, never dropped."""
    tables = page.find_tables()
    cells = [cell for t in tables for row in t.rows for cell in row.cells if cell]
    placed = [(t.bbox[1], t) for t in tables] + [
        (line["top"], line)
        for line in page.extract_text_lines()
        if line["text"].strip() and not any(_inside(line, cell) for cell in cells)
    ]
    placed.sort(key=lambda item: item[0])
    return placed


def _text_line(at: _Reading, page: Any, item: dict, rest: list, right: float) -> None:
    """A line of text: part of a row a page break cuts, a paragraph's wrapped line, or a
    line of its own."""
    at.n_lines += 1
    where = f"page {page.page_number}, line {at.n_lines}"
    at_foot = at.seen and all(isinstance(i, dict) for _, i in rest)
    if at.running and (at_foot or not at.seen) and _in_columns(item, at.running.columns):
        at.cut.append(({**item, "page": page}, where))
        return
    at.flush_cut()
    blocks = at.blocks
    if (
        at.full is not None
        and not at.cut
        and blocks
        and blocks[-1][0] == "text"
        and _follows(at.full, item)
    ):
        text, first = blocks[-1][1]  # a paragraph the page wrapped: one line
        blocks[-1] = ("text", (text + item["text"].strip(), first))
    else:
        blocks.append(("text", (item["text"].strip(), where)))
    at.full = item if _runs_to(item, right) else None
    at.cut, at.running = [], None


def _table(at: _Reading, page: Any, item: Any) -> None:
    """A table: a new one, or the last page's running on (its header printed again
    dropped, the row the break cut put together)."""
    at.full = None
    grid = _pdf_grid(item)
    where = f"page {page.page_number}, "
    running = at.running
    if running is not None and not at.seen:  # the last page's table runs on
        if grid and grid[0] == running.header:
            grid = grid[1:]  # its header printed again
        if at.cut:
            split = f"page {page.page_number - 1}-{page.page_number}, "
            running.rows.append(_row_of(at.cut, running.columns, split, running.k))
        running.rows += table_block(grid, running.k, where)[1]
    else:
        at.flush_cut()
        at.n_tables += 1
        block = table_block(grid, at.n_tables, where)
        at.blocks.append(block)
        running = at.running = _Running(block[1], grid[0] if grid else [], at.n_tables)
    running.columns = [column.bbox for column in item.columns]
    at.cut, at.seen = [], True


@dataclass
class _Running:
    rows: list
    header: list
    k: int
    columns: list = field(default_factory=list)


@dataclass
class _Reading:
    """Where the reading of a PDF stands: the blocks so far, the table the last page ended
    with, the lines of the row a page break cuts (with locations), and on this page the
    last line when it ran to the right edge (wrapped), the lines and whether a table was
    seen."""

    blocks: list[Block] = field(default_factory=list)
    running: _Running | None = None
    cut: list[tuple[dict, str]] = field(default_factory=list)
    n_tables: int = 0
    full: dict | None = None
    n_lines: int = 0
    seen: bool = False

    def flush_cut(self) -> None:
        """The lines of a cut row that no table took, read as lines."""
        self.blocks += [("text", (line["text"].strip(), w)) for line, w in self.cut]


def _runs_to(line: dict, right: float) -> bool:
    """A line that ends within two characters (of its font size) of the text's right edge
    wraps on."""
    size = max((c.get("size", 0) for c in line["chars"]), default=0)
    return line["x1"] >= right - 2 * size


def _follows(above: dict, line: dict) -> bool:
    """The next line of the same paragraph: no more than the leading between them (a new
    paragraph has its margin above it)."""
    size = max((c.get("size", 0) for c in above["chars"]), default=0)
    return line["top"] - above["bottom"] < 0.6 * size


def _in_columns(line: dict, columns: list[tuple]) -> bool:
    return bool(columns) and line["x0"] >= columns[0][0] - 2 and line["x1"] <= columns[-1][2] + 2


def _row_of(
    lines: list[tuple[dict, str]], columns: list[tuple], at: str, k: int
) -> list[tuple[str, str]]:
    """A row from unruled lines (the part of a row a page break cut off the table the finder
    saw): each character in the column whose bounds hold it; where no vertical rule of a
    line's page crosses it between two columns, the cell to the left runs over both (one
    cell, as the finder gives a merged cell)."""
    cells: list[list[list[dict]]] = [[] for _ in columns]
    ruled = {0}
    for line, _ in lines:
        parts: list[list[dict]] = [[] for _ in columns]
        for char in line["chars"]:
            middle = (char["x0"] + char["x1"]) / 2
            c = next((i for i, b in enumerate(columns) if b[0] <= middle <= b[2]), None)
            if c is not None:
                parts[c].append(char)
        for c, part in enumerate(parts):
            if "".join(char["text"] for char in part).strip():
                cells[c].append(part)
        middle = (line["top"] + line["bottom"]) / 2
        ruled |= {
            c
            for c in range(1, len(columns))
            for edge in line["page"].vertical_edges
            if abs(edge["x0"] - columns[c][0]) <= 1.5 and edge["top"] <= middle <= edge["bottom"]
        }
    row: list[tuple[str, str]] = []
    for c, cell in enumerate(cells):
        text = _join(cell, columns[c][0], columns[c][2])
        if c not in ruled and row:
            row[-1] = (row[-1][0] + text, row[-1][1])
        else:
            row.append((text, f"{at}table {k}, split row, column {len(row) + 1}"))
    return row


def _inside(line: dict, bbox: tuple[float, float, float, float]) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    return bbox[1] <= middle <= bbox[3] and line["x0"] < bbox[2] and line["x1"] > bbox[0]


def _unwrap(text: str) -> str:
    """Lines a column wrapped, as one."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        out = _glue(out, line)
    return out


def _glue(above: str, line: str) -> str:
    """A wrapped line run on: Chinese without a space, Latin words with one."""
    if not (above and line):
        return above + line
    latin = all(ch.isascii() and ch.isalpha() for ch in (above[-1], line[0]))
    return above + (" " if latin else "") + line


def _cell_text(page, bbox: tuple, text: str) -> str:
    """A cell's text with the breaks its column wrapped it at removed and the breaks it
    printed kept."""
    if "\n" not in text:
        return text
    lines = [line["chars"] for line in page.crop(bbox).extract_text_lines()]
    return _join(lines, bbox[0], bbox[2]) if len(lines) > 1 else _unwrap(text)


def _join(lines: list[list[dict]], left: float, right: float) -> str:
    """The lines of one cell (their characters), between its left and right bounds, as its
    text: a line broke by wrapping when the next line's first character would not have
    fitted after it (with the punctuation that cannot start a line), inside the cell's
    padding (the least gap left of any line, at most half a character)."""
    lines = [line for line in lines if line]
    if not lines:
        return ""
    size = max(char.get("size", 0) for line in lines for char in line)
    pad = min(min(line[0]["x0"] for line in lines) - left, size / 2)
    out = "".join(char["text"] for char in lines[0]).strip()
    for above, line in pairwise(lines):
        text = "".join(char["text"] for char in line).strip()
        if above[-1]["x1"] + _unbreakable_width(line) > right - pad - 0.5:
            out = _glue(out, text)
        else:
            out += "\n" + text
    return out


NO_LINE_START = set("，。；：、！？）》」』】〕％%,.;:!?)")  # punctuation a line never starts with


def _unbreakable_width(chars: list[dict]) -> float:
    """The width of what moved down to start a line: its first character, or word or
    number (100%), with the punctuation a line cannot start with after it (务；)."""
    n = 1
    if chars[0]["text"].isascii() and chars[0]["text"].isalnum():  # a number or a word
        while n < len(chars) and chars[n]["text"].isascii() and chars[n]["text"].strip():
            n += 1
    while n < len(chars) and chars[n]["text"] in NO_LINE_START:
        n += 1
    return chars[n - 1]["x1"] - chars[0]["x0"]


def _pdf_grid(table) -> list[list[str | None]]:
    """A pdfplumber table's rows: a position its finder returns no cell for is covered by
    a merged cell, across (the cell to its left reaches over it: no cell) or down (an
    empty cell); a row ends at its last cell (positions past it, where a shorter row's
    lines stop, are no cells)."""
    texts = table.extract()
    columns = [column.bbox for column in table.columns]
    grid: list[list[str | None]] = []
    for r, row in enumerate(table.rows):
        out: list[str | None] = []
        left = None
        for c, cell in enumerate(row.cells):
            if cell is not None:
                left = cell
                out.append(_cell_text(table.page, cell, texts[r][c] or ""))
            elif left is None or left[2] < columns[c][2] - 1:
                out.append(None)  # merged down from the row above
        while out and out[-1] is None:
            out.pop()  # a row shorter than the table's widest (its lines run on): no cells
        grid.append(out)
    return grid
