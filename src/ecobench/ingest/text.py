"""Reading a document and the small text helpers every parser shares.

Line numbers are 1-based positions in the file as it was delivered, so that a reviewer can
open the document at the line a value came from. Parsers work on `Line.clean` (conversion
artefacts removed); values keep `Line.text` as printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


class ParseError(ValueError):
    """A document that cannot be read as what it claims to be; names the file and line."""

    def __init__(self, source_file: str, line: int | None, message: str):
        self.source_file, self.line = source_file, line
        where = f"{source_file}:{line}" if line else source_file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Line:
    number: int
    text: str

    @property
    def clean(self) -> str:
        return BOOKMARK.sub("", self.text)

    @property
    def blank(self) -> bool:
        return self.clean.strip() == ""


@dataclass(frozen=True)
class Document:
    """A decoded document: its file name (the lineage key) and its lines."""

    source_file: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.clean for line in self.lines)


def decode(raw: bytes, source_file: str) -> str:
    """Decode document bytes: UTF-8 (with or without BOM)."""
    if not raw.strip():
        raise ParseError(source_file, None, "the file is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(source_file, line, f"not valid UTF-8 text ({exc.reason})") from exc


def document_from_text(text: str, source_file: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Document(source_file, tuple(Line(i, t) for i, t in enumerate(lines, start=1)))


def read_document(path: Path) -> Document:
    return document_from_text(decode(path.read_bytes(), path.name), path.name)


def norm(text: str) -> str:
    """Normalised form for matching only: full-width to half-width, no stray spaces."""
    return CJK_SPACE.sub("", unicodedata.normalize("NFKC", text)).strip()


def squash(text: str) -> str:
    """A name printed over several lines or with stray spaces, as one string."""
    return CJK_SPACE.sub("", re.sub(r"\s*\n\s*", "", text)).strip()
