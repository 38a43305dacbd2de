"""Taking a document in: archive its bytes, decode, parse, and decide what becomes of it.

Every document delivered is archived by the SHA-256 of its bytes before anything else, so
that every published fact can be traced to the exact bytes it came from. A document that
cannot be decoded or parsed is quarantined with the reason (file and line); the same
document delivered twice, or in two encodings, is recognised by its normalised content and
taken once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ecobench.ingest.document import ParsedDocument, parse_text
from ecobench.ingest.text import ParseError, read_bytes

ACCEPTED, QUARANTINED, DUPLICATE = "accepted", "quarantined", "duplicate"


@dataclass
class Intake:
    """One delivered file and what became of it."""

    source_file: str
    sha256: str
    n_bytes: int
    archived_as: str
    encoding: str | None = None
    content_sha256: str | None = None
    parsed: ParsedDocument | None = field(default=None, repr=False)
    outcome: str = ACCEPTED
    reason: str | None = None
    offending_rows: list[dict] = field(default_factory=list)
    duplicate_of: str | None = None

    def quarantine(self, reason: str, offending_rows: list[dict] | None = None) -> None:
        self.outcome, self.reason = QUARANTINED, reason
        self.offending_rows = offending_rows or []
        self.parsed = None

    def manifest(self) -> dict:
        keys = (
            "source_file",
            "sha256",
            "n_bytes",
            "archived_as",
            "encoding",
            "content_sha256",
            "outcome",
            "reason",
            "offending_rows",
            "duplicate_of",
        )
        return {key: getattr(self, key) for key in keys}


def archive_bytes(raw: bytes, suffix: str, archive_dir: Path) -> tuple[str, Path]:
    """Store the bytes under their SHA-256 (once; an identical delivery is the same file)."""
    digest = hashlib.sha256(raw).hexdigest()
    target = archive_dir / "documents" / f"{digest}{suffix}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, target)
    return digest, target


def take_in(path: Path, archive_dir: Path) -> Intake:
    """Archive, decode and parse one file; never raises for what the file holds."""
    raw = path.read_bytes()
    digest, archived = archive_bytes(raw, path.suffix, archive_dir)
    intake = Intake(path.name, digest, len(raw), str(archived.relative_to(archive_dir)))
    try:
        doc = read_bytes(raw, path.name)
        intake.encoding, intake.content_sha256 = doc.encoding, doc.content_key
        intake.parsed = parse_text(doc, digest)
    except ParseError as exc:
        intake.quarantine(str(exc), [{"source_file": path.name, "source_line": exc.line}])
    except Exception as exc:  # noqa: BLE001 - whatever a file does to a parser, it is the file's
        intake.quarantine(f"{path.name}: the parser failed on it ({type(exc).__name__}: {exc})")
    return intake


def deduplicate(intakes: list[Intake]) -> list[Intake]:
    """Mark every accepted document whose normalised content an earlier one (in file-name
    order) already has: the same document twice is counted once."""
    first: dict[str, str] = {}
    for intake in sorted(intakes, key=lambda i: i.source_file):
        if intake.outcome != ACCEPTED:
            continue
        if intake.content_sha256 in first:
            intake.outcome, intake.duplicate_of = DUPLICATE, first[intake.content_sha256]
            intake.reason = f"same content as {intake.duplicate_of} (normalised text)"
            intake.parsed = None
        else:
            first[intake.content_sha256] = intake.source_file
    return intakes
