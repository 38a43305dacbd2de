"""Shared shapes of expectations. Whether failing one stops the data is GX's own
`severity` (critical quarantines the file; warning is reported and lets it through), and
what it protects is its `description`."""

from __future__ import annotations


def not_null(columns: tuple[str, ...], *, severity: str, description: str):
    """One not-null expectation per column, sharing what they protect."""
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToNotBeNull(column=column, severity=severity, description=description)
        for column in columns
    ]
