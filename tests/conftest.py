"""Shared fixtures: small real excerpts of the documents, and the five documents themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecobench import config  # noqa: F401 - telemetry off before anything else loads
from ecobench.ingest.text import Document, read_document

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = Path(__file__).parents[1] / "data" / "sources"


@pytest.fixture
def excerpt():
    def load(name: str) -> Document:
        return read_document(FIXTURES / name)

    return load


@pytest.fixture(scope="session")
def source():
    def load(prefix: str) -> Document:
        return read_document(next(SOURCES.glob(f"{prefix}_*.txt")))

    return load
