"""Quality gates: what a document must be to land, and what the marts must be to publish."""
