"""Shared shapes of expectations. Whether failing one stops the data is GX's own
`severity` (critical quarantines the file; warning is reported and lets it through), and
what it protects is its `description`."""

from __future__ import annotations


def not_null(columns: tuple[str, ...], *, severity: str, description: str) -> list:
    """One not-null expectation per column, sharing what they protect."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.metadata_types import FailureSeverity

    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=column, severity=FailureSeverity(severity), description=description
        )
        for column in columns
    ]
