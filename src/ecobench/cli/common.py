"""What the commands share: the console they tell the user on (stderr; stdout is for
the rows and figures a command prints)."""

from __future__ import annotations

from rich.console import Console

console = Console(stderr=True)
