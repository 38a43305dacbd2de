"""Reading a document and the small text helpers every parser shares.

Line numbers are 1-based positions in the file as it was delivered, so that a reviewer can
open the document at the line a value came from. Parsers work on `Line.clean` (conversion
artefacts removed); values keep `Line.text` as printed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ecobench.messages import where_zh

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
SHINGLE, SIGNATURE, MERSENNE = 5, 64, (1 << 31) - 1
CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


class ParseError(ValueError):
    """A document that cannot be read as what it claims to be; names the file and line, in
    English (`str`) and in Chinese (`zh`, for the quarantine's reason_zh)."""

    def __init__(self, source_file: str, line: int | None, message: str, message_zh: str):
        self.source_file, self.line = source_file, line
        self.message, self.message_zh = message, message_zh
        where = f"{source_file}:{line}" if line else source_file
        super().__init__(f"{where}: {message}")

    @property
    def zh(self) -> str:
        """The reason in Chinese, with the file and line: 文件.txt 第 1 行：二进制内容…"""
        return f"{where_zh(self.source_file, self.line)}：{self.message_zh}"

    def __reduce__(self):
        """Rebuilt from its parts when it crosses from the parser process (ingest/isolated.py):
        an exception is pickled by its message alone, which this constructor does not take."""
        return (type(self), (self.source_file, self.line, self.message, self.message_zh))


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
    """A decoded document: its file name (the lineage key), its lines, the encoding read."""

    source_file: str
    lines: tuple[Line, ...]
    encoding: str = "utf-8"
    # where each line stands in a file that is not plain text (`table 2, row 5, column 3`,
    # `paragraph 17`); empty for a .txt, whose line is its location
    locations: tuple[str | None, ...] = ()

    def location(self, line: int | None) -> str | None:
        """Where line `line` (1-based) stands in the file, for a file that is not text."""
        if line is None or not self.locations or not 0 < line <= len(self.locations):
            return None
        return self.locations[line - 1]

    @property
    def text(self) -> str:
        return "\n".join(line.clean for line in self.lines)

    @property
    def signature(self) -> list[int]:
        """A MinHash of the document's text (5-character shingles of its letters and
        digits, NFKC): two documents' signatures agree in about the share of shingles they
        share, so the same document in another format, or with a line added, is
        recognised (ingest of near-duplicates: ingest/intake/duplicates.py)."""
        import zlib

        import numpy as np

        letters = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", self.text))
        shingles = {letters[k : k + SHINGLE] for k in range(max(1, len(letters) - SHINGLE + 1))}
        hashes = np.array([zlib.crc32(s.encode("utf-8")) for s in shingles], dtype=np.uint64)
        rng = np.random.default_rng(2260)  # fixed: signatures compare across runs
        a = rng.integers(1, MERSENNE, SIGNATURE, dtype=np.uint64)
        b = rng.integers(0, MERSENNE, SIGNATURE, dtype=np.uint64)
        mixed = (np.outer(a, hashes % MERSENNE) + b[:, None]) % MERSENNE
        return mixed.min(axis=1).astype(np.int64).tolist()

    @property
    def content_key(self) -> str:
        """SHA-256 of the normalised text: the same document in another encoding, with
        other line endings or a BOM, has the same key."""
        body = "\n".join(norm(line.clean) for line in self.lines if not line.blank)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


# Government documents come as UTF-8 (with or without BOM) or GB18030 (a superset of GBK).
ENCODINGS = ("utf-8-sig", "gb18030")
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def decode(raw: bytes, source_file: str) -> tuple[str, str]:
    """The text of document bytes and the encoding it was read in; a ParseError names the
    file (and the line, for bytes that no encoding reads) when they are not a text."""
    if not raw.strip():
        raise ParseError(source_file, None, "the file is empty", "文件是空的")
    control = CONTROL.search(raw)
    if control:
        line = raw[: control.start()].count(b"\n") + 1
        raise ParseError(
            source_file, line, "binary content, not a text document", "二进制内容，不是文本文件"
        )
    errors = []
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError as exc:
            errors.append((raw[: exc.start].count(b"\n") + 1, encoding, exc.reason))
    line, _, reason = errors[0]
    tried = ", ".join(encoding for _, encoding, _ in errors)
    raise ParseError(
        source_file,
        line,
        f"not a text in {tried} ({reason})",
        f"不是 {tried} 编码的文本（{reason}）",
    )


def document_from_text(text: str, source_file: str, encoding: str = "utf-8") -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Document(source_file, tuple(Line(i, t) for i, t in enumerate(lines, start=1)), encoding)


def read_bytes(raw: bytes, source_file: str) -> Document:
    text, encoding = decode(raw, source_file)
    return document_from_text(text, source_file, encoding)


def read_document(path: Path) -> Document:
    return read_bytes(path.read_bytes(), path.name)


def norm(text: str) -> str:
    """Normalised form for matching only: full-width to half-width, no stray spaces."""
    return CJK_SPACE.sub("", unicodedata.normalize("NFKC", text)).strip()


def squash(text: str) -> str:
    """A name printed over several lines or with stray spaces, as one string."""
    return CJK_SPACE.sub("", re.sub(r"\s*\n\s*", "", text)).strip()
