"""Let the sheet tests import their shared builders (``sheet_factories``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "models" / "sheet"))
