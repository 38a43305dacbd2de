"""Taking a document in: archive its bytes, decode, parse, and decide what becomes of it.

Every document delivered is archived by the SHA-256 of its bytes before anything else, so
that every published fact can be traced to the exact bytes it came from. A document that
cannot be decoded or parsed is quarantined with the reason (file and line); the same
document delivered twice, or in two encodings, is recognised by its normalised content and
taken once.

A file taken in before, with the same bytes under the same name, is not parsed again: its
rows, once they passed the gate, are kept under `archive/parsed/<fingerprint>/`, where the
fingerprint covers the parsers, the expectation suites and the seeds, so that changing any
of them parses and validates everything again.

The package: `model` (an Intake and its outcomes), `take` (archive, refuse, parse, admit),
`cache` (the parse cache) and `duplicates` (the same document once); the names below are
what the flow and the gates use.
"""

from ecobench.ingest.intake.cache import cache_path, fingerprint
from ecobench.ingest.intake.duplicates import count_once, deduplicate
from ecobench.ingest.intake.model import (
    ACCEPTED,
    DOCUMENT,
    DOCUMENT_SUFFIXES,
    DUPLICATE,
    IGNORED,
    QUARANTINED,
    SUBMISSION,
    SUPERSEDED,
    SYNTHETIC_REFUSED,
    SYNTHETIC_REFUSED_ZH,
    Intake,
)
from ecobench.ingest.intake.take import (
    admit,
    archive_bytes,
    batches,
    built_from,
    refusal,
    take_in,
    take_in_batch,
)

__all__ = [
    "ACCEPTED",
    "DOCUMENT",
    "DOCUMENT_SUFFIXES",
    "DUPLICATE",
    "IGNORED",
    "QUARANTINED",
    "SUBMISSION",
    "SUPERSEDED",
    "SYNTHETIC_REFUSED",
    "SYNTHETIC_REFUSED_ZH",
    "Intake",
    "admit",
    "archive_bytes",
    "batches",
    "built_from",
    "cache_path",
    "count_once",
    "deduplicate",
    "fingerprint",
    "refusal",
    "take_in",
    "take_in_batch",
]
