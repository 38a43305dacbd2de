"""The reference facts the expectation suites check against, read from the dbt seeds so
that the gates and the warehouse agree on units, districts and framework sizes."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ecobench.config import SEEDS_DIR
from ecobench.ingest.districts import by_code, names_of
from ecobench.ingest.values import is_change


@dataclass(frozen=True)
class IndicatorRef:
    """One indicator of an assessed framework version, as a district reports on it."""

    version_id: str
    name_zh: str
    unit: str | None
    standard_raw: str
    domain_zh: str
    concept_id: str | None = None  # the crosswalk's primary concept

    @property
    def is_change(self) -> bool:
        """Its standard or its name measures a change (ΔEQI≥-1, 下降幅度): the value reported
        is signed."""
        return is_change(self.standard_raw, self.name_zh)

    @property
    def is_quantitative(self) -> bool:
        """Reported as a number: it has a unit, or its standard is a number (EQI≥70)."""
        return bool(self.unit) or bool(re.search(r"\d", self.standard_raw))


@dataclass(frozen=True)
class Reference:
    units: frozenset[str]
    # unit -> (canonical unit, factor to it), seeds/units.csv
    unit_factors: dict[str, tuple[str, float]]
    # units a value of each concept may be printed in (those converting to its canonical unit)
    concept_units: dict[str, frozenset[str]]
    # district_id (a seeded district's code) -> the names its government's documents use
    district_names: dict[str, tuple[str, ...]]
    # the frameworks seeds/frameworks.csv holds
    frameworks: frozenset[str]
    # district_id (every division's code) -> its province's code; framework_id -> the
    # province a provincial list applies in (None: a national list, every district)
    district_provinces: dict[str, str]
    framework_provinces: dict[str, str | None]
    # framework_id -> top-level indicators of the version the documents apply
    framework_sizes: dict[str, int]
    # (framework_id, seq) -> the indicator of the version the framework is assessed under
    indicators: dict[tuple[str, str], IndicatorRef]
    # concept_id -> its Chinese name (seeds/concepts.csv), for the expectations' Chinese
    concept_names_zh: dict[str, str] = field(default_factory=dict)


def _rows(seeds_dir: Path, name: str) -> list[dict[str, str]]:
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_reference(seeds_dir: Path = SEEDS_DIR) -> Reference:
    units = _rows(seeds_dir, "units")
    by_canonical: dict[str, set[str]] = defaultdict(set)
    for row in units:
        by_canonical[row["canonical_unit"]].add(row["unit"])
    concept_units = {
        row["concept_id"]: frozenset(by_canonical[row["canonical_unit"]] | {row["canonical_unit"]})
        for row in _rows(seeds_dir, "concepts")
        if row["canonical_unit"]
    }
    district_names = {
        row["district_code"]: names_of(by_code()[row["district_code"]])
        for row in _rows(seeds_dir, "districts")
    }
    assessed = {
        row["version_id"]: row["framework_id"]
        for row in _rows(seeds_dir, "framework_versions")
        if row["is_assessed"] == "true"
    }
    concepts = {
        (row["version_id"], row["seq"]): row["concept_id"]
        for row in _rows(seeds_dir, "crosswalk")
        if row["is_primary"] == "true"
    }
    tops: dict[str, set[str]] = defaultdict(set)
    indicators = {}
    for row in _rows(seeds_dir, "framework_indicators"):
        if row["version_id"] in assessed and row["is_parent"] == "false":
            tops[assessed[row["version_id"]]].add(row["seq"].split(".")[0])
            indicators[row["framework_id"], row["seq"]] = IndicatorRef(
                row["version_id"],
                row["indicator_zh"],
                row["unit"] or None,
                row["standard_raw"],
                row["domain_zh"],
                concepts.get((row["version_id"], row["seq"])),
            )
    return Reference(
        units=frozenset(row["unit"] for row in units),
        unit_factors={
            row["unit"]: (row["canonical_unit"], float(row["factor_to_canonical"])) for row in units
        },
        concept_units=concept_units,
        district_names=district_names,
        frameworks=frozenset(row["framework_id"] for row in _rows(seeds_dir, "frameworks")),
        district_provinces={code: d.province_code for code, d in by_code().items()},
        framework_provinces={
            row["framework_id"]: row.get("province_code") or None
            for row in _rows(seeds_dir, "frameworks")
        },
        framework_sizes={framework: len(seqs) for framework, seqs in tops.items()},
        indicators=indicators,
        concept_names_zh={
            row["concept_id"]: row["name_zh"] for row in _rows(seeds_dir, "concepts")
        },
    )
