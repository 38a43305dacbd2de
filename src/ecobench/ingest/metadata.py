"""Document metadata: title, 文号, issuing body and date (the district: recognition.py).

Read from the document head as printed: labelled fields of a web page (`发布机构:`,
`发文日期:`, `来源:`, `发布时间:`) win over the notice's own lines (`红谷滩区人民政府办公室
关于印发…的通知`, the date under the signature). Stray text where the issuing body should be
(`bet36365办公室`) is kept as printed; judging it is the quality gate's job.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypedDict

from ecobench.ingest.text import Document, ParseError, norm

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号)")
LABELLED_DATE = re.compile(r"(?:发文日期|发布时间|成文日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
PRINTED_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
LABELLED_BODY = re.compile(r"(?:发布机构|来源)\s*[:：]\s*(\S+)")
NOTICE = re.compile(
    r"(?:号)?(?P<body>[^号\s]*?)关于(?:印发)?(?P<title>.+?)(?:的通知|征求意见的公告)"
)
HEAD_LINES = 40


def _head(doc: Document) -> str:
    lines = [norm(line.clean) for line in doc.lines[:HEAD_LINES] if not line.blank]
    return "".join(lines)


class Metadata(TypedDict):
    title: str
    doc_number: str | None
    issuing_body: str | None
    issued_date: str | None  # ISO date


def read_metadata(doc: Document) -> Metadata:
    head = _head(doc)
    notice = NOTICE.search(head)
    if notice:  # `…关于印发《title》的通知`: the title of the document issued
        title = notice["title"].split("《")[-1] if "《" in notice["title"] else notice["title"]
    else:  # a document published without its notice: its first line of text is its title
        title = next((norm(line.clean) for line in doc.lines if not line.blank), "")
    if not title:
        raise ParseError(doc.source_file, None, "no title in the document head", "文件开头没有标题")
    labelled = "\n".join(unicodedata.normalize("NFKC", ln.clean) for ln in doc.lines[:HEAD_LINES])
    body = LABELLED_BODY.search(labelled)
    issuing_body = body.group(1) if body else (notice["body"] or None) if notice else None
    number = DOC_NUMBER.search(head)
    date = None
    if match := LABELLED_DATE.search(labelled):
        date = match.groups()
    else:
        for line in doc.lines:
            if match := PRINTED_DATE.match(norm(line.clean)):
                date = match.groups()
                break
    return {
        "title": title.strip("《》"),
        "doc_number": number.group(1) if number else None,
        "issuing_body": issuing_body,
        "issued_date": f"{int(date[0]):04d}-{int(date[1]):02d}-{int(date[2]):02d}"
        if date
        else None,
    }
