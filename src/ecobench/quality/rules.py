"""How an expectation says whether failing it stops the data."""

from __future__ import annotations


def rule(expectation, *, blocking: bool, why: str):
    """An expectation with what it protects, and whether failing it is blocking: the
    document is quarantined. Warnings are reported and let the data through."""
    expectation.meta = {"blocking": blocking, "why": why}
    return expectation


def not_null(columns: tuple[str, ...], *, blocking: bool, why: str):
    """One not-null expectation per column, sharing what they protect."""
    import great_expectations.expectations as gxe

    return [
        rule(gxe.ExpectColumnValuesToNotBeNull(column=column), blocking=blocking, why=why)
        for column in columns
    ]
