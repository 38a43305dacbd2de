"""Indicator tables, whatever layout a document prints them in: one reader for all.

The reader is a pipeline of small stages, after pdfplumber's TableFinder, one module each:

1. **layouts → candidate tables** (`layouts/`, one module per layout with the same
   `find(doc)`). A table is found by its header: a run of short cells whose words name
   column roles (`seeds/column_roles.csv`), in any of the layouts text conversions of the
   same table take:
   * *indent-led* (`indent`): every cell a line led by a tab (or by spaces, when the
     tabs were turned into spaces), a cell may continue on unindented lines, a row ends
     at a blank line (001 表3-1/表3-2);
   * *delimited* (`delimited`): one row per line, cells between `|` or `│`, or columns
     aligned by runs of spaces;
   * *pipe-marked* (`pipe_marked`): a web page's table as one cell per line with a pipe
     marking each cell, `| cell` (a lone `|` ends the row) or `cell |` (rows cut at
     binding cells), a cell running on over several lines, a header in two rows;
   * *one cell per line* (`lines`): no separators at all (004 附件2, a provincial list as
     published);
   * *glued* (`glued`): a row's cells written together on one line, told apart by what
     they hold.
2. **cells → rows** (`rows/`). Positional layouts map cells to the header's columns, a row
   anchored at its sequence number (cells merged down from the row above are missing
   before it) or, with no sequence column, at its right end (extra cells before it are
   group labels); a row split by a blank line is joined again. Cell streams are cut into
   rows at sequence numbers and binding cells, and the cells between are told apart by
   what they are (unit, value, region variant, condition, sub-indicator name).
3. **column roles** (`roles`) come from the header words and, where a header word is
   unknown, from what the column holds (约束性/参考性/预期性 is binding, 达标/不达标/Y/N is a
   verdict, 1 / 1. / (1) / 一、 is a sequence number).
4. **rows → facts** (`facts`): one `IndicatorValue` per printed value, under the
   framework `ingest/framework_tables.py` recognises.

Nothing is dropped without a word: an irregular row keeps what can be read, with a
`parse_issue` naming the line; a header with no rows, a column of unknown role and a table
cut off are `Issue`s, reported as located warnings. No stage raises for what a document
holds. All tunables are in `TableSettings` (`settings`).
"""

from __future__ import annotations

from ecobench.ingest.tables.facts import facts, footnote_years, map_rows
from ecobench.ingest.tables.layouts.delimited import display_width
from ecobench.ingest.tables.layouts.glued import glued_cells
from ecobench.ingest.tables.layouts.indent import indent_blocks, join_split_rows
from ecobench.ingest.tables.model import Cell, Heading, Issue, Row, Table
from ecobench.ingest.tables.reader import read_tables
from ecobench.ingest.tables.roles import BINDING, VERDICTS, column_role, parse_seq
from ecobench.ingest.tables.settings import SETTINGS, TableSettings

__all__ = [
    "BINDING",
    "SETTINGS",
    "VERDICTS",
    "Cell",
    "Heading",
    "Issue",
    "Row",
    "Table",
    "TableSettings",
    "column_role",
    "display_width",
    "facts",
    "footnote_years",
    "glued_cells",
    "indent_blocks",
    "join_split_rows",
    "map_rows",
    "parse_seq",
    "read_tables",
]
