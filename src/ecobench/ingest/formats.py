"""Documents as offices publish them: a web page (.html/.htm), a Word file (.docx) or a
PDF, read from the file's own structure, beside the plain text (.txt) of a converted page.

Each reader renders its file into the one row model every parser reads, a `Document` of
lines: running text a paragraph a line, and each table as the indent-led layout (a cell a
line led by a tab, a blank line after each row), a merged cell (rowspan, colspan, a Word
vertical or horizontal merge) printed as the empty cell the table reader takes for merged.
Every line keeps where it stands in the file (`table 2, row 5, column 3`, `paragraph 17`,
`page 4, line 12`, `page 12, table 1, row 3, column 4`),
which lands as `source_location` beside `source_line`, so a reviewer finds a value in the
file itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

from ecobench.ingest.text import Document, Line, ParseError, decode, document_from_text

HTML_SUFFIXES = (".html", ".htm")
WORD_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
TEXT_SUFFIXES = (".txt",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES
BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section"}
SKIPPED = {"script", "style", "head"}


def read_document_bytes(raw: bytes, source_file: str) -> Document:
    """The document a file holds, by its kind (its suffix)."""
    suffix = "." + source_file.rsplit(".", 1)[-1].lower() if "." in source_file else ""
    if suffix in HTML_SUFFIXES:
        text, encoding = decode(raw, source_file)
        return rendered(source_file, html_blocks(text), encoding)
    if suffix in WORD_SUFFIXES:
        return rendered(source_file, docx_blocks(raw, source_file), "docx")
    if suffix in PDF_SUFFIXES:
        return rendered(source_file, pdf_blocks(raw, source_file), "pdf")
    text, encoding = decode(raw, source_file)
    return document_from_text(text, source_file, encoding)


# ------------------------------------------------------------------ one row model
Block = tuple[str, Any]  # ("text", (line, location)) or ("table", [[(cell, location)]])


def rendered(source_file: str, blocks: list[Block], encoding: str) -> Document:
    """Text blocks a line each; a table's rows in the indent-led layout, merged cells
    empty; every line with its location in the file."""
    lines: list[tuple[str, str | None]] = []
    for kind, content in blocks:
        if kind == "text":
            lines.append(content)
            continue
        lines.append(("", None))
        for row in content:
            for text, location in row:
                first, *more = text.split("\n") or [""]
                lines.append(("\t" + first, location))
                lines += [(part, location) for part in more if part.strip()]
            lines.append(("", None))
    return Document(
        source_file,
        tuple(Line(k, text) for k, (text, _) in enumerate(lines, start=1)),
        encoding,
        tuple(location for _, location in lines),
    )


SPANNED = object()  # a grid position a cell to its left covers (colspan): no cell of its own


def _spanned(rows: list[list[tuple[str, int, int]]]) -> list[list[Any]]:
    """Rows of cells from rows of (text, rowspan, colspan), as the text layout prints a
    merged table: a cell that a rowspan covers is an empty (None) cell, one that a colspan
    covers is no cell (a name printed across two columns is one cell)."""
    grid: dict[tuple[int, int], object] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(max(rowspan, 1)):
                for dc in range(max(colspan, 1)):
                    grid[r + dr, c + dc] = (
                        text if (dr, dc) == (0, 0) else (None if dc == 0 else SPANNED)
                    )
            c += max(colspan, 1)
    widths = {r: 1 + max(c for rr, c in grid if rr == r) for r, _ in grid}
    return [
        [cell for c in range(widths.get(r, 0)) if (cell := grid.get((r, c))) is not SPANNED]
        for r in range(len(rows))
    ]


def _table_block(grid: list[list[str | None]], k: int, page: str = "") -> Block:
    return (
        "table",
        [
            [
                ("" if text is None else text, f"{page}table {k}, row {r + 1}, column {c + 1}")
                for c, text in enumerate(row)
            ]
            for r, row in enumerate(grid)
        ],
    )


# ------------------------------------------------------------------------- HTML
class _Page(HTMLParser):
    """Blocks of a web page: its text by block element, its <table>s as grids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[list[list[tuple[str, int, int]]]] = []  # open tables (nested)
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.n_tables = self.n_paragraphs = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skip += 1
        elif tag == "table":
            self._flush()
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._close_cell()  # HTML may leave a cell or row unclosed
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._close_cell()
            values = dict(attrs)
            self.cell, self.span = [], (_int(values.get("rowspan")), _int(values.get("colspan")))
        elif tag in BLOCKS:
            self._newline()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "table" and self.tables:
            self._close_cell()
            rows = self.tables.pop()
            self.n_tables += 1
            self.blocks.append(_table_block(_spanned([r for r in rows if r]), self.n_tables))
        elif tag in BLOCKS:
            self._newline()

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.tables:
            self.text.append(data)

    def _close_cell(self) -> None:
        if self.cell is None or not self.tables:
            return
        text = "\n".join(p.strip() for p in "".join(self.cell).split("\n") if p.strip())
        if not self.tables[-1]:
            self.tables[-1].append([])
        self.tables[-1][-1].append((text, *self.span))
        self.cell = None

    def _newline(self) -> None:
        if self.cell is not None:
            self.cell.append("\n")
        else:
            self._flush()

    def _flush(self) -> None:
        for line in "".join(self.text).split("\n"):
            if line.strip():
                self.n_paragraphs += 1
                self.blocks.append(("text", (line.strip(), f"paragraph {self.n_paragraphs}")))
        self.text = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(text: str) -> list[Block]:
    page = _Page()
    page.feed(text)
    page.close()
    return page.blocks


