"""Glued cells: a row's cells written together on one line (a page that ran its table
together), told apart by what they hold; the header is one word of known labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ecobench.ingest.tables.layouts.base import Stream
from ecobench.ingest.tables.model import Cell
from ecobench.ingest.tables.roles import BINDING, column_role, column_words, is_header, parse_seq
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import Document
from ecobench.ingest.values import REGIONS, unit_pattern

MID_SEQ = re.compile(
    r"(?<=[\u4e00-\u9fff])(\d{1,2})(?=[\u4e00-\u9fff])|^(\d{1,2})(?=[\u4e00-\u9fff])"
)


def find(doc: Document) -> Iterator[Stream]:
    for k, line in enumerate(doc.lines):
        found = glued_header(line.clean.strip())
        if found is None or not is_header([column_role(label) for label in found[0]]):
            continue
        labels, rest = found
        head = [Cell(label, line.number) for label in labels]
        stream = [Cell(text, line.number) for text in glued_cells(rest)]
        for later in doc.lines[k + 1 :]:
            if later.blank:
                continue
            stream += [Cell(text, later.number) for text in glued_cells(later.clean)]
        yield Stream(head, split_glued_seqs(stream), "glued")


def glued_header(text: str) -> tuple[list[str], str] | None:
    """A header written as one word (`序号指标名称单位指标值指标属性`), alone on its line
    or inside a paragraph the page ran together (`…(二)建设指标指标单位指标值指标属性资源
    节约利用1单位GDP能耗…`): its labels and the text after it. The longest run of known
    header words naming no role twice is the header."""
    pattern = _header_word_pattern()
    if len(pattern.findall(text)) < SETTINGS.min_header_cells:
        return None
    best: tuple[list[str], int] | None = None
    for start in range(len(text)):
        out, at = _header_words_at(pattern, text, start)
        if len(out) >= SETTINGS.min_header_cells and (best is None or len(out) > len(best[0])):
            best = (out, at)
    return (best[0], text[best[1] :]) if best else None


def _header_words_at(pattern: re.Pattern[str], text: str, start: int) -> tuple[list[str], int]:
    """The header words written one after another from `start`, none naming a role twice,
    and where they end."""
    out: list[str] = []
    at = start
    while match := pattern.match(text, at):
        word = match.group(0)
        if column_role(word) in (column_role(w) for w in out):
            break
        out.append(word)
        at = match.end()
    return out, at


@cache
def _header_word_pattern() -> re.Pattern[str]:
    """The words that name a column alone: a glued header has no year to read."""
    return re.compile("|".join(re.escape(word) for word, _ in column_words()))


def split_glued_seqs(stream: list[Cell]) -> list[Cell]:
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
        rf"|(?P<region>(?<=[\u4e00-\u9fff])(?:{REGIONS})(?=[^\u4e00-\u9fff]|$|{unit_pattern()}))"
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
