"""What dbt's manifest says of the published marts, for the writers that need more than
the tables: the column by which a mart's rows are each district's own.

A mart whose rows are each district's own (one new submission changes that district's
rows only) says so in its yml, `config: {meta: {district_key: district_id}}`; dbt writes it
into `manifest.json` in its target path (warehouse.run_dbt: `<build>/../target`, which is
also the docs folder a refresh hands the exports, and which they copy into
`dbt_docs/`). Nothing here lists tables by hand: a new per-district mart is tagged in its
yml."""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "manifest.json"
DISTRICT_KEY = "district_key"


def district_keys(manifest: Path) -> dict[str, str]:
    """table -> the column that holds its district, for every model tagged with
    `meta: {district_key: ...}` in the manifest; empty when there is no manifest to read
    (a first export with no dbt docs): then every table is taken whole."""
    try:
        nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
    except (OSError, ValueError):
        return {}
    keys = {}
    for node in nodes.values():
        if node.get("resource_type") != "model":
            continue
        meta = {**node.get("meta", {}), **node.get("config", {}).get("meta", {})}
        if meta.get(DISTRICT_KEY):
            keys[node.get("alias") or node["name"]] = str(meta[DISTRICT_KEY])
    return dict(sorted(keys.items()))
