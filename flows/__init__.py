"""Prefect flows: they only orchestrate; the work is in src/ecobench."""