def _int(value: str | None) -> int:
    return int(value) if value and re.fullmatch(r"\d{1,3}", value.strip()) else 1


# ------------------------------------------------------------------------- Word
def docx_blocks(raw: bytes, source_file: str) -> list[Block]:
    """The body of a Word file in order: paragraphs, and tables with their merged cells
    (a cell python-docx returns again for a vertical or horizontal merge) left empty."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise ParseError(
            source_file,
            None,
            f"not a readable .docx file ({exc})",
            f"无法作为 .docx 文件读取（{exc}）",
        ) from exc
    blocks: list[Block] = []
    n_paragraphs = n_tables = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            for line in text.split("\n"):
                if line.strip():
                    n_paragraphs += 1
                    blocks.append(("text", (line.strip(), f"paragraph {n_paragraphs}")))
        elif tag == "tbl":
            n_tables += 1
            table = Table(child, document)
            grid: list[list[str | None]] = []
            above: list = []
            for row in table.rows:
                cells = row.cells
                out: list[str | None] = []
                for c, cell in enumerate(cells):
                    if c > 0 and cells[c - 1]._tc is cell._tc:
                        continue  # a horizontal merge: one cell across two columns
                    vertical = c < len(above) and above[c] is cell._tc
                    out.append(None if vertical else cell.text)  # merged down: empty
                grid.append(out)
                above = [cell._tc for cell in cells]
            blocks.append(_table_block(grid, n_tables))
    return blocks


# -------------------------------------------------------------------------- PDF
def pdf_blocks(raw: bytes, source_file: str) -> list[Block]:
    """The pages of a PDF in reading order: its tables from the page's ruling lines
    (pdfplumber's table finder), a cell merged down left empty and one merged across no
    cell, as in a web page; the text outside the tables a line each, top to bottom. A
    table that runs on to the next page is one table (a header it repeats there is
    dropped), and the row the page break cuts, unruled at the foot of one page and the
    head of the next, is put together again, each character in the column it stands in.
    A paragraph the page wraps (a line running to the right edge, the next close below
    it) is one line again, at the location of its first."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:
        raise ParseError(
            source_file,
            None,
            f"not a readable .pdf file ({exc})",
            f"无法作为 .pdf 文件读取（{exc}）",
        ) from exc
    blocks: list[Block] = []
    running: _Running | None = None  # the table the last page ended with
    cut: list[tuple[dict, str]] = []  # lines of the row a page break cuts, with locations
    n_tables = 0
    with pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            # a line in no cell of a table (the part of a row a page break cut, whose cells
            # the finder cannot close) is read as a line, never dropped
            cells = [cell for t in tables for row in t.rows for cell in row.cells if cell]
            placed = [(t.bbox[1], t) for t in tables] + [
                (line["top"], line)
                for line in page.extract_text_lines()
                if line["text"].strip() and not any(_inside(line, cell) for cell in cells)
            ]
            placed.sort(key=lambda item: item[0])
            right = max((i["x1"] for _, i in placed if isinstance(i, dict)), default=0)
            full = None  # the last text line, when it ran to the right edge (wrapped)
            n_lines, seen = 0, False
            for k, (_, item) in enumerate(placed):
                if isinstance(item, dict):  # a line of text
                    n_lines += 1
                    where = f"page {page.page_number}, line {n_lines}"
                    at_foot = seen and all(isinstance(i, dict) for _, i in placed[k:])
                    if running and (at_foot or not seen) and _in_columns(item, running.columns):
                        cut.append(({**item, "page": page}, where))
                        continue
                    blocks += [("text", (line["text"].strip(), w)) for line, w in cut]
                    if (
                        full is not None
                        and not cut
                        and blocks
                        and blocks[-1][0] == "text"
                        and _follows(full, item)
                    ):
                        text, first = blocks[-1][1]  # a paragraph the page wrapped: one line
                        blocks[-1] = ("text", (text + item["text"].strip(), first))
                    else:
                        blocks.append(("text", (item["text"].strip(), where)))
                    full = item if _runs_to(item, right) else None
                    cut, running = [], None
                    continue
                full = None
                grid = _pdf_grid(item)
                at = f"page {page.page_number}, "
                if running is not None and not seen:  # the last page's table runs on
                    if grid and grid[0] == running.header:
                        grid = grid[1:]  # its header printed again
                    if cut:
                        split = f"page {page.page_number - 1}-{page.page_number}, "
                        running.rows.append(_row_of(cut, running.columns, split, running.k))
                    running.rows += _table_block(grid, running.k, at)[1]
                else:
                    blocks += [("text", (line["text"].strip(), w)) for line, w in cut]
                    n_tables += 1
                    block = _table_block(grid, n_tables, at)
                    blocks.append(block)
                    running = _Running(block[1], grid[0] if grid else [], n_tables)
                running.columns = [column.bbox for column in item.columns]
                cut, seen = [], True
            if not seen:
                running = None
    blocks += [("text", (line["text"].strip(), w)) for line, w in cut]
    return blocks


@dataclass
class _Running:
    rows: list
    header: list
    k: int
    columns: list = field(default_factory=list)


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
