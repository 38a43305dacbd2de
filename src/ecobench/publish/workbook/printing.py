"""How a sheet prints: A4 upright or across, else A3 across, one page wide, its header
rows on every page, the sheet and the run above, 第 N 页，共 M 页 below."""

from __future__ import annotations

import math
from typing import NamedTuple

from ecobench.publish.workbook.sheets import Run


class Paper(NamedTuple):
    """How a sheet prints: Excel's paper code (9 A4, 8 A3), its orientation, and the scale
    at which its columns fit the page's width (the scale Excel's fit to one page wide
    prints at)."""

    code: int
    landscape: bool
    scale: float


PAPERS = {9: ("A4", 595.3, 841.9), 8: ("A3", 841.9, 1190.6)}  # short and long side, points


SIDE_MARGIN = 0.4  # inches, left and right


# the least scale a sheet prints at on A4 (11 pt text at 8 pt); a wider sheet takes A3
LEGIBLE = 0.75


FIT_FLOOR = 0.10  # Excel prints no smaller: a sheet wider than this spills across pages


def column_points(width: float) -> float:
    """The printed width of a column `width` characters wide: Excel draws 7 pixels a
    character and 5 of padding, and prints 96 pixels an inch (72 points)."""
    return (math.floor(width * 7 + 0.5) + 5) * 0.75


def printable(code: int, landscape: bool) -> float:
    """The width in points within the side margins of a paper."""
    _, short, long = PAPERS[code]
    return (long if landscape else short) - 2 * SIDE_MARGIN * 72


def paper_for(points: float) -> Paper:
    """A4 upright when the columns fit at full size; A4 across when they fit at a legible
    scale; else A3 across, at whatever scale fits (the widest sheets print small)."""
    for code, landscape, least in ((9, False, 1.0), (9, True, LEGIBLE), (8, True, 0.0)):
        scale = min(1.0, printable(code, landscape) / points)
        if scale >= least:
            break
    return Paper(code, landscape, scale)


def print_setup(sheet, widths: list[int], name: str, run: Run, header_rows: int) -> Paper:
    """Every sheet prints as it is: its paper by its width, one page wide, its header rows
    on every page, the run in the page header and the page number in the footer."""
    paper = paper_for(sum(column_points(width) for width in widths))
    sheet.set_paper(paper.code)
    if paper.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.75, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_rows - 1)
    sheet.set_header(
        f"&L{_escaped(name)}&R生态文明建设指标对标数据 · 刷新批次 {_escaped(run.run_id)}"
        f" · 生成于 {run.generated}（北京时间）"
    )
    sheet.set_footer(f"&Lecobench.xlsx · {_escaped(name)}&C第 &P 页，共 &N 页")
    return paper


def _escaped(text: str) -> str:
    """Text as a page header prints it: & starts a header's codes (&P, &N), && is an &."""
    return text.replace("&", "&&")
