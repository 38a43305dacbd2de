"""Shared shapes of expectations. Whether failing one stops the data is GX's own
`severity` (critical quarantines the file; warning is reported and lets it through); what
it protects is its `description`, in English, and the same in Chinese in its GX `meta`
(`meta={WHY_ZH: ...}`), which the quality page and a quarantine's reason_zh show."""

from __future__ import annotations

WHY_ZH = "why_zh"  # the key of an expectation's meta holding its description in Chinese


def not_null(columns: tuple[str, ...], *, severity: str, description: str, why_zh: str) -> list:
    """One not-null expectation per column, sharing what they protect."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.metadata_types import FailureSeverity

    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=column,
            severity=FailureSeverity(severity),
            description=description,
            meta={WHY_ZH: why_zh},
        )
        for column in columns
    ]
