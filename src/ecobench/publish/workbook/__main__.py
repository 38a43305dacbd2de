"""The workbook of a warehouse, written in a process of its own while the other exports run
(run.py): python -m ecobench.publish.workbook WAREHOUSE PATH."""

import sys
from pathlib import Path

from ecobench.publish.workbook import write_workbook_of

write_workbook_of(Path(sys.argv[1]), Path(sys.argv[2]))
