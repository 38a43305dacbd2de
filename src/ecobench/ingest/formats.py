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
from html.parser import HTMLParser

from ecobench.ingest.blocks import Block, rendered, spanned, table_block
from ecobench.ingest.pdf import pdf_blocks
from ecobench.ingest.text import Document, ParseError, decode, document_from_text

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
            self.blocks.append(table_block(spanned([r for r in rows if r]), self.n_tables))
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
            blocks.append(table_block(grid, n_tables))
    return blocks
