"""How an expectation says whether failing it stops the data."""

from __future__ import annotations


def rule(expectation, *, blocking: bool, why: str):
    """An expectation with what it protects, and whether failing it is blocking: the
    document is quarantined. Warnings are reported and let the data through."""
    expectation.meta = {"blocking": blocking, "why": why}
    return expectation
